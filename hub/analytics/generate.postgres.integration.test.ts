// The analytics data generator at a tiny size, on the real PostgreSQL (its own schema): the
// row counts are exactly what its volume formulas ask for (busy weekdays, quiet Sundays, branch
// sizes), the rollups hold every generated row once, the views read them, and a second run with
// the same size finds its stamp and writes nothing.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../storage/postgres.node.js';
import { TEST_DATABASE_URL } from '../testing/test-databases.node.js';
import { createAnalyticsService } from './analytics-service.js';
import { generateAnalyticsData, KIOSKS_PER_BRANCH } from './generate.node.js';

const schema = `analytics_gen_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
const END_DAY = '2026-11-30';
const DAYS = 7;
const BRANCHES = 2;
const SCALE = 0.2;

afterAll(async () => {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

/** Σ over days and branches of round(base × weekday × branch size), as the generator's SQL. */
function expected(base: number, perKiosk = false): number {
  let total = 0;
  for (let i = 0; i < DAYS; i += 1) {
    const day = new Date(Date.parse(`${END_DAY}T00:00:00Z`) - i * 86_400_000).getUTCDay();
    const weekday = day === 6 ? 0.8 : day === 0 ? 0.45 : 1.1;
    for (let b = 1; b <= BRANCHES; b += 1) {
      const n = Math.round(base * weekday * (0.5 + (b % 11) / 10));
      total += perKiosk ? n * KIOSKS_PER_BRANCH : n;
    }
  }
  return total;
}

describe('analytics data generator (postgres)', () => {
  it('writes the asked volumes, builds the rollups, and does not regenerate the same size', async () => {
    const lines: string[] = [];
    const first = await generateAnalyticsData({ connectionString: TEST_DATABASE_URL, schema, branches: BRANCHES, days: DAYS, scale: SCALE, endDay: END_DAY, log: (l) => lines.push(l) });
    expect(first.generated).toBe(true);
    expect(first.rows).toMatchObject({
      branch_tickets: expected(150 * SCALE),
      kiosk_transactions: expected((100 * SCALE) / KIOSKS_PER_BRANCH, true),
      assist_requests: expected(10 * SCALE),
      customer_feedback: expected(22 * SCALE),
      kiosks: BRANCHES * KIOSKS_PER_BRANCH,
      branch_counters: BRANCHES * 5,
    });
    expect(first.totalRows).toBe(Object.values(first.rows).reduce((a, b) => a + b, 0));
    expect(lines.at(-1)).toMatch(/^generated [\d,]+ rows in [\d.]+ s/);

    const db = await openPostgres({ connectionString: TEST_DATABASE_URL, searchPath: schema, maxConnections: 1 });
    try {
      const { rows: raw } = await db.query<{ tickets: string; done: string; no_show: string; vip: string; detractors: string; cases: string }>(
        `SELECT (SELECT count(*) FROM branch_tickets) AS tickets, (SELECT count(*) FROM branch_tickets WHERE state = 'done') AS done,
                (SELECT count(*) FROM branch_tickets WHERE state = 'no-show') AS no_show, (SELECT count(*) FROM branch_tickets WHERE service_class = 'vip') AS vip,
                (SELECT count(*) FROM customer_feedback WHERE score <= 6) AS detractors, (SELECT count(*) FROM follow_up_cases) AS cases`,
      );
      const counts = raw[0]!;
      // Every detractor gets a follow-up case, as the hub's ingest does.
      expect(Number(counts.cases)).toBe(Number(counts.detractors));
      const analytics = createAnalyticsService(db, { now: () => Date.parse(`${END_DAY}T12:00:00Z`) });
      const tickets = await analytics.view('tickets', { from: '2026-11-24', to: END_DAY, group: 'day' });
      expect(tickets.view === 'tickets' && tickets.total).toMatchObject({ issued: Number(counts.tickets), served: Number(counts.done), noShow: Number(counts.no_show), vip: Number(counts.vip) });
      expect(tickets.series).toHaveLength(DAYS);
      const journeys = await analytics.view('journeys', { from: '2026-11-24', to: END_DAY, group: 'week' });
      expect(journeys.view === 'journeys' && journeys.total.count).toBe(first.rows.kiosk_transactions);
      const cases = await analytics.view('follow-ups', { from: '2026-11-24', to: END_DAY, group: 'day' });
      expect(cases.view === 'follow-ups' && cases.total.opened).toBe(Number(counts.cases));
    } finally {
      await db.close();
    }

    const again = await generateAnalyticsData({ connectionString: TEST_DATABASE_URL, schema, branches: BRANCHES, days: DAYS, scale: SCALE, endDay: END_DAY });
    expect(again).toMatchObject({ generated: false, totalRows: first.totalRows, endDay: END_DAY });
  }, 120_000);

  it('refuses a schema name it would have to quote', async () => {
    await expect(generateAnalyticsData({ connectionString: TEST_DATABASE_URL, schema: 'x; DROP SCHEMA public', branches: 1, days: 1 })).rejects.toThrow(/schema must match/);
  });
});
