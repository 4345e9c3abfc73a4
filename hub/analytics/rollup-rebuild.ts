// Recounting the rollups from the raw rows a week at a time, so each step aggregates a week's
// rows in memory instead of a year's spilling to disk (a year of a 500-branch bank: ~9 million
// rollup rows). Runs inside the caller's transaction, which holds writers off for its length.
import type { Queryable } from '../storage/queryable.js';
import { rollupDeleteSql, rollupInsertSql } from './analytics-migration.js';

const DAY_MS = 86_400_000;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** Rebuilds every rollup; returns the days covered (null when there are no raw rows). */
export async function rebuildAnalytics(tx: Queryable, { windowDays = 7, log }: { windowDays?: number; log?: (line: string) => void } = {}): Promise<{ from: string; to: string } | null> {
  await tx.exec('LOCK TABLE branch_tickets, kiosk_transactions, assist_requests, assist_sla_breaches, customer_feedback, follow_up_cases IN SHARE MODE');
  await tx.exec(rollupDeleteSql());
  const { rows } = await tx.query<{ first: string | null; last: string | null }>(
    `SELECT to_char(min(d), 'YYYY-MM-DD') AS first, to_char(max(d), 'YYYY-MM-DD') AS last FROM (
       SELECT analytics_day(to_timestamp(min(issued_at_ms) / 1000.0)) AS d FROM branch_tickets
       UNION ALL SELECT analytics_day(to_timestamp(max(issued_at_ms) / 1000.0)) FROM branch_tickets
       UNION ALL SELECT analytics_day(min(created_at)) FROM kiosk_transactions UNION ALL SELECT analytics_day(max(created_at)) FROM kiosk_transactions
       UNION ALL SELECT analytics_day(min(requested_at)) FROM assist_requests UNION ALL SELECT analytics_day(max(requested_at)) FROM assist_requests
       UNION ALL SELECT analytics_day(min(given_at)) FROM customer_feedback UNION ALL SELECT analytics_day(max(given_at)) FROM customer_feedback
       UNION ALL SELECT analytics_day(min(opened_at)) FROM follow_up_cases UNION ALL SELECT analytics_day(max(opened_at)) FROM follow_up_cases
     ) days`,
  );
  const first = rows[0]?.first;
  const last = rows[0]?.last;
  if (!first || !last) return null;
  for (let from = first; from <= last; from = addDays(from, windowDays)) {
    const to = addDays(from, windowDays - 1);
    await tx.exec(rollupInsertSql({ from, to: to < last ? to : last }));
    log?.(`  rollups for ${from}…${to < last ? to : last}`);
  }
  return { from: first, to: last };
}
