// Remote commands: what operations staff ask a kiosk to do from the fleet console, how the
// hub signs them, how the kiosk answers. Imports only zod (the console bundles it).
//
//   staff   POST /v1/staff/fleet/kiosks/:kioskId/commands {kind, params?, ttlSec?}  (admin, supervisor)
//   hub     stores the command (PostgreSQL, with its expiry), signs it with its Ed25519
//           command key and sends `command.deliver` on the kiosk's signaling socket — now if the
//           kiosk is connected, else when it next connects (unless it expired meanwhile).
//   kiosk   verifies signature, kiosk id, expiry and replay (a command id runs once), answers
//           `command.ack` on the socket, runs it, then POSTs the result, signed like any kiosk
//           request, to /v1/kiosks/:kioskId/commands/:commandId/result. A replayed delivery is
//           acknowledged again and its stored result re-sent, never run twice.
//   key     GET /v1/kiosks/:kioskId/command-key (signed) → the hub's public key; the kiosk pins
//           the first key it sees, so a later different key is refused, not trusted.
import { z } from 'zod';

export const FLEET_COMMAND_PATHS = {
  issue: '/v1/staff/fleet/kiosks/:kioskId/commands',
  list: '/v1/staff/fleet/kiosks/:kioskId/commands',
  diagnostics: '/v1/staff/fleet/commands/:commandId/diagnostics',
  audit: '/v1/staff/fleet/commands/:commandId/audit',
  key: '/v1/kiosks/:kioskId/command-key',
  result: '/v1/kiosks/:kioskId/commands/:commandId/result',
} as const;

export const FLEET_COMMANDS = {
  defaultTtlSec: 24 * 3600,
  maxTtlSec: 7 * 24 * 3600,
  /** A diagnostics bundle larger than this is cut (oldest log lines first) before upload. */
  maxDiagnosticsBytes: 256 * 1024,
  /** Maintenance waits at most this long for the current customer unless told otherwise. */
  defaultCustomerWaitSec: 15 * 60,
} as const;

export const commandKindSchema = z.enum(['reload-ui', 'restart-host', 'enter-maintenance', 'leave-maintenance', 'device-test', 'collect-diagnostics', 'update-config']);
export type CommandKind = z.infer<typeof commandKindSchema>;

export const remoteDeviceTestSchema = z.enum(['print', 'card', 'id', 'scan', 'hub']);

/**
 * The part of the kiosk configuration the hub may change: what a bank tunes per branch
 * without a technician. Identity, hub URL, devices and paths stay with the install.
 */
export const remoteConfigPatchSchema = z
  .object({
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).optional(),
    syncIntervalMs: z.number().int().min(1_000).max(600_000).optional(),
    ui: z
      .object({
        defaultLocale: z.enum(['zh-CN', 'en']).optional(),
        idleTimeoutMs: z.number().int().min(5_000).max(600_000).optional(),
        idleWarningMs: z.number().int().min(1_000).max(120_000).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'change at least one setting');
export type RemoteConfigPatch = z.infer<typeof remoteConfigPatchSchema>;

export const commandParamsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reload-ui') }).strict(),
  z.object({ kind: z.literal('restart-host') }).strict(),
  z.object({ kind: z.literal('enter-maintenance'), customerWaitSec: z.number().int().min(0).max(3600).optional() }).strict(),
  z.object({ kind: z.literal('leave-maintenance') }).strict(),
  z.object({ kind: z.literal('device-test'), test: remoteDeviceTestSchema }).strict(),
  z.object({ kind: z.literal('collect-diagnostics') }).strict(),
  z.object({ kind: z.literal('update-config'), config: remoteConfigPatchSchema }).strict(),
]);
export type CommandParams = z.infer<typeof commandParamsSchema>;

const isoTime = z.iso.datetime({ offset: true });

/** What the hub signs and the kiosk verifies, field for field. */
export const signedCommandSchema = z
  .object({
    commandId: z.uuid(),
    kioskId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
    params: commandParamsSchema,
    issuedBy: z.string().min(1).max(80),
    issuedAt: isoTime,
    expiresAt: isoTime,
    /** Names the hub key that signed, so a rotated key is told apart from a forged signature. */
    keyId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    /** base64url Ed25519 signature over commandSigningText(). */
    signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/),
  })
  .strict();
export type SignedCommand = z.infer<typeof signedCommandSchema>;
export type UnsignedCommand = Omit<SignedCommand, 'signature'>;

/** Keys sorted at every depth: the same command gives the same bytes on both ends. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function commandSigningText(command: UnsignedCommand): string {
  const { commandId, kioskId, params, issuedBy, issuedAt, expiresAt, keyId } = command;
  return `branch-kiosk fleet command v1\n${stableJson({ commandId, kioskId, params, issuedBy, issuedAt, expiresAt, keyId })}`;
}

/** Why a kiosk did not run a command; stable codes the console translates. */
export const commandRefusalSchema = z.enum([
  'bad-signature',
  'unknown-key',
  'wrong-kiosk',
  'expired',
  'malformed',
  'busy',
  'invalid-config',
  'unhealthy-rolled-back',
  'not-supported',
  'failed',
]);
export type CommandRefusal = z.infer<typeof commandRefusalSchema>;

const detailValue = z.union([z.string().max(200), z.number(), z.boolean(), z.null()]);
export const commandDetailSchema = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/), detailValue).refine((d) => Object.keys(d).length <= 20, 'at most 20 fields');

/** A diagnostics bundle: JSON facts and redacted log lines, never a transaction, card or secret. */
export const diagnosticsBundleSchema = z
  .object({
    collectedAt: isoTime,
    facts: z.record(z.string(), z.unknown()),
    logLines: z.array(z.string().max(2_000)).max(2_000),
    truncated: z.boolean(),
  })
  .strict();
export type DiagnosticsBundle = z.infer<typeof diagnosticsBundleSchema>;

export const commandResultSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('succeeded'), finishedAt: isoTime, detail: commandDetailSchema.optional(), diagnostics: diagnosticsBundleSchema.optional() }).strict(),
  z.object({ outcome: z.literal('refused'), finishedAt: isoTime, reason: commandRefusalSchema, detail: commandDetailSchema.optional() }).strict(),
  z.object({ outcome: z.literal('failed'), finishedAt: isoTime, reason: commandRefusalSchema, detail: commandDetailSchema.optional() }).strict(),
]);
export type CommandResult = z.infer<typeof commandResultSchema>;

// ── staff API ───────────────────────────────────────────────────────────────────────────
export const issueCommandRequestSchema = z
  .object({
    params: commandParamsSchema,
    ttlSec: z.number().int().min(10).max(FLEET_COMMANDS.maxTtlSec).optional(),
  })
  .strict();
export type IssueCommandRequest = z.infer<typeof issueCommandRequestSchema>;

export const commandStatusSchema = z.enum(['pending', 'delivered', 'succeeded', 'refused', 'failed', 'expired']);
export type CommandStatus = z.infer<typeof commandStatusSchema>;

export const fleetCommandSchema = z.object({
  commandId: z.uuid(),
  kioskId: z.string(),
  kind: commandKindSchema,
  params: commandParamsSchema,
  status: commandStatusSchema,
  issuedBy: z.string(),
  issuedByName: z.string().nullable(),
  issuedAt: isoTime,
  expiresAt: isoTime,
  deliveredAt: isoTime.nullable(),
  finishedAt: isoTime.nullable(),
  reason: commandRefusalSchema.nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  hasDiagnostics: z.boolean(),
});
export type FleetCommand = z.infer<typeof fleetCommandSchema>;

export const fleetCommandsResponseSchema = z.object({ commands: z.array(fleetCommandSchema) });

/** Who did what to a command: a staff id (issued), `kiosk:<id>` (acknowledged, result) or `hub` (expired). */
export const commandAuditResponseSchema = z.object({
  commandId: z.uuid(),
  trail: z.array(z.object({ event: z.enum(['issued', 'delivered', 'acknowledged', 'succeeded', 'refused', 'failed', 'expired']), actor: z.string(), at: isoTime })),
});
export const commandIdParamsSchema = z.object({ commandId: z.uuid() }).strict();
export const kioskCommandParamsSchema = z.object({ kioskId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/), commandId: z.uuid() }).strict();
export const commandKeyResponseSchema = z.object({ keyId: z.string(), alg: z.literal('Ed25519'), publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }).strict();
export type CommandKey = z.infer<typeof commandKeyResponseSchema>;
