// Remote commands in the shared database: the signed command, where it stands (pending →
// delivered → succeeded | refused | failed, or expired), and an audit row for every step with
// who did it. Each step is one conditional UPDATE, so a result sent twice, an ack replayed or
// two instances expiring at once change a command once and audit it once.
import { commandParamsSchema, signedCommandSchema, type CommandResult, type CommandStatus, type FleetCommand, type SignedCommand, type DiagnosticsBundle } from '../../../protocol/fleet-commands.js';
import type { Database, Queryable } from '../../storage/queryable.js';
import { toIsoString } from '../../storage/row-values.js';

type AuditEvent = 'issued' | 'delivered' | 'acknowledged' | 'succeeded' | 'refused' | 'failed' | 'expired';

interface CommandRow {
  command_id: string;
  kiosk_id: string;
  kind: string;
  params: unknown;
  status: CommandStatus;
  issued_by: string;
  issued_by_name: string | null;
  issued_at: unknown;
  expires_at: unknown;
  delivered_at: unknown;
  finished_at: unknown;
  reason: string | null;
  detail: unknown;
  has_diagnostics: boolean;
}

const COLUMNS = `command_id, kiosk_id, kind, params, status, issued_by, issued_by_name, issued_at, expires_at, delivered_at, finished_at, reason, detail, diagnostics IS NOT NULL AS has_diagnostics`;
const isoOrNull = (value: unknown) => (value === null || value === undefined ? null : toIsoString(value));
const jsonOf = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

function toCommand(row: CommandRow): FleetCommand {
  const params = commandParamsSchema.parse(jsonOf(row.params));
  const detail = jsonOf(row.detail);
  return {
    commandId: row.command_id,
    kioskId: row.kiosk_id,
    kind: params.kind,
    params,
    status: row.status,
    issuedBy: row.issued_by,
    issuedByName: row.issued_by_name,
    issuedAt: toIsoString(row.issued_at),
    expiresAt: toIsoString(row.expires_at),
    deliveredAt: isoOrNull(row.delivered_at),
    finishedAt: isoOrNull(row.finished_at),
    reason: row.reason as FleetCommand['reason'],
    detail: detail && typeof detail === 'object' ? (detail as Record<string, unknown>) : null,
    hasDiagnostics: row.has_diagnostics,
  };
}

export async function audit(tx: Queryable, entry: { commandId: string; kioskId: string; event: AuditEvent; actor: string; at: Date; detail?: Record<string, unknown> }): Promise<void> {
  await tx.query('INSERT INTO fleet_command_audit (command_id, kiosk_id, event, actor, at, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
    entry.commandId,
    entry.kioskId,
    entry.event,
    entry.actor,
    entry.at,
    entry.detail ? JSON.stringify(entry.detail) : null,
  ]);
}

export async function insertCommand(db: Database, signed: SignedCommand, issuedByName: string | null): Promise<FleetCommand> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<CommandRow>(
      `INSERT INTO fleet_commands (command_id, kiosk_id, kind, params, signed, status, issued_by, issued_by_name, issued_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [signed.commandId, signed.kioskId, signed.params.kind, JSON.stringify(signed.params), JSON.stringify(signed), signed.issuedBy, issuedByName, signed.issuedAt, signed.expiresAt],
    );
    await audit(tx, { commandId: signed.commandId, kioskId: signed.kioskId, event: 'issued', actor: signed.issuedBy, at: new Date(signed.issuedAt), detail: { kind: signed.params.kind } });
    const row = rows[0];
    if (!row) throw new Error('command not stored');
    return toCommand(row);
  });
}

export async function listForKiosk(db: Queryable, kioskId: string, limit: number): Promise<FleetCommand[]> {
  const { rows } = await db.query<CommandRow>(`SELECT ${COLUMNS} FROM fleet_commands WHERE kiosk_id = $1 ORDER BY issued_at DESC, command_id LIMIT $2`, [kioskId, limit]);
  return rows.map(toCommand);
}

export async function getCommand(db: Queryable, commandId: string): Promise<FleetCommand | null> {
  const { rows } = await db.query<CommandRow>(`SELECT ${COLUMNS} FROM fleet_commands WHERE command_id = $1`, [commandId]);
  return rows[0] ? toCommand(rows[0]) : null;
}

/** The signed commands a kiosk has not acknowledged and that are still valid, oldest first. */
export async function pendingFor(db: Queryable, kioskId: string, now: Date): Promise<SignedCommand[]> {
  const { rows } = await db.query<{ signed: unknown }>("SELECT signed FROM fleet_commands WHERE kiosk_id = $1 AND status = 'pending' AND expires_at > $2 ORDER BY issued_at, command_id", [kioskId, now]);
  return rows.map((row) => signedCommandSchema.parse(jsonOf(row.signed)));
}

/**
 * Every pending, unexpired command (few at any time: a kiosk acknowledges within a second of
 * receiving one), so one query serves a sweep over thousands of connected kiosks.
 */
export async function allPending(db: Queryable, now: Date, limit = 5_000): Promise<SignedCommand[]> {
  const { rows } = await db.query<{ signed: unknown }>("SELECT signed FROM fleet_commands WHERE status = 'pending' AND expires_at > $1 ORDER BY issued_at, command_id LIMIT $2", [now, limit]);
  return rows.map((row) => signedCommandSchema.parse(jsonOf(row.signed)));
}

/** The first acknowledgement moves the command to delivered; later ones change nothing. */
export async function acknowledge(db: Database, kioskId: string, commandId: string, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ command_id: string }>(
      "UPDATE fleet_commands SET status = 'delivered', delivered_at = $3 WHERE command_id = $1 AND kiosk_id = $2 AND status = 'pending' RETURNING command_id",
      [commandId, kioskId, now],
    );
    if (rows.length === 0) return false;
    await audit(tx, { commandId, kioskId, event: 'acknowledged', actor: `kiosk:${kioskId}`, at: now });
    return true;
  });
}

export type ResultAnswer = 'stored' | 'already-finished' | 'unknown';

/**
 * Stores the kiosk's result once. A result for a pending command is accepted too: the ack may
 * have been lost on a socket that dropped right after it. So is one for a command the hub
 * expired: the kiosk received it in time by its own clock and ran it, which is what happened.
 */
export async function recordResult(db: Database, kioskId: string, commandId: string, result: CommandResult, now: Date): Promise<ResultAnswer> {
  return db.transaction(async (tx) => {
    const reason = result.outcome === 'succeeded' ? null : result.reason;
    const diagnostics: DiagnosticsBundle | undefined = result.outcome === 'succeeded' ? result.diagnostics : undefined;
    const { rows } = await tx.query<{ command_id: string }>(
      `UPDATE fleet_commands SET status = $3, finished_at = $4, reason = $5, detail = $6, diagnostics = $7, delivered_at = COALESCE(delivered_at, $4)
       WHERE command_id = $1 AND kiosk_id = $2 AND status IN ('pending', 'delivered', 'expired') RETURNING command_id`,
      [commandId, kioskId, result.outcome, now, reason, result.detail ? JSON.stringify(result.detail) : null, diagnostics ? JSON.stringify(diagnostics) : null],
    );
    if (rows.length === 0) {
      const { rows: existing } = await tx.query<{ status: string }>('SELECT status FROM fleet_commands WHERE command_id = $1 AND kiosk_id = $2', [commandId, kioskId]);
      return existing.length === 0 ? 'unknown' : 'already-finished';
    }
    await audit(tx, { commandId, kioskId, event: result.outcome, actor: `kiosk:${kioskId}`, at: now, detail: { ...(reason ? { reason } : {}), ...(result.detail ?? {}) } });
    return 'stored';
  });
}

/** Pending commands past their expiry become expired (audited); returns them. */
export async function expireDue(db: Database, now: Date): Promise<{ commandId: string; kioskId: string }[]> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ command_id: string; kiosk_id: string }>(
      "UPDATE fleet_commands SET status = 'expired', finished_at = $1 WHERE status = 'pending' AND expires_at <= $1 RETURNING command_id, kiosk_id",
      [now],
    );
    for (const row of rows) await audit(tx, { commandId: row.command_id, kioskId: row.kiosk_id, event: 'expired', actor: 'hub', at: now });
    return rows.map((row) => ({ commandId: row.command_id, kioskId: row.kiosk_id }));
  });
}

export async function diagnosticsOf(db: Queryable, commandId: string): Promise<unknown> {
  const { rows } = await db.query<{ diagnostics: unknown }>('SELECT diagnostics FROM fleet_commands WHERE command_id = $1', [commandId]);
  return rows[0] ? jsonOf(rows[0].diagnostics) : null;
}

export async function auditTrail(db: Queryable, commandId: string): Promise<{ event: AuditEvent; actor: string; at: string }[]> {
  const { rows } = await db.query<{ event: AuditEvent; actor: string; at: unknown }>('SELECT event, actor, at FROM fleet_command_audit WHERE command_id = $1 ORDER BY audit_id', [commandId]);
  return rows.map((row) => ({ event: row.event, actor: row.actor, at: toIsoString(row.at) }));
}
