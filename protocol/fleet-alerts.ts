// Fleet alerts and the fleet view as operations staff and a bank's ticketing system see them:
// the rules an admin edits, an alert's lifecycle (raised → acknowledged → resolved), the
// staff routes, the live `fleet.alert` message and the signed webhook body.
import { z } from 'zod';
import type { StaffRole } from './assist-values.js';
import { reportedDeviceSchema } from './fleet-health.js';

/**
 * Who has the console's Fleet tab: read the fleet, acknowledge and resolve alerts, issue remote
 * commands, publish releases and run rollouts. Operations staff do only this; supervisors and
 * admins do it beside their other work. Experts and tellers serve customers and are refused.
 */
export const FLEET_STAFF_ROLES = ['operations', 'supervisor', 'admin'] as const satisfies readonly StaffRole[];
/** Who sets the alert webhook (where alerts go outside the hub): admins and operations staff. */
export const WEBHOOK_ADMIN_ROLES = ['operations', 'admin'] as const satisfies readonly StaffRole[];
export const isFleetRole = (role: StaffRole | undefined): boolean => (FLEET_STAFF_ROLES as readonly string[]).includes(role ?? '');

export const FLEET_PATHS = {
  kiosks: '/v1/staff/fleet/kiosks',
  kioskHistory: '/v1/staff/fleet/kiosks/:kioskId/history',
  alerts: '/v1/staff/fleet/alerts',
  /** Long poll: the alert events after `since`, waiting up to `waitSec` for one (consoles without the call socket). */
  alertChanges: '/v1/staff/fleet/alerts/changes',
  acknowledge: '/v1/staff/fleet/alerts/:alertId/acknowledge',
  resolve: '/v1/staff/fleet/alerts/:alertId/resolve',
  rules: '/v1/staff/fleet/rules',
  rule: '/v1/staff/fleet/rules/:ruleId',
  metrics: '/metrics',
  ready: '/ready',
} as const;

/** Webhook headers: `t=<unix seconds>` and `sha256=<hex HMAC of "<t>.<body>">`. */
export const WEBHOOK_HEADERS = { timestamp: 'x-hub-timestamp', signature: 'x-hub-signature', delivery: 'x-hub-delivery' } as const;

export const alertKindSchema = z.enum([
  'kiosk-offline',
  'printer-paper',
  'printer-cover-open',
  'card-reader-error',
  'id-reader-error',
  'dispenser-stock-low',
  'backlog-growing',
  'crash-loop',
  'disk-almost-full',
]);
export type AlertKind = z.infer<typeof alertKindSchema>;

export const alertSeveritySchema = z.enum(['warning', 'critical']);
export type AlertSeverity = z.infer<typeof alertSeveritySchema>;

const minutes = z.number().int().min(1).max(7 * 24 * 60);

/** Each kind's own thresholds; the kind picks which shape `params` has. */
export const alertParamsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('kiosk-offline'), offlineMinutes: minutes }).strict(),
  /** paper-out always; paper-near-end too when `includeNearEnd`. */
  z.object({ kind: z.literal('printer-paper'), includeNearEnd: z.boolean() }).strict(),
  z.object({ kind: z.literal('printer-cover-open') }).strict(),
  z.object({ kind: z.literal('card-reader-error') }).strict(),
  z.object({ kind: z.literal('id-reader-error') }).strict(),
  z.object({ kind: z.literal('dispenser-stock-low') }).strict(),
  z.object({ kind: z.literal('backlog-growing'), maxItems: z.number().int().min(1), maxOldestMinutes: minutes }).strict(),
  z.object({ kind: z.literal('crash-loop'), restarts: z.number().int().min(2).max(100), windowMinutes: minutes }).strict(),
  z.object({ kind: z.literal('disk-almost-full'), minFreePercent: z.number().min(0.1).max(90) }).strict(),
]);
export type AlertParams = z.infer<typeof alertParamsSchema>;

export const ruleIdSchema = z.string().regex(/^[a-z][a-z0-9-]{0,47}$/);

export const alertRuleSchema = z
  .object({
    ruleId: ruleIdSchema,
    enabled: z.boolean(),
    severity: alertSeveritySchema,
    /** A condition must hold this long before it is raised: a flapping device stays quiet. */
    holdDownSec: z.number().int().min(0).max(24 * 3600),
    params: alertParamsSchema,
  })
  .strict();
export type AlertRule = z.infer<typeof alertRuleSchema>;

/** PUT body of one rule (its id is in the path). */
export const alertRuleUpdateSchema = alertRuleSchema.omit({ ruleId: true });
export type AlertRuleUpdate = z.infer<typeof alertRuleUpdateSchema>;

export const storedAlertRuleSchema = alertRuleSchema.extend({ updatedAt: z.string(), updatedBy: z.string().nullable() });
export type StoredAlertRule = z.infer<typeof storedAlertRuleSchema>;

export const alertStateSchema = z.enum(['open', 'acknowledged', 'resolved']);
export type AlertState = z.infer<typeof alertStateSchema>;

export const alertSchema = z
  .object({
    alertId: z.uuid(),
    kioskId: z.string(),
    branchId: z.string().nullable(),
    ruleId: z.string(),
    kind: alertKindSchema,
    severity: alertSeveritySchema,
    /** The device role it is about; '' for the kiosk as a whole. */
    device: z.string(),
    state: alertStateSchema,
    /** Facts behind it (device state and reason, backlog, minutes offline…), no customer data. */
    detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    raisedAt: z.string(),
    acknowledgedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
    /** The staff member's display name, for people to read (the id is what is audited). */
    acknowledgedByName: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    /** A staff id, or `auto` when the condition cleared. */
    resolvedBy: z.string().nullable(),
    resolvedByName: z.string().nullable(),
  })
  .strict();
export type Alert = z.infer<typeof alertSchema>;

export const alertEventSchema = z.enum(['alert.raised', 'alert.acknowledged', 'alert.resolved']);
export type AlertEvent = z.infer<typeof alertEventSchema>;

/** The body a webhook receives (and the console, as `fleet.alert`). */
export const alertNoticeSchema = z.object({ event: alertEventSchema, alert: alertSchema }).strict();
export type AlertNotice = z.infer<typeof alertNoticeSchema>;

/** Signed with the `x-hub-timestamp` header's time; `deliveryId` stays the same across retries. */
export const webhookBodySchema = alertNoticeSchema.extend({ deliveryId: z.uuid() });
export type WebhookBody = z.infer<typeof webhookBodySchema>;

export const fleetKioskSchema = z
  .object({
    kioskId: z.string(),
    branchId: z.string().nullable(),
    name: z.string().nullable(),
    version: z.string().nullable(),
    /** The hub heard from it within the offline threshold. */
    online: z.boolean(),
    lastHeardAt: z.string(),
    startedAt: z.string().nullable(),
    devices: z.array(reportedDeviceSchema),
    backlog: z.number().int().nonnegative(),
    oldestPendingAt: z.string().nullable(),
    lastSyncAt: z.string().nullable(),
    diskFreeBytes: z.number().nullable(),
    diskTotalBytes: z.number().nullable(),
    memFreeBytes: z.number().nullable(),
    memTotalBytes: z.number().nullable(),
    uptimeSec: z.number().nullable(),
    openAlerts: z.number().int().nonnegative(),
  })
  .strict();
export type FleetKiosk = z.infer<typeof fleetKioskSchema>;

export const fleetKiosksQuerySchema = z.object({ branchId: z.string().min(1).max(64).optional() }).strict();
export const fleetKiosksResponseSchema = z.object({ at: z.string(), kiosks: z.array(fleetKioskSchema) }).strict();
export type FleetKiosksResponse = z.infer<typeof fleetKiosksResponseSchema>;

export const fleetHistoryEntrySchema = z
  .object({ at: z.string(), event: z.enum(['online', 'offline', 'device', 'version', 'restart']), detail: z.record(z.string(), z.unknown()) })
  .strict();
export type FleetHistoryEntry = z.infer<typeof fleetHistoryEntrySchema>;

export const alertsQuerySchema = z
  .object({
    state: z.enum(['active', 'open', 'acknowledged', 'resolved', 'all']).default('active'),
    kioskId: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type AlertsQuery = z.infer<typeof alertsQuerySchema>;

export const alertIdParamsSchema = z.object({ alertId: z.uuid() }).strict();
export const ruleIdParamsSchema = z.object({ ruleId: ruleIdSchema }).strict();
export const kioskIdParamsSchema = z.object({ kioskId: z.string().min(1).max(64) }).strict();

/**
 * GET alertChanges: without `since` the answer is at once and only sets the cursor (`at`);
 * with it, the alerts raised, acknowledged or resolved after it, waiting up to `waitSec` for
 * one. The next call passes the answer's `at`.
 */
export const alertChangesQuerySchema = z
  .object({
    since: z.iso.datetime({ offset: true }).optional(),
    waitSec: z.coerce.number().int().min(0).max(30).default(25),
  })
  .strict();
export type AlertChangesQuery = z.infer<typeof alertChangesQuerySchema>;
export const alertChangesResponseSchema = z.object({ at: z.string(), notices: z.array(alertNoticeSchema) }).strict();
export type AlertChangesResponse = z.infer<typeof alertChangesResponseSchema>;
