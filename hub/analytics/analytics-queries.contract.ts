// The dashboard views on a small hand-made dataset, on whichever database the caller opens:
// counts, rates and percentiles per day, key and filter (branch, kiosk, counter, service,
// week/month), the rollups kept by the triggers as rows arrive and change, each row counted
// once however often it is updated afterwards, and a full rebuild giving the same figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsQuery, AnalyticsResponse, AnalyticsView } from '../../protocol/analytics.js';
import { migrate } from '../storage/migrations.js';
import type { Database } from '../storage/queryable.js';
import type { TestDatabase } from '../testing/test-databases.node.js';
import { analyticsRebuildSql } from './analytics-migration.js';
import { rebuildAnalytics } from './rollup-rebuild.js';
import { analyticsCsv, applyAnalyticsTimeZone, createAnalyticsService, type AnalyticsService } from './analytics-service.js';

const NOW = Date.UTC(2026, 10, 4, 12, 0, 0);
const at = (day: number, hour: number, plusSec = 0) => Date.UTC(2026, 10, day, hour, 0, plusSec);
const C1 = '00000000-0000-4000-8000-0000000000c1';
const C2 = '00000000-0000-4000-8000-0000000000c2';
let nextId = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++nextId).padStart(12, '0')}`;
const RANGE: AnalyticsQuery = { from: '2026-11-01', to: '2026-11-03', group: 'day' };

async function issueTicket(db: Database, t: { branch: string; kiosk: string | null; service: string; vip?: boolean; issued: number }): Promise<string> {
  const id = uuid();
  await db.query(
    `INSERT INTO branch_tickets (ticket_id, kiosk_ticket_id, kiosk_id, branch_id, service_id, number, service_class, issued_at_ms, rank_ms, state, entered_at_ms)
     VALUES ($1, $2, $3, $4, $5, 'A001', $6, $7::bigint, $7::bigint, 'waiting', $7::bigint)`,
    [id, uuid(), t.kiosk, t.branch, t.service, t.vip ? 'vip' : 'regular', t.issued],
  );
  return id;
}

/** Called after waitSec; done after serving serviceSec, or a no-show. */
async function endTicket(db: Database, id: string, how: { counter: string; waitSec: number; serviceSec?: number }): Promise<void> {
  const { rows } = await db.query<{ issued_at_ms: string }>('SELECT issued_at_ms FROM branch_tickets WHERE ticket_id = $1', [id]);
  const called = Number(rows[0]!.issued_at_ms) + how.waitSec * 1000;
  await db.query(`UPDATE branch_tickets SET state = 'called', counter_id = $2, called_at_ms = $3 WHERE ticket_id = $1`, [id, how.counter, called]);
  if (how.serviceSec === undefined) {
    await db.query(`UPDATE branch_tickets SET state = 'no-show' WHERE ticket_id = $1`, [id]);
  } else {
    await db.query(`UPDATE branch_tickets SET state = 'serving', serving_at_ms = $2 WHERE ticket_id = $1`, [id, called + 10_000]);
    await db.query(`UPDATE branch_tickets SET state = 'done', finished_at_ms = $2 WHERE ticket_id = $1`, [id, called + 10_000 + how.serviceSec * 1000]);
  }
}

async function transaction(db: Database, kiosk: string, type: string, createdAt: number, seq: number): Promise<void> {
  await db.query(`INSERT INTO kiosk_transactions (kiosk_id, tx_id, seq, type, schema_version, created_at, payload) VALUES ($1, $2, $3, $4, 1, $5, '{}')`, [
    kiosk,
    uuid(),
    seq,
    type,
    new Date(createdAt).toISOString(),
  ]);
}

async function call(db: Database, c: { kiosk: string; topic: string; requested: number; answerSec: number | null; outcome: string; breach?: boolean }): Promise<void> {
  const id = uuid();
  const requested = new Date(c.requested).toISOString();
  await db.query(
    `INSERT INTO assist_requests (request_id, kiosk_id, language, topic, priority_class, flags, journey_step, status, requested_at)
     VALUES ($1, $2, 'zh-CN', $3, 'standard', '[]', 'home', 'waiting', $4)`,
    [id, c.kiosk, c.topic, requested],
  );
  if (c.breach) {
    await db.query(`INSERT INTO assist_sla_breaches (request_id, rule_id, kind, due_at, breached_at) VALUES ($1, 'answer-2m', 'answer', $2, $2)`, [id, requested]);
  }
  const answeredAt = c.answerSec === null ? null : new Date(c.requested + c.answerSec * 1000).toISOString();
  if (answeredAt) await db.query(`UPDATE assist_requests SET status = 'in-call', answered_at = $2, wait_ms = $3 WHERE request_id = $1`, [id, answeredAt, c.answerSec! * 1000]);
  await db.query(`UPDATE assist_requests SET status = 'closed', closed_at = $2, outcome = $3 WHERE request_id = $1`, [id, new Date(c.requested + 600_000).toISOString(), c.outcome]);
}

async function feedback(db: Database, kiosk: string, service: string, score: number, givenAt: number): Promise<void> {
  await db.query(
    `INSERT INTO customer_feedback (kiosk_id, tx_id, feedback_id, branch_id, journey, service, score, locale, given_at)
     VALUES ($1, $2, $3, NULL, 'queue-ticket', $4, $5, 'en', $6)`,
    [kiosk, uuid(), uuid(), service, score, new Date(givenAt).toISOString()],
  );
}

async function followUp(db: Database, kiosk: string, branch: string, openedAt: number, dueAt: number, status: string): Promise<void> {
  await db.query(
    `INSERT INTO follow_up_cases (case_id, kind, kiosk_id, tx_id, branch_id, opened_at, due_at, status, service)
     VALUES ($1, 'detractor', $2, $3, $4, $5, $6, $7, 'cash')`,
    [uuid(), kiosk, uuid(), branch, new Date(openedAt).toISOString(), new Date(dueAt).toISOString(), status],
  );
}

export function describeAnalyticsQueries(label: string, open: () => Promise<TestDatabase>): void {
  describe(`service analytics views (${label})`, () => {
    let testDb: TestDatabase;
    let db: Database;
    let analytics: AnalyticsService;
    let t1: string;
    const view = <V extends AnalyticsView>(name: V, query: Partial<AnalyticsQuery> = {}) =>
      analytics.view(name, { ...RANGE, ...query }) as Promise<Extract<AnalyticsResponse, { view: V }>>;

    beforeAll(async () => {
      testDb = await open();
      db = testDb.db;
      await migrate(db);
      analytics = createAnalyticsService(db, { now: () => NOW });
      await db.query(`INSERT INTO kiosks (kiosk_id, branch_id) VALUES ('K1', 'BR1'), ('K2', 'BR1'), ('K3', 'BR2')`);
      await db.query(
        `INSERT INTO branch_counters (counter_id, branch_id, name, services, updated_at_ms) VALUES ($1, 'BR1', 'Counter 1', '[]', 0), ($2, 'BR2', 'Counter 1', '[]', 0)`,
        [C1, C2],
      );
      t1 = await issueTicket(db, { branch: 'BR1', kiosk: 'K1', service: 'cash', issued: at(2, 9) });
      await endTicket(db, t1, { counter: C1, waitSec: 60, serviceSec: 300 });
      await endTicket(db, await issueTicket(db, { branch: 'BR1', kiosk: 'K2', service: 'cash', vip: true, issued: at(2, 10) }), { counter: C1, waitSec: 30 });
      await endTicket(db, await issueTicket(db, { branch: 'BR1', kiosk: 'K1', service: 'loan', issued: at(3, 9) }), { counter: C1, waitSec: 600, serviceSec: 120 });
      await issueTicket(db, { branch: 'BR2', kiosk: 'K3', service: 'cash', issued: at(2, 11) });
      // Outside the range: never counted in it.
      await endTicket(db, await issueTicket(db, { branch: 'BR1', kiosk: 'K1', service: 'cash', issued: at(5, 9) }), { counter: C1, waitSec: 5, serviceSec: 5 });

      await transaction(db, 'K1', 'bill.payment', at(2, 9), 1);
      await transaction(db, 'K1', 'bill.payment', at(2, 10), 2);
      await transaction(db, 'K3', 'statement.print', at(3, 9), 1);

      await call(db, { kiosk: 'K1', topic: 'cards', requested: at(2, 9), answerSec: 20, outcome: 'served' });
      await call(db, { kiosk: 'K1', topic: 'cards', requested: at(2, 10), answerSec: 40, outcome: 'dropped' });
      await call(db, { kiosk: 'K3', topic: 'loans', requested: at(3, 9), answerSec: null, outcome: 'abandoned', breach: true });

      await feedback(db, 'K1', 'cash', 10, at(2, 9));
      await feedback(db, 'K1', 'cash', 8, at(2, 10));
      await feedback(db, 'K2', 'loan', 3, at(3, 9));

      await followUp(db, 'K2', 'BR1', at(3, 9), at(4, 9), 'open'); // overdue at NOW
      await followUp(db, 'K2', 'BR1', at(3, 11), at(4, 13), 'open'); // not yet
      await followUp(db, 'K3', 'BR2', at(2, 9), at(3, 9), 'closed');
    }, 60_000);
    afterAll(async () => {
      await testDb?.dispose();
    });

    it('tickets per day over all branches: issued, VIP, served, no-shows, abandonment, waits and service times', async () => {
      const tickets = await view('tickets');
      expect(tickets.series.map((r) => [r.period, r.issued, r.vip, r.served, r.noShow])).toEqual([
        ['2026-11-02', 3, 1, 1, 1],
        ['2026-11-03', 1, 0, 1, 0],
      ]);
      expect(tickets.total).toMatchObject({ issued: 4, served: 2, noShow: 1, abandonmentRate: 0.3333, waitAvgMs: 230_000 });
      const day2 = tickets.series[0]!;
      // Two waits, 30 s and 60 s: the median lies in 30 s's bucket, the 90th in 60 s's (±25 %).
      expect(day2.waitP50Ms).toBeGreaterThanOrEqual(30_000 * 0.75);
      expect(day2.waitP50Ms).toBeLessThanOrEqual(30_000 * 1.25);
      expect(day2.waitP90Ms).toBeGreaterThanOrEqual(60_000 * 0.75);
      expect(day2.waitP90Ms).toBeLessThanOrEqual(60_000 * 1.25);
      expect(day2.serviceP50Ms).toBeGreaterThanOrEqual(300_000 * 0.8);
      expect(day2.serviceP50Ms).toBeLessThanOrEqual(300_000 * 1.25);
      expect(tickets.byKey.map((r) => [r.key, r.issued, r.served, r.noShow])).toEqual([
        ['cash', 3, 1, 1],
        ['loan', 1, 1, 0],
      ]);
      expect(tickets.timeZone).toBe('UTC');
    });

    it('filters tickets by branch, kiosk, counter and service, and groups by month', async () => {
      expect((await view('tickets', { branchId: 'BR2' })).total).toMatchObject({ issued: 1, served: 0 });
      expect((await view('tickets', { kioskId: 'K1' })).total).toMatchObject({ issued: 2, served: 2, noShow: 0 });
      // A counter serves, it issues nothing.
      expect((await view('tickets', { counterId: C1 })).total).toMatchObject({ issued: 0, served: 2, noShow: 1 });
      expect((await view('tickets', { counterId: C2 })).total).toMatchObject({ issued: 0, served: 0 });
      expect((await view('tickets', { service: 'loan' })).total).toMatchObject({ issued: 1, served: 1 });
      // A kiosk of another branch than the one asked for: nothing, not the kiosk's own branch.
      expect((await view('tickets', { kioskId: 'K3', branchId: 'BR1' })).total.issued).toBe(0);
      const monthly = await view('tickets', { from: '2026-11-01', to: '2026-11-30', group: 'month' });
      expect(monthly.series.map((r) => [r.period, r.issued])).toEqual([['2026-11-01', 5]]);
      const weekly = await view('tickets', { group: 'week' });
      // 1 Nov 2026 is a Sunday: its week starts on Monday 26 Oct.
      expect(weekly.series.map((r) => r.period)).toEqual(['2026-11-02']);
    });

    it('journeys, calls, feedback and follow-up cases', async () => {
      const journeys = await view('journeys');
      expect(journeys.byKey).toEqual([
        { key: 'bill.payment', count: 2 },
        { key: 'statement.print', count: 1 },
      ]);
      expect((await view('journeys', { kioskId: 'K3' })).total.count).toBe(1);

      const calls = await view('calls');
      expect(calls.total).toMatchObject({ requests: 3, answered: 2, abandoned: 1, abandonmentRate: 0.3333, slaBreaches: 1, firstContactRate: 0.5 });
      expect(calls.total.answerP50Ms).toBeGreaterThanOrEqual(15_000);
      expect(calls.total.answerP50Ms).toBeLessThanOrEqual(25_000);
      expect(calls.byKey.map((r) => [r.key, r.requests])).toEqual([
        ['cards', 2],
        ['loans', 1],
      ]);

      const fb = await view('feedback');
      expect(fb.total).toEqual({ responses: 3, promoters: 1, passives: 1, detractors: 1, nps: 0, satisfaction: 7 });
      expect((await view('feedback', { branchId: 'BR1', service: 'cash' })).total).toMatchObject({ responses: 2, nps: 50 });

      const cases = await view('follow-ups');
      expect(cases.total).toEqual({ opened: 3, open: 2, overdue: 1, closed: 1 });
      expect((await view('follow-ups', { branchId: 'BR2' })).total).toEqual({ opened: 1, open: 0, overdue: 0, closed: 1 });
    });

    it('counts a row once: new rows after the first figures add exactly themselves, updates add nothing, a rebuild agrees', async () => {
      const before = (await view('tickets')).total;
      const t = await issueTicket(db, { branch: 'BR1', kiosk: 'K2', service: 'cash', issued: at(3, 15) });
      await endTicket(db, t, { counter: C1, waitSec: 90, serviceSec: 60 });
      // A later update of an ended ticket (a recall count fixed by a teller) is not a second end.
      await db.query(`UPDATE branch_tickets SET recalls = 1 WHERE ticket_id = $1`, [t]);
      await db.query(`UPDATE branch_tickets SET state = 'done' WHERE ticket_id = $1`, [t1]);
      const after = (await view('tickets')).total;
      expect(after).toMatchObject({ issued: before.issued + 1, served: before.served + 1, noShow: before.noShow });
      await transaction(db, 'K2', 'card.replace', at(3, 16), 1);
      expect((await view('journeys')).total.count).toBe(4);

      // A case contacted then closed moves its count; opened stays.
      await db.query(`UPDATE follow_up_cases SET status = 'contacted' WHERE status = 'open' AND due_at < $1`, [new Date(NOW).toISOString()]);
      await db.query(`UPDATE follow_up_cases SET status = 'closed' WHERE status = 'contacted'`);
      expect((await view('follow-ups')).total).toEqual({ opened: 3, open: 1, overdue: 0, closed: 2 });

      const everything = await Promise.all((['tickets', 'journeys', 'calls', 'feedback', 'follow-ups'] as const).map((name) => view(name, { group: 'week' })));
      await db.transaction((tx) => tx.exec(analyticsRebuildSql()));
      const rebuilt = await Promise.all((['tickets', 'journeys', 'calls', 'feedback', 'follow-ups'] as const).map((name) => view(name, { group: 'week' })));
      expect(rebuilt).toEqual(everything);
      // Day by day (the windows a large bank's rebuild uses): the same again.
      await db.transaction((tx) => rebuildAnalytics(tx, { windowDays: 1 }));
      const byDay = await Promise.all((['tickets', 'journeys', 'calls', 'feedback', 'follow-ups'] as const).map((name) => view(name, { group: 'week' })));
      expect(byDay).toEqual(everything);
    });

    it('writes a view as CSV: BOM, header, one row per period', async () => {
      const csv = analyticsCsv(await view('calls'));
      const lines = csv.split('\r\n');
      expect(lines[0]).toBe('\uFEFFperiod,requests,answered,abandoned,abandonmentRate,answerP50Ms,answerP90Ms,slaBreaches,firstContactRate');
      expect(lines[1]).toMatch(/^2026-11-02,2,2,0,0,\d+,\d+,0,0\.5$/);
      expect(lines).toHaveLength(4);
    });

    it('counts days in the time zone of the bank once it is set, recounting what is there', async () => {
      const byDay = async () => Object.fromEntries((await view('tickets', { branchId: 'BR2' })).series.map((r) => [r.period, r.issued]));
      // 20:00 UTC on the 2nd is 04:00 on the 3rd in Shanghai.
      await issueTicket(db, { branch: 'BR2', kiosk: 'K3', service: 'cash', issued: at(2, 20) });
      expect(await byDay()).toEqual({ '2026-11-02': 2 });
      expect(await applyAnalyticsTimeZone(db, 'Asia/Shanghai')).toBe(true);
      expect(await byDay()).toEqual({ '2026-11-02': 1, '2026-11-03': 1 });
      expect((await view('tickets')).timeZone).toBe('Asia/Shanghai');
      // New rows follow the new calendar too.
      await issueTicket(db, { branch: 'BR2', kiosk: 'K3', service: 'cash', issued: at(2, 23) });
      expect(await byDay()).toEqual({ '2026-11-02': 1, '2026-11-03': 2 });
      expect(await applyAnalyticsTimeZone(db, 'Asia/Shanghai')).toBe(false);
      await expect(applyAnalyticsTimeZone(db, 'Mars/Olympus_Mons')).rejects.toThrow(/unknown time zone/);
      expect(await applyAnalyticsTimeZone(db, 'UTC')).toBe(true);
      expect(await byDay()).toEqual({ '2026-11-02': 3 });
    });
  });
}
