// The dashboard views: one SQL statement each over the daily rollups (follow-up cases over
// their own table), grouped by GROUPING SETS into the per-period series, the per-key totals
// and the grand total at once. Durations come back as summed histograms and become
// percentiles here (precision: hub/analytics/histogram.ts).
import {
  DEFAULT_ANALYTICS_DAYS,
  type AnalyticsGroup,
  type AnalyticsQuery,
  type AnalyticsResponse,
  type AnalyticsView,
  type CallMetrics,
  type FeedbackMetrics,
  type FollowUpMetrics,
  type JourneyMetrics,
  type TicketMetrics,
} from '../../protocol/analytics.js';
import { netPromoterScore } from '../../protocol/customer-feedback.js';
import type { Queryable } from '../storage/queryable.js';
import { HISTOGRAM_BUCKETS, percentileMs } from './histogram.js';

type Row = Record<string, unknown>;

/** The query with its defaults filled in against the analytics calendar's `today`. */
export interface AnalyticsScope {
  from: string;
  to: string;
  group: AnalyticsGroup;
  branchId?: string | undefined;
  kioskId?: string | undefined;
  counterId?: string | undefined;
  service?: string | undefined;
}

const DAY_MS = 86_400_000;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

export function scopeOf(query: AnalyticsQuery, today: string): AnalyticsScope {
  const to = query.to ?? (query.from && query.from > today ? query.from : today);
  const from = query.from ?? addDays(to, -(DEFAULT_ANALYTICS_DAYS - 1));
  return { from, to, group: query.group, branchId: query.branchId, kioskId: query.kioskId, counterId: query.counterId, service: query.service };
}

/** Today in the analytics time zone (the calendar the rollups' days are in). */
export async function analyticsToday(db: Queryable, nowMs: number): Promise<{ today: string; timeZone: string }> {
  const { rows } = await db.query<{ today: string; time_zone: string }>(
    `SELECT to_char(analytics_day(to_timestamp($1 / 1000.0)), 'YYYY-MM-DD') AS today, time_zone FROM analytics_settings`,
    [nowMs],
  );
  const row = rows[0];
  if (!row) throw new Error('analytics_settings is empty');
  return { today: row.today, timeZone: row.time_zone };
}

const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));
const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
const histogramColumns = (column: string, prefix: string) =>
  Array.from({ length: HISTOGRAM_BUCKETS }, (_, i) => `sum(${column}[${i + 1}]) AS ${prefix}${i + 1}`).join(', ');
const histogramOf = (row: Row, prefix: string) => Array.from({ length: HISTOGRAM_BUCKETS }, (_, i) => num(row[`${prefix}${i + 1}`]));

function periodSql(group: AnalyticsGroup, dayColumn: string): string {
  return group === 'day' ? dayColumn : `date_trunc('${group}', ${dayColumn})::date`;
}

interface Where {
  clauses: string[];
  params: unknown[];
}

const param = (where: Where, value: unknown) => `$${where.params.push(value)}`;

/** The branch the scope reads: a kiosk or counter names its own ('' matches nothing when they disagree). */
async function branchOf(db: Queryable, scope: AnalyticsScope): Promise<string | undefined> {
  let branchId = scope.branchId;
  const lookups: [string | undefined, string][] = [
    [scope.kioskId, 'SELECT branch_id FROM kiosks WHERE kiosk_id = $1'],
    [scope.counterId, 'SELECT branch_id FROM branch_counters WHERE counter_id = $1'],
  ];
  for (const [id, sql] of lookups) {
    if (id === undefined) continue;
    const { rows } = await db.query<{ branch_id: string }>(sql, [id]);
    const own = rows[0]?.branch_id ?? '';
    branchId = branchId === undefined || branchId === own ? own : '';
  }
  return branchId;
}

/** Which rollup rows answer the scope: a kiosk's, a counter's, a branch's totals or every branch's. */
async function rollupWhere(db: Queryable, scope: AnalyticsScope, keyColumn: string, withCounter: boolean): Promise<Where> {
  const where: Where = { clauses: [], params: [] };
  where.clauses.push(`day BETWEEN ${param(where, scope.from)}::date AND ${param(where, scope.to)}::date`);
  // The rollups are keyed by branch first, so even a kiosk's rows are found by their branch.
  const branchId = await branchOf(db, scope);
  where.clauses.push(`branch_id = ${branchId === undefined ? `'*'` : param(where, branchId)}`);
  where.clauses.push(`kiosk_id = ${scope.kioskId ? param(where, scope.kioskId) : `'*'`}`);
  // Views without a counter dimension read the counter's branch.
  if (withCounter) where.clauses.push(`counter_id = ${scope.counterId ? param(where, scope.counterId) : `'*'`}`);
  if (scope.service) where.clauses.push(`${keyColumn} = ${param(where, scope.service)}`);
  return where;
}

/**
 * Overdue cases (open past their due time) depend on the clock, so they are counted from the
 * cases themselves: the open ones are few, and found by status and due time.
 */
async function addOverdue(db: Queryable, g: Grouped, scope: AnalyticsScope, timeZone: string, nowMs: number): Promise<void> {
  const where: Where = { clauses: [`status = 'open'`], params: [] };
  const tz = param(where, timeZone);
  where.clauses.push(`due_at < to_timestamp(${param(where, nowMs)} / 1000.0)`);
  where.clauses.push(`opened_at >= (${param(where, scope.from)}::date::timestamp AT TIME ZONE ${tz})`);
  where.clauses.push(`opened_at < ((${param(where, scope.to)}::date + 1)::timestamp AT TIME ZONE ${tz})`);
  const branchId = await branchOf(db, scope);
  if (branchId !== undefined) where.clauses.push(`branch_id = ${param(where, branchId)}`);
  if (scope.kioskId) where.clauses.push(`kiosk_id = ${param(where, scope.kioskId)}`);
  if (scope.service) where.clauses.push(`COALESCE(service, kind) = ${param(where, scope.service)}`);
  const day = `(opened_at AT TIME ZONE ${tz})::date`;
  const overdue = await grouped(
    db,
    (p, k) => selectGrouped(p, k, 'count(*) AS overdue', `(SELECT *, ${day} AS day, COALESCE(service, kind) AS case_key FROM follow_up_cases) cases`, where),
    where.params,
    scope.group,
    'day',
    'case_key',
  );
  const byPeriod = new Map(overdue.series.map((row) => [row.period, row.overdue]));
  const byKey = new Map(overdue.byKey.map((row) => [row.key, row.overdue]));
  for (const row of g.series) row.overdue = byPeriod.get(row.period) ?? 0;
  for (const row of g.byKey) row.overdue = byKey.get(row.key) ?? 0;
  g.total.overdue = overdue.total.overdue ?? 0;
}

interface Grouped {
  series: (Row & { period: string })[];
  byKey: (Row & { key: string })[];
  total: Row;
}

/** Runs `SELECT … GROUP BY GROUPING SETS ((period), (key), ())` and splits the rows. */
async function grouped(db: Queryable, sql: (period: string, key: string) => string, params: unknown[], group: AnalyticsGroup, dayColumn: string, keyColumn: string): Promise<Grouped> {
  const period = periodSql(group, dayColumn);
  const { rows } = await db.query<Row>(sql(period, keyColumn), params);
  const series: Grouped['series'] = [];
  const byKey: Grouped['byKey'] = [];
  let total: Row = {};
  for (const row of rows) {
    if (num(row.g_period) === 0) series.push({ ...row, period: String(row.period) });
    else if (num(row.g_key) === 0) byKey.push({ ...row, key: String(row.key) });
    else total = row;
  }
  series.sort((a, b) => a.period.localeCompare(b.period));
  return { series, byKey, total };
}

const selectGrouped = (period: string, key: string, sums: string, from: string, where: Where) => `
  SELECT to_char(${period}, 'YYYY-MM-DD') AS period, ${key} AS key, GROUPING(${period}) AS g_period, GROUPING(${key}) AS g_key, ${sums}
  FROM ${from}
  WHERE ${where.clauses.join(' AND ')}
  GROUP BY GROUPING SETS ((${period}), (${key}), ())`;

function ticketMetrics(row: Row): TicketMetrics {
  const wait = histogramOf(row, 'w');
  const service = histogramOf(row, 's');
  const served = num(row.served);
  const noShow = num(row.no_show);
  const waited = num(row.waited);
  return {
    issued: num(row.issued),
    vip: num(row.vip),
    served,
    noShow,
    abandonmentRate: ratio(noShow, served + noShow),
    waitAvgMs: waited > 0 ? Math.round(num(row.wait_ms_sum) / waited) : null,
    waitP50Ms: percentileMs(wait, 0.5),
    waitP90Ms: percentileMs(wait, 0.9),
    serviceP50Ms: percentileMs(service, 0.5),
    serviceP90Ms: percentileMs(service, 0.9),
  };
}

function callMetrics(row: Row): CallMetrics {
  const answer = histogramOf(row, 'a');
  const requests = num(row.requests);
  const answered = num(row.answered);
  const abandoned = num(row.abandoned);
  return {
    requests,
    answered,
    abandoned,
    abandonmentRate: ratio(abandoned, requests),
    answerP50Ms: percentileMs(answer, 0.5),
    answerP90Ms: percentileMs(answer, 0.9),
    slaBreaches: num(row.breaches),
    firstContactRate: ratio(num(row.first_contact), answered),
  };
}

function feedbackMetrics(row: Row): FeedbackMetrics {
  const responses = num(row.responses);
  const counts = { promoters: num(row.promoters), passives: num(row.passives), detractors: num(row.detractors) };
  return { responses, ...counts, nps: responses > 0 ? netPromoterScore(counts) : null, satisfaction: responses > 0 ? Math.round((num(row.score_sum) / responses) * 100) / 100 : null };
}

const journeyMetrics = (row: Row): JourneyMetrics => ({ count: num(row.count) });
const followUpMetrics = (row: Row): FollowUpMetrics => ({ opened: num(row.opened), open: num(row.open), overdue: num(row.overdue), closed: num(row.closed) });

function shape<M>(g: Grouped, metrics: (row: Row) => M, size: (m: M) => number) {
  const byKey = g.byKey.map((row) => ({ key: row.key, ...metrics(row) }));
  byKey.sort((a, b) => size(b) - size(a) || a.key.localeCompare(b.key));
  return { series: g.series.map((row) => ({ period: row.period, ...metrics(row) })), byKey, total: metrics(g.total) };
}

/** One dashboard view over `scope`; `nowMs` decides which open follow-up cases are overdue. */
export async function analyticsView(db: Queryable, view: AnalyticsView, scope: AnalyticsScope, timeZone: string, nowMs: number): Promise<AnalyticsResponse> {
  const head = { from: scope.from, to: scope.to, group: scope.group, timeZone };
  switch (view) {
    case 'tickets': {
      const where = await rollupWhere(db, scope, 'service_id', true);
      const sums = `sum(issued) AS issued, sum(vip) AS vip, sum(served) AS served, sum(no_show) AS no_show, sum(waited) AS waited,
        sum(wait_ms_sum) AS wait_ms_sum, ${histogramColumns('wait_hist', 'w')}, ${histogramColumns('service_hist', 's')}`;
      const g = await grouped(db, (p, k) => selectGrouped(p, k, sums, 'analytics_ticket_days', where), where.params, scope.group, 'day', 'service_id');
      return { view, ...head, ...shape(g, ticketMetrics, (m) => m.issued + m.served) };
    }
    case 'journeys': {
      const where = await rollupWhere(db, scope, 'journey', false);
      const g = await grouped(db, (p, k) => selectGrouped(p, k, 'sum(count) AS count', 'analytics_journey_days', where), where.params, scope.group, 'day', 'journey');
      return { view, ...head, ...shape(g, journeyMetrics, (m) => m.count) };
    }
    case 'calls': {
      const where = await rollupWhere(db, scope, 'topic', false);
      const sums = `sum(requests) AS requests, sum(answered) AS answered, sum(abandoned) AS abandoned, sum(first_contact) AS first_contact,
        sum(breaches) AS breaches, ${histogramColumns('answer_hist', 'a')}`;
      const g = await grouped(db, (p, k) => selectGrouped(p, k, sums, 'analytics_call_days', where), where.params, scope.group, 'day', 'topic');
      return { view, ...head, ...shape(g, callMetrics, (m) => m.requests) };
    }
    case 'feedback': {
      const where = await rollupWhere(db, scope, 'service', false);
      const sums = 'sum(responses) AS responses, sum(promoters) AS promoters, sum(passives) AS passives, sum(detractors) AS detractors, sum(score_sum) AS score_sum';
      const g = await grouped(db, (p, k) => selectGrouped(p, k, sums, 'analytics_feedback_days', where), where.params, scope.group, 'day', 'service');
      return { view, ...head, ...shape(g, feedbackMetrics, (m) => m.responses) };
    }
    case 'follow-ups': {
      const where = await rollupWhere(db, scope, 'case_key', false);
      const sums = 'sum(opened) AS opened, sum(open) AS open, sum(closed) AS closed';
      const g = await grouped(db, (p, k) => selectGrouped(p, k, sums, 'analytics_follow_up_days', where), where.params, scope.group, 'day', 'case_key');
      await addOverdue(db, g, scope, timeZone, nowMs);
      return { view, ...head, ...shape(g, followUpMetrics, (m) => m.opened) };
    }
  }
}
