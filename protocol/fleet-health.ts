// Fleet health: what a kiosk host tells the hub about itself, sent as `health.report` on its
// signaling socket (assist-signaling.ts) on every change (debounced) and as a heartbeat.
// Facts only — device states, counts, ages, byte sizes — never a transaction, card or
// customer value: the hub stores each report and shows it to operations staff.
import { z } from 'zod';
import { isStorableTimestamp } from './storable-values.js';

export const FLEET_HEALTH = {
  /** The kiosk repeats its latest report this often even when nothing changed. */
  heartbeatSec: 60,
  /** Changes within this window travel as one report. */
  debounceMs: 1_000,
  maxDevices: 32,
} as const;

const isoTime = z.iso.datetime({ offset: true }).refine(isStorableTimestamp, 'must have a year after 0000 and a UTC offset within ±15:59');
const count = z.number().int().nonnegative();
const bytes = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const deviceHealthStateSchema = z.enum(['offline', 'ready', 'busy', 'attention', 'error']);
export type DeviceHealthState = z.infer<typeof deviceHealthStateSchema>;

/** A stable code such as `paper-out`; free-form so a new device class needs no protocol change. */
export const deviceReasonSchema = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/);

export const reportedDeviceSchema = z
  .object({
    role: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/),
    /** `receipt-printer`, `card-reader`, `id-reader`, `barcode-scanner`, `card-dispenser`, … */
    kind: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
    state: deviceHealthStateSchema,
    reason: deviceReasonSchema.optional(),
    since: isoTime,
  })
  .strict();
export type ReportedDevice = z.infer<typeof reportedDeviceSchema>;

export const healthReportSchema = z
  .object({
    /** The host's software version. */
    version: z.string().min(1).max(64),
    /** When this host process started: a new value is a restart (the hub counts them for crash loops). */
    startedAt: isoTime,
    /** The kiosk's clock when it built the report. */
    at: isoTime,
    devices: z.array(reportedDeviceSchema).max(FLEET_HEALTH.maxDevices),
    outbox: z
      .object({
        backlog: count,
        oldestPendingAt: isoTime.nullable(),
        lastSyncAt: isoTime.nullable(),
        /** Transactions the hub refused (dead letters). */
        rejected: count,
      })
      .strict(),
    host: z
      .object({
        diskFreeBytes: bytes.nullable(),
        diskTotalBytes: bytes.nullable(),
        memFreeBytes: bytes,
        memTotalBytes: bytes,
        uptimeSec: count,
      })
      .strict(),
  })
  .strict();
export type HealthReport = z.infer<typeof healthReportSchema>;
