// Each kiosk's latest health and the history of its changes, in the shared database so every
// hub instance sees the same fleet. Writes that depend on the previous state lock the kiosk's
// row (FOR UPDATE), so a report on one instance and a sweep on another cannot interleave.
import type { FleetHistoryEntry, FleetKiosk } from '../../protocol/fleet-alerts.js';
import { healthReportSchema, type HealthReport, type ReportedDevice } from '../../protocol/fleet-health.js';
import type { Queryable } from '../storage/queryable.js';
import { toIsoString, toSafeInteger } from '../storage/row-values.js';
import type { KioskFacts } from './alert-rules.js';

type HistoryEvent = FleetHistoryEntry['event'];

interface HealthRow {
  kiosk_id: string;
  report: unknown;
  started_at: unknown;
  reported_at: unknown;
  last_heard_at: unknown;
  online: boolean;
}

const ms = (value: unknown) => Date.parse(toIsoString(value));
const reportOf = (value: unknown): HealthReport | null => {
  const parsed = healthReportSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
};

async function currentForUpdate(tx: Queryable, kioskId: string): Promise<HealthRow | null> {
  const { rows } = await tx.query<HealthRow>('SELECT kiosk_id, report, started_at, reported_at, last_heard_at, online FROM fleet_kiosk_health WHERE kiosk_id = $1 FOR UPDATE', [kioskId]);
  return rows[0] ?? null;
}

async function addHistory(tx: Queryable, kioskId: string, at: Date, entries: readonly { event: HistoryEvent; detail: Record<string, unknown> }[]): Promise<void> {
  for (const entry of entries) {
    await tx.query('INSERT INTO fleet_health_history (kiosk_id, at, event, detail) VALUES ($1, $2, $3, $4)', [kioskId, at, entry.event, JSON.stringify(entry.detail)]);
  }
}

const deviceKey = (d: ReportedDevice) => `${d.state}|${d.reason ?? ''}`;

/** What changed between two reports, as history entries (heartbeats with no change add none). */
export function changesBetween(previous: HealthReport | null, next: HealthReport, wasOnline: boolean): { event: HistoryEvent; detail: Record<string, unknown> }[] {
  const entries: { event: HistoryEvent; detail: Record<string, unknown> }[] = [];
  if (!wasOnline) entries.push({ event: 'online', detail: {} });
  if (previous?.startedAt !== next.startedAt) entries.push({ event: 'restart', detail: { startedAt: next.startedAt, version: next.version } });
  if (previous && previous.version !== next.version) entries.push({ event: 'version', detail: { from: previous.version, to: next.version } });
  const before = new Map((previous?.devices ?? []).map((d) => [d.role, d]));
  for (const device of next.devices) {
    const old = before.get(device.role);
    if (!old || deviceKey(old) !== deviceKey(device)) {
      entries.push({ event: 'device', detail: { role: device.role, kind: device.kind, state: device.state, reason: device.reason ?? null, from: old ? old.state : null } });
    }
  }
  return entries;
}

/** Stores a report; in the caller's transaction. */
export async function recordReport(tx: Queryable, kioskId: string, report: HealthReport, at: Date): Promise<void> {
  const current = await currentForUpdate(tx, kioskId);
  const wasOnline = current?.online ?? false;
  await addHistory(tx, kioskId, at, changesBetween(current ? reportOf(current.report) : null, report, wasOnline));
  await tx.query(
    `INSERT INTO fleet_kiosk_health (kiosk_id, report, version, started_at, reported_at, last_heard_at, online, online_since, backlog, oldest_pending_at, last_sync_at)
     VALUES ($1, $2, $3, $4, $5, $5, true, $5, $6, $7, $8)
     ON CONFLICT (kiosk_id) DO UPDATE SET report = EXCLUDED.report, version = EXCLUDED.version, started_at = EXCLUDED.started_at,
       reported_at = EXCLUDED.reported_at, last_heard_at = EXCLUDED.last_heard_at, online = true,
       online_since = CASE WHEN fleet_kiosk_health.online THEN fleet_kiosk_health.online_since ELSE EXCLUDED.online_since END,
       backlog = EXCLUDED.backlog, oldest_pending_at = EXCLUDED.oldest_pending_at, last_sync_at = EXCLUDED.last_sync_at`,
    [kioskId, JSON.stringify(report), report.version, report.startedAt, at, report.outbox.backlog, report.outbox.oldestPendingAt, report.outbox.lastSyncAt],
  );
}

/** The kiosk's socket opened on some instance: it is online from now. */
export async function recordConnected(tx: Queryable, kioskId: string, at: Date): Promise<void> {
  const current = await currentForUpdate(tx, kioskId);
  if (!current?.online) await addHistory(tx, kioskId, at, [{ event: 'online', detail: { by: 'socket' } }]);
  await tx.query(
    `INSERT INTO fleet_kiosk_health (kiosk_id, last_heard_at, online, online_since) VALUES ($1, $2, true, $2)
     ON CONFLICT (kiosk_id) DO UPDATE SET last_heard_at = GREATEST(fleet_kiosk_health.last_heard_at, EXCLUDED.last_heard_at), online = true,
       online_since = CASE WHEN fleet_kiosk_health.online THEN fleet_kiosk_health.online_since ELSE EXCLUDED.online_since END`,
    [kioskId, at],
  );
}

/** Kiosks whose socket this instance holds: heard from now. */
export async function touchKiosks(db: Queryable, kioskIds: readonly string[], at: Date): Promise<void> {
  if (kioskIds.length === 0) return;
  await db.query('UPDATE fleet_kiosk_health SET last_heard_at = $2 WHERE kiosk_id = ANY($1::text[]) AND last_heard_at < $2', [kioskIds, at]);
}

/**
 * Marks offline every kiosk no instance heard from since `silentSince`. One UPDATE: when two
 * instances sweep together, each kiosk is marked (and its history written) by one of them.
 */
export async function markSilentOffline(db: Queryable, silentSince: Date, at: Date): Promise<string[]> {
  // A data-modifying CTE runs whether or not the outer query reads it.
  const { rows } = await db.query<{ kiosk_id: string }>(
    `WITH gone AS (
       UPDATE fleet_kiosk_health SET online = false, online_since = $2
       WHERE online AND last_heard_at < $1
       RETURNING kiosk_id, last_heard_at
     ), logged AS (
       INSERT INTO fleet_health_history (kiosk_id, at, event, detail)
       SELECT kiosk_id, $2, 'offline', jsonb_build_object('lastHeardAt', last_heard_at) FROM gone
     )
     SELECT kiosk_id FROM gone`,
    [silentSince, at],
  );
  return rows.map((row) => row.kiosk_id);
}

/** Offline kiosks without an unresolved offline alert yet: their alert may be due. */
export async function offlineWithoutAlert(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ kiosk_id: string }>(
    `SELECT h.kiosk_id FROM fleet_kiosk_health h
     WHERE NOT h.online AND NOT EXISTS (SELECT 1 FROM fleet_alerts a WHERE a.kiosk_id = h.kiosk_id AND a.kind = 'kiosk-offline' AND a.state <> 'resolved')`,
  );
  return rows.map((row) => row.kiosk_id);
}

/** What the rules need about one kiosk; null when the hub never heard from it. */
export async function kioskFacts(tx: Queryable, kioskId: string, restartWindowMs: number, now: number): Promise<KioskFacts | null> {
  const { rows } = await tx.query<HealthRow>('SELECT kiosk_id, report, started_at, reported_at, last_heard_at, online FROM fleet_kiosk_health WHERE kiosk_id = $1', [kioskId]);
  const row = rows[0];
  if (!row) return null;
  const { rows: restarts } = await tx.query<{ at: unknown }>(
    `SELECT at FROM fleet_health_history WHERE kiosk_id = $1 AND event = 'restart' AND at >= $2 ORDER BY at DESC LIMIT 100`,
    [kioskId, new Date(now - restartWindowMs)],
  );
  return {
    kioskId,
    online: row.online,
    lastHeardAt: ms(row.last_heard_at),
    report: reportOf(row.report),
    reportedAt: row.reported_at === null ? null : ms(row.reported_at),
    restarts: restarts.map((r) => ms(r.at)),
  };
}

interface FleetRow extends HealthRow {
  branch_id: string | null;
  name: string | null;
  open_alerts: unknown;
}

export async function fleetKiosks(db: Queryable, branchId: string | undefined): Promise<FleetKiosk[]> {
  const { rows } = await db.query<FleetRow>(
    `SELECT h.kiosk_id, h.report, h.started_at, h.reported_at, h.last_heard_at, h.online, k.branch_id, k.name,
            (SELECT count(*) FROM fleet_alerts a WHERE a.kiosk_id = h.kiosk_id AND a.state <> 'resolved') AS open_alerts
     FROM fleet_kiosk_health h LEFT JOIN kiosks k ON k.kiosk_id = h.kiosk_id
     WHERE $1::text IS NULL OR k.branch_id = $1
     ORDER BY k.branch_id NULLS LAST, h.kiosk_id`,
    [branchId ?? null],
  );
  return rows.map((row): FleetKiosk => {
    const report = reportOf(row.report);
    return {
      kioskId: row.kiosk_id,
      branchId: row.branch_id,
      name: row.name,
      version: report?.version ?? null,
      online: row.online,
      lastHeardAt: toIsoString(row.last_heard_at),
      startedAt: report?.startedAt ?? null,
      devices: report?.devices ?? [],
      backlog: report?.outbox.backlog ?? 0,
      oldestPendingAt: report?.outbox.oldestPendingAt ?? null,
      lastSyncAt: report?.outbox.lastSyncAt ?? null,
      diskFreeBytes: report?.host.diskFreeBytes ?? null,
      diskTotalBytes: report?.host.diskTotalBytes ?? null,
      memFreeBytes: report?.host.memFreeBytes ?? null,
      memTotalBytes: report?.host.memTotalBytes ?? null,
      uptimeSec: report?.host.uptimeSec ?? null,
      openAlerts: toSafeInteger(row.open_alerts),
    };
  });
}

export async function kioskHistory(db: Queryable, kioskId: string, limit: number): Promise<FleetHistoryEntry[]> {
  const { rows } = await db.query<{ at: unknown; event: HistoryEvent; detail: Record<string, unknown> }>(
    'SELECT at, event, detail FROM fleet_health_history WHERE kiosk_id = $1 ORDER BY at DESC, id DESC LIMIT $2',
    [kioskId, limit],
  );
  return rows.map((row) => ({ at: toIsoString(row.at), event: row.event, detail: row.detail }));
}

/** Deletes history older than `before`; returns how many rows went. Idempotent. */
export async function pruneHistory(db: Queryable, before: Date): Promise<number> {
  const { rows } = await db.query<{ n: unknown }>('WITH gone AS (DELETE FROM fleet_health_history WHERE at < $1 RETURNING 1) SELECT count(*) AS n FROM gone', [before]);
  return toSafeInteger(rows[0]?.n ?? 0);
}
