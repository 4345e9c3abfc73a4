// The technician's channel into a running host (kioskctl): newline-delimited JSON over a
// unix socket that only the kiosk user can open. Requests are checked by the host, answers
// by kioskctl: both ends parse with the schemas below.
import { z } from 'zod';

const role = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'a device role (lower-case letters, digits and -)');
export const pinPadKeySchema = z.union([z.string().regex(/^\d{1,12}$/, 'digits'), z.enum(['enter', 'cancel', 'clear', 'backspace'])]);
export const pinPadResultSchema = z.object({ role: z.string(), entryActive: z.boolean(), digits: z.number().int() });
export const swipeCardSchema = z.string().regex(/^(K\d{4}|\d{12,19})$/, 'a demo card (K1002) or a card number');
export const swipeResultSchema = z.object({ role: z.string(), card: z.string() });
export const scanResultSchema = z.object({ role: z.string() });
/** The demo bank's ID card holders (hub/banking/README.md), the sample card (born 1949: priority by age), or lift the card. */
export const idCardChoiceSchema = z.enum(['zhang-wei', 'li-na', 'sample', 'remove']);
export const idCardResultSchema = z.object({ role: z.string(), placed: z.string().nullable() });
export const maintenanceResultSchema = z.object({ maintenance: z.boolean() });

export const adminRequestSchema = z.discriminatedUnion('cmd', [
  z.object({ id: z.number().int(), cmd: z.literal('devices') }).strict(),
  z.object({ id: z.number().int(), cmd: z.literal('monitor') }).strict(),
  z.object({ id: z.number().int(), cmd: z.literal('print-test'), role: role.optional() }).strict(),
  z.object({ id: z.number().int(), cmd: z.literal('status') }).strict(),
  z.object({ id: z.number().int(), cmd: z.literal('diag') }).strict(),
  z.object({ id: z.number().int(), cmd: z.literal('retry'), role }).strict(),
  /** Keys pressed on a simulated PIN pad of the running host, in order: digit runs or key names. */
  z.object({ id: z.number().int(), cmd: z.literal('pinpad'), role: role.optional(), keys: z.array(pinPadKeySchema).min(1).max(16) }).strict(),
  /** A card swiped on the running host's simulated card reader: a demo card id (K1002) or a card number. */
  z.object({ id: z.number().int(), cmd: z.literal('swipe'), role: role.optional(), card: swipeCardSchema }).strict(),
  /** A China ID card placed on (or lifted from) the running host's simulated ID reader. */
  z.object({ id: z.number().int(), cmd: z.literal('idcard'), role: role.optional(), card: idCardChoiceSchema }).strict(),
  /** A code read by the running host's simulated barcode scanner (e.g. a bill's QR text). */
  z.object({ id: z.number().int(), cmd: z.literal('scan'), role: role.optional(), text: z.string().min(1).max(512) }).strict(),
  /** Maintenance on site: without `on` only asks; `by` names the technician (the OS user) for the audit. */
  z.object({ id: z.number().int(), cmd: z.literal('maintenance'), on: z.boolean().optional(), by: z.string().min(1).max(64).optional() }).strict(),
]);
export type AdminRequest = z.infer<typeof adminRequestSchema>;

export type AdminResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: { code: string; message: string } };
export type AdminEvent = { event: string; at: string; payload: unknown };

export const ADMIN_SOCKET_NAME = 'kioskctl.sock';

const healthSchema = z.object({ role: z.string(), kind: z.string(), state: z.string(), reason: z.string().optional(), since: z.string() });
const openErrorSchema = z.object({ code: z.string(), message: z.string(), osCode: z.string().optional(), at: z.string() });

export const deviceSummarySchema = z.object({
  role: z.string(),
  kind: z.string(),
  driver: z.string(),
  where: z.string(),
  health: healthSchema,
  lastError: openErrorSchema.nullable().optional(),
});

export const discoveredDeviceSchema = z.object({
  bus: z.enum(['serial', 'hid']),
  path: z.string(),
  vendorId: z.string().optional(),
  productId: z.string().optional(),
  manufacturer: z.string().optional(),
  product: z.string().optional(),
});

export const devicesResultSchema = z.object({
  configured: z.array(deviceSummarySchema),
  discovered: z.array(discoveredDeviceSchema),
  /** Buses that could not be listed, with the reason (e.g. udevadm not found — install udev). */
  unavailable: z.array(z.object({ bus: z.enum(['serial', 'hid']), reason: z.string() })).default([]),
});
export type DevicesResult = z.infer<typeof devicesResultSchema>;

/** A transaction the hub refused for good: kept for staff, never retried. No payload here. */
export const deadLetterSchema = z.object({ id: z.string(), seq: z.number().int(), type: z.string(), createdAt: z.string(), code: z.string().nullable(), reason: z.string().nullable() });

export const statusResultSchema = z.object({
  kioskId: z.string(),
  version: z.string(),
  startedAt: z.string(),
  hub: z.object({
    url: z.string().nullable(),
    online: z.boolean(),
    lastSyncAt: z.string().nullable(),
    enrolled: z.boolean(),
  }),
  outbox: z.object({ backlog: z.number().int(), oldestPendingAt: z.string().nullable(), deadLetters: z.number().int(), recentDeadLetters: z.array(deadLetterSchema) }),
  devices: z.array(deviceSummarySchema),
  discovery: z.string().nullable(),
});
export type StatusResult = z.infer<typeof statusResultSchema>;

/** What only the running host knows, for `kioskctl diag` (the rest is read from disk). */
export const diagResultSchema = z.object({
  status: statusResultSchema,
  /** The effective configuration, secrets already redacted by the host. */
  config: z.record(z.string(), z.unknown()),
  deviceHealthHistory: z.array(healthSchema),
  outboxStats: z.object({
    byState: z.record(z.string(), z.number().int()),
    byType: z.record(z.string(), z.number().int()),
    /** 'bill.payment approved' → n, … 'bill.payment unanswered' (killed before the answer came). */
    byAnswer: z.record(z.string(), z.number().int()).optional(),
  }),
  logDir: z.string(),
});
export type DiagResult = z.infer<typeof diagResultSchema>;

export const retryResultSchema = z.object({ role: z.string(), health: healthSchema });

export const printTestResultSchema = z.looseObject({ role: z.string(), printed: z.boolean(), code: z.string().optional(), status: z.unknown().optional() });
