// The figures /metrics shows about the fleet, computed in the database at scrape time (one
// pass over the health table; no per-kiosk series, so 2,000 kiosks are still a few lines).
import type { Queryable } from '../storage/queryable.js';
import { toSafeInteger } from '../storage/row-values.js';

export interface FleetFigures {
  kiosks: { online: number; offline: number };
  deviceFaults: { kind: string; state: string; reason: string; count: number }[];
  backlog: { total: number; max: number };
  /** Seconds since the last successful sync of online kiosks that have synced. */
  syncLagSec: { p50: number; p95: number; max: number };
  activeAlerts: { kind: string; severity: string; count: number }[];
  webhook: { pending: number; failed: number };
}

const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));

export async function fleetFigures(db: Queryable, now: Date): Promise<FleetFigures> {
  const { rows: states } = await db.query<{ online: boolean; n: unknown }>('SELECT online, count(*) AS n FROM fleet_kiosk_health GROUP BY online');
  const { rows: faults } = await db.query<{ kind: string; state: string; reason: string; n: unknown }>(
    `SELECT d->>'kind' AS kind, d->>'state' AS state, COALESCE(d->>'reason', '') AS reason, count(*) AS n
     FROM fleet_kiosk_health h CROSS JOIN LATERAL jsonb_array_elements(COALESCE(h.report->'devices', '[]'::jsonb)) d
     WHERE h.online AND d->>'state' NOT IN ('ready', 'busy')
     GROUP BY 1, 2, 3`,
  );
  const { rows: outbox } = await db.query<{ total: unknown; max: unknown; p50: unknown; p95: unknown; lag_max: unknown }>(
    `SELECT COALESCE(sum(backlog), 0) AS total, COALESCE(max(backlog), 0) AS max,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ($1::timestamptz - last_sync_at))) AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM ($1::timestamptz - last_sync_at))) AS p95,
            max(extract(epoch FROM ($1::timestamptz - last_sync_at))) AS lag_max
     FROM fleet_kiosk_health WHERE online`,
    [now],
  );
  const { rows: alerts } = await db.query<{ kind: string; severity: string; n: unknown }>(`SELECT kind, severity, count(*) AS n FROM fleet_alerts WHERE state <> 'resolved' GROUP BY 1, 2`);
  const { rows: hooks } = await db.query<{ state: string; n: unknown }>(`SELECT state, count(*) AS n FROM fleet_webhook_deliveries WHERE state IN ('pending', 'failed') GROUP BY 1`);
  const o = outbox[0];
  return {
    kiosks: { online: toSafeInteger(states.find((s) => s.online)?.n ?? 0), offline: toSafeInteger(states.find((s) => !s.online)?.n ?? 0) },
    deviceFaults: faults.map((f) => ({ kind: f.kind, state: f.state, reason: f.reason, count: toSafeInteger(f.n) })),
    backlog: { total: num(o?.total), max: num(o?.max) },
    syncLagSec: { p50: Math.max(0, num(o?.p50)), p95: Math.max(0, num(o?.p95)), max: Math.max(0, num(o?.lag_max)) },
    activeAlerts: alerts.map((a) => ({ kind: a.kind, severity: a.severity, count: toSafeInteger(a.n) })),
    webhook: { pending: toSafeInteger(hooks.find((h) => h.state === 'pending')?.n ?? 0), failed: toSafeInteger(hooks.find((h) => h.state === 'failed')?.n ?? 0) },
  };
}
