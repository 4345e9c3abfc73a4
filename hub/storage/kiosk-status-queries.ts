// The fleet as staff watch it: when each kiosk last synced, what it still holds, whether
// it can authenticate.
import type { KioskStatus, StaffKiosksQuery } from '../api/staff.js';
import type { Queryable } from './queryable.js';
import { toIsoString, toSafeInteger } from './row-values.js';

interface StatusRow {
  kiosk_id: string;
  branch_id: string;
  name: string | null;
  version: string | null;
  registered_at: unknown;
  last_seen_at: unknown;
  backlog_hint: number | null;
  last_seq: unknown;
  enrolled: boolean;
  seconds_since_seen: unknown;
}

/**
 * Ages are measured against the database's clock, the one that set lastSeenAt. Run it in a
 * transaction: now() is then one instant for both statements.
 */
export async function kioskStatuses(db: Queryable, query: StaffKiosksQuery): Promise<{ at: string; kiosks: KioskStatus[] }> {
  const { rows: clock } = await db.query<{ at: unknown }>('SELECT now() AS at');
  const { rows } = await db.query<StatusRow>(
    `SELECT k.kiosk_id, k.branch_id, k.name, k.version, k.registered_at, k.last_seen_at, k.backlog_hint,
            COALESCE((SELECT max(t.seq) FROM kiosk_transactions t WHERE t.kiosk_id = k.kiosk_id), 0) AS last_seq,
            EXISTS (SELECT 1 FROM kiosk_keys kk WHERE kk.kiosk_id = k.kiosk_id) AS enrolled,
            GREATEST(0, floor(extract(epoch FROM (now() - k.last_seen_at))))::bigint AS seconds_since_seen
     FROM kiosks k
     WHERE $1::text IS NULL OR k.branch_id = $1
     ORDER BY k.kiosk_id`,
    [query.branchId ?? null],
  );
  const kiosks = rows.map((row): KioskStatus => {
    const secondsSinceSeen = toSafeInteger(row.seconds_since_seen);
    return {
      kioskId: row.kiosk_id,
      branchId: row.branch_id,
      name: row.name,
      version: row.version,
      registeredAt: toIsoString(row.registered_at),
      lastSeenAt: toIsoString(row.last_seen_at),
      secondsSinceSeen,
      stale: secondsSinceSeen > query.staleAfterSeconds,
      backlogHint: row.backlog_hint,
      lastSeq: toSafeInteger(row.last_seq),
      enrolled: row.enrolled,
    };
  });
  return { at: toIsoString(clock[0]?.at), kiosks };
}
