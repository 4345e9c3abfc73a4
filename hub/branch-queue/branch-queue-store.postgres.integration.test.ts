// Needs the PostgreSQL at HUB_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
// The contract, and the race the queue must win: tellers at different counters, served by two
// hub instances (two connection pools), pressing "call next" at the same instant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../assist/testing/fake-clock.js';
import { openPostgres } from '../storage/postgres.node.js';
import type { Database } from '../storage/queryable.js';
import { createTestSchema, openTestPostgres, TEST_DATABASE_URL } from '../testing/test-databases.node.js';
import { addTicket, describeBranchQueueContract, freshBranch, openCounter, T0, teller } from './branch-queue-store.contract.js';
import { createBranchQueueStore, type BranchQueueStore } from './branch-queue-store.js';

describeBranchQueueContract('postgres', openTestPostgres);

describe('"call next" at the same instant from two hub instances on PostgreSQL', () => {
  let dbs: Database[] = [];
  let a: BranchQueueStore;
  let b: BranchQueueStore;
  let drop: () => Promise<void>;
  const clock = new FakeClock(T0 + 3_600_000);

  beforeAll(async () => {
    const schema = await createTestSchema();
    drop = schema.drop;
    dbs = await Promise.all([0, 1].map(() => openPostgres({ connectionString: TEST_DATABASE_URL, searchPath: schema.schema })));
    a = await createBranchQueueStore(dbs[0]!, clock);
    b = await createBranchQueueStore(dbs[1]!, clock);
  });
  afterAll(async () => {
    for (const db of dbs) await db.close();
    await drop?.();
  });

  it('gives two counters two different tickets, the two first in order, 150 rounds out of 150', async () => {
    for (let round = 0; round < 150; round++) {
      const branch = freshBranch();
      const [ta, tb] = [teller(), teller()];
      const ca = await openCounter(a, branch, ['s'], ta);
      const cb = await openCounter(b, branch, ['s'], tb);
      const first = await addTicket(a, branch, 's', 'vip', T0 + 1000);
      const second = await addTicket(b, branch, 's', 'regular', T0);
      await addTicket(a, branch, 's', 'regular', T0 + 5000);
      const [ra, rb] = await Promise.all([a.act(ca, 'call-next', ta), b.act(cb, 'call-next', tb)]);
      if (!ra.ok || !rb.ok) throw new Error('call-next refused');
      expect([ra.ticket?.ticketId, rb.ticket?.ticketId].sort()).toEqual([first, second].sort());
      expect(ra.ticket?.counterId).toBe(ca);
      expect(rb.ticket?.counterId).toBe(cb);
    }
  });

  it('gives the last ticket to exactly one of two counters, and neither waits on the other', async () => {
    let aWon = 0;
    const rounds = 150;
    for (let round = 0; round < rounds; round++) {
      const branch = freshBranch();
      const [ta, tb] = [teller(), teller()];
      const ca = await openCounter(a, branch, ['s'], ta);
      const cb = await openCounter(b, branch, ['s'], tb);
      const only = await addTicket(a, branch, 's', 'regular', T0);
      const [ra, rb] = await Promise.all([a.act(ca, 'call-next', ta), b.act(cb, 'call-next', tb)]);
      if (!ra.ok || !rb.ok) throw new Error('call-next refused');
      expect([ra.ticket?.ticketId, rb.ticket?.ticketId].filter(Boolean)).toEqual([only]);
      if (ra.ticket) aWon += 1;
      // The loser's counter stays free, not pointing at someone else's ticket.
      const loser = ra.ticket ? rb : ra;
      expect(loser.counter.currentTicketId).toBeNull();
    }
    // The race is real: both instances win sometimes.
    expect(aWon).toBeGreaterThan(0);
    expect(aWon).toBeLessThan(rounds);
  });

  it('hands 40 waiting tickets to 20 counters pressing twice at once: each ticket once, the first wave takes the 20 first', async () => {
    const branch = freshBranch();
    const staff = Array.from({ length: 20 }, () => teller());
    const counters: string[] = [];
    for (const [i, who] of staff.entries()) counters.push(await openCounter(i % 2 ? a : b, branch, ['s'], who, `C${i}`));
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(await addTicket(i % 2 ? a : b, branch, 's', i % 5 === 0 ? 'vip' : 'regular', T0 + i * 1000, `N${i}`));
    const snapshotOrder = async () => (await a.snapshot(branch)).atCounters.map((t) => t.ticketId);
    const wave = () => Promise.all(counters.map((c, i) => (i % 2 ? a : b).act(c, 'call-next', staff[i]!)));
    const first = await wave();
    const firstIds = first.map((r) => (r.ok ? r.ticket?.ticketId : undefined));
    expect(new Set(firstIds).size).toBe(20);
    expect(await snapshotOrder()).toHaveLength(20);
    // Expected top 20: the 8 VIPs (i % 5 === 0) ahead of regulars issued within 10 minutes; all 40 span 40 s.
    const vips = ids.filter((_, i) => i % 5 === 0);
    const regulars = ids.filter((_, i) => i % 5 !== 0);
    expect(new Set(firstIds)).toEqual(new Set([...vips, ...regulars.slice(0, 12)]));
    for (const [i, c] of counters.entries()) {
      const who = staff[i]!;
      const store = i % 2 ? a : b;
      expect((await store.act(c, 'serve', who)).ok).toBe(true);
      expect((await store.act(c, 'finish', who)).ok).toBe(true);
    }
    const second = await wave();
    const all = [...firstIds, ...second.map((r) => (r.ok ? r.ticket?.ticketId : undefined))];
    expect(new Set(all)).toEqual(new Set(ids));
  });

  it('turns a double press at one counter into one call and one COUNTER_BUSY', async () => {
    for (let round = 0; round < 50; round++) {
      const branch = freshBranch();
      const who = teller();
      const counter = await openCounter(a, branch, ['s'], who);
      await addTicket(a, branch, 's', 'regular', T0);
      await addTicket(a, branch, 's', 'regular', T0 + 1);
      const results = await Promise.all([a.act(counter, 'call-next', who), b.act(counter, 'call-next', who)]);
      expect(results.filter((r) => r.ok && r.ticket)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === 'COUNTER_BUSY')).toHaveLength(1);
    }
  });
});
