// Service analytics as the routes use it: a query in (defaults against today's date in the
// analytics time zone), a view or its CSV out. Reads only; the rollups are written by the
// triggers of the migration (hub/analytics/analytics-migration.ts).
import { ANALYTICS_METRICS, analyticsResponseSchema, type AnalyticsQuery, type AnalyticsResponse, type AnalyticsView } from '../../protocol/analytics.js';
import { toCsv, type CsvCell } from '../../protocol/csv.js';
import type { Clock } from '../assist/clock.js';
import type { Database, Queryable } from '../storage/queryable.js';
import { analyticsToday, analyticsView, scopeOf } from './analytics-queries.js';
import { rebuildAnalytics } from './rollup-rebuild.js';

export interface AnalyticsService {
  view(view: AnalyticsView, query: AnalyticsQuery): Promise<AnalyticsResponse>;
}

export function createAnalyticsService(db: Queryable, clock: Pick<Clock, 'now'>): AnalyticsService {
  return {
    async view(view, query) {
      const now = clock.now();
      const { today, timeZone } = await analyticsToday(db, now);
      // Parsed on the way out too: a query that drifted from protocol/ fails here, not in the console.
      return analyticsResponseSchema.parse(await analyticsView(db, view, scopeOf(query, today), timeZone, now));
    },
  };
}

/** The series of a view (what its chart shows), one row per period: `period` then its metrics. */
export function analyticsCsv(response: AnalyticsResponse): string {
  const metrics: readonly string[] = ANALYTICS_METRICS[response.view];
  const rows = response.series.map((row) => {
    const values = row as unknown as Record<string, CsvCell>;
    return [row.period, ...metrics.map((metric) => values[metric] ?? null)];
  });
  return toCsv(['period', ...metrics], rows);
}

/**
 * Sets the calendar the rollups count days in (HUB_ANALYTICS_TIME_ZONE, an IANA name such as
 * Asia/Shanghai) and, when it changes, recounts every rollup in it — once, at hub start, in one
 * transaction that holds writers off meanwhile (seconds on a branch's data, minutes on a bank's).
 * Returns whether it changed; an unknown zone is refused before anything is touched.
 */
export async function applyAnalyticsTimeZone(db: Database, timeZone: string): Promise<boolean> {
  try {
    await db.query('SELECT now() AT TIME ZONE $1', [timeZone]);
  } catch {
    throw new Error(`HUB_ANALYTICS_TIME_ZONE: unknown time zone ${JSON.stringify(timeZone.slice(0, 64))}`);
  }
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ time_zone: string }>('SELECT time_zone FROM analytics_settings FOR UPDATE');
    if (rows[0]?.time_zone === timeZone) return false;
    await tx.query('UPDATE analytics_settings SET time_zone = $1', [timeZone]);
    await rebuildAnalytics(tx);
    return true;
  });
}
