// Holes in a kiosk's sequence: seqs below the highest stored one that never arrived
// (still queued behind a failure, rejected by the hub, or lost on the kiosk).
import type { KioskGapsQuery, KioskGapsResponse, SeqGap } from '../api/staff.js';
import type { Queryable } from './queryable.js';
import { toSafeInteger } from './row-values.js';

/**
 * Each stored seq compared with the one before it (lag); a difference above one is a gap.
 * The row before the first is `afterSeq`, so seqs from afterSeq+1 up are covered and a
 * page can resume where the previous one ended.
 */
async function gapsAbove(db: Queryable, kioskId: string, afterSeq: number, limit: number): Promise<SeqGap[]> {
  const { rows } = await db.query<{ gap_from: unknown; gap_to: unknown }>(
    `SELECT gap_from, gap_to FROM (
       SELECT lag(seq, 1, $2::bigint) OVER (ORDER BY seq) + 1 AS gap_from, seq - 1 AS gap_to
       FROM kiosk_transactions WHERE kiosk_id = $1 AND seq > $2
     ) g
     WHERE gap_to >= gap_from ORDER BY gap_from LIMIT $3`,
    [kioskId, afterSeq, limit],
  );
  return rows.map((row) => {
    const fromSeq = toSafeInteger(row.gap_from);
    const toSeq = toSafeInteger(row.gap_to);
    return { fromSeq, toSeq, count: toSeq - fromSeq + 1 };
  });
}

/** Null when the kiosk is not registered. */
export async function kioskGaps(db: Queryable, kioskId: string, query: KioskGapsQuery): Promise<KioskGapsResponse | null> {
  const { rows } = await db.query<{ n: unknown; last_seq: unknown }>(
    `SELECT (SELECT count(*) FROM kiosk_transactions WHERE kiosk_id = $1) AS n,
            (SELECT COALESCE(max(seq), 0) FROM kiosk_transactions WHERE kiosk_id = $1) AS last_seq
     FROM kiosks WHERE kiosk_id = $1`,
    [kioskId],
  );
  const summary = rows[0];
  if (!summary) return null;
  const found = await gapsAbove(db, kioskId, query.afterSeq, query.limit + 1);
  const gaps = found.slice(0, query.limit);
  const more = found.length > query.limit;
  return {
    kioskId,
    lastSeq: toSafeInteger(summary.last_seq),
    storedCount: toSafeInteger(summary.n),
    gaps,
    nextAfterSeq: more ? (gaps[gaps.length - 1]?.toSeq ?? null) : null,
  };
}
