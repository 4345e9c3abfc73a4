// One behaviour suite for the branch queue on each engine (PGlite, PostgreSQL). Each test
// takes a fresh branch, so tests share one database without seeing each other's tickets.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceClass } from '../../protocol/branch-queue.js';
import { FakeClock } from '../assist/testing/fake-clock.js';
import { createHubStore, type HubStore } from '../storage/hub-store.js';
import type { Database } from '../storage/queryable.js';
import { makeItem, uniqueKioskId } from '../testing/transaction-items.js';
import { createBranchQueueStore, type Actor, type BranchQueueStore } from './branch-queue-store.js';
import { compareTickets, DEFAULT_BRANCH_PRIORITY } from './priority.js';
import { DEFAULT_SERVICE_SEC } from './wait-estimate.js';

const uuid = () => globalThis.crypto.randomUUID();
export const T0 = Date.UTC(2026, 11, 3, 9, 0, 0);
const MIN = 60_000;

export const teller = (over: Partial<Actor> = {}): Actor => ({ staffId: `t-${uuid().slice(0, 8)}`, role: 'teller', ...over });
export const freshBranch = () => `B-${uuid().slice(0, 8)}`;

let counterNames = 0;
/** A counter for `services`, opened by `who`; its default name is unique in this process (4 random hex digits alone collided once in a CI run: NAME_TAKEN). */
export async function openCounter(store: BranchQueueStore, branchId: string, services: string[], who: Actor, name = `C${(counterNames += 1)}-${uuid().slice(0, 4)}`): Promise<string> {
  const created = await store.createCounter(branchId, { name, services });
  if (!created.ok) throw new Error(created.problem);
  const opened = await store.act(created.counter.counterId, 'open', who);
  if (!opened.ok) throw new Error(opened.message);
  return created.counter.counterId;
}

export async function addTicket(store: BranchQueueStore, branchId: string, serviceId: string, serviceClass: ServiceClass, issuedAtMs: number, number = `A${uuid().slice(0, 3)}`): Promise<string> {
  const ticketId = uuid();
  await store.enterTicket({ ticketId, kioskTicketId: ticketId, kioskId: null, branchId, serviceId, number, serviceClass, issuedAtMs });
  return ticketId;
}

export function describeBranchQueueContract(engine: string, open: () => Promise<{ db: Database; dispose(): Promise<void> }>): void {
  describe(`branch queue on ${engine}`, () => {
    let opened: { db: Database; dispose(): Promise<void> } | undefined;
    let store: BranchQueueStore;
    let hub: HubStore;
    const clock = new FakeClock(T0 + 60 * MIN);
    beforeAll(async () => {
      opened = await open();
      store = await createBranchQueueStore(opened.db, clock);
      hub = await createHubStore(opened.db);
    }, 60_000);
    afterAll(async () => {
      await opened?.dispose();
    });

    async function callNext(counterId: string, who: Actor) {
      const result = await store.act(counterId, 'call-next', who);
      if (!result.ok) throw new Error(result.message);
      return result.ticket;
    }

    /** Calls and finishes one ticket after another; the numbers in calling order. */
    async function drain(counterId: string, who: Actor): Promise<string[]> {
      const order: string[] = [];
      for (;;) {
        const ticket = await callNext(counterId, who);
        if (!ticket) return order;
        order.push(ticket.number);
        expect((await store.act(counterId, 'serve', who)).ok).toBe(true);
        expect((await store.act(counterId, 'finish', who)).ok).toBe(true);
      }
    }

    it('calls priority-assist, then VIP, then regular among tickets issued close together', async () => {
      const branch = freshBranch();
      const who = teller();
      const counter = await openCounter(store, branch, ['deposits'], who);
      await addTicket(store, branch, 'deposits', 'regular', T0, 'A001');
      await addTicket(store, branch, 'deposits', 'vip', T0 + MIN, 'V001');
      await addTicket(store, branch, 'deposits', 'priority-assist', T0 + 2 * MIN, 'P001');
      await addTicket(store, branch, 'deposits', 'regular', T0 + 3 * MIN, 'A002');
      expect(await drain(counter, who)).toEqual(['P001', 'V001', 'A001', 'A002']);
    });

    it('calls a regular ticket that waited past the bypass window before a newer VIP', async () => {
      const branch = freshBranch();
      const who = teller();
      const counter = await openCounter(store, branch, ['deposits'], who);
      await addTicket(store, branch, 'deposits', 'vip', T0 + 11 * MIN, 'V001');
      await addTicket(store, branch, 'deposits', 'regular', T0, 'A001');
      expect(await drain(counter, who)).toEqual(['A001', 'V001']);
    });

    it('property: "call next" follows compareTickets exactly (the SQL order is the documented one)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ serviceClass: fc.constantFrom<ServiceClass>('regular', 'vip', 'priority-assist'), offsetSec: fc.integer({ min: 0, max: 3600 }) }), { minLength: 1, maxLength: 12 }),
          async (raw) => {
            const branch = freshBranch();
            const who = teller();
            const counter = await openCounter(store, branch, ['s'], who);
            const tickets: { ticketId: string; number: string; serviceClass: ServiceClass; issuedAtMs: number }[] = [];
            for (const [i, r] of raw.entries()) {
              const number = `N${i}`;
              const ticketId = await addTicket(store, branch, 's', r.serviceClass, T0 + r.offsetSec * 1000, number);
              tickets.push({ ticketId, number, serviceClass: r.serviceClass, issuedAtMs: T0 + r.offsetSec * 1000 });
            }
            const expected = [...tickets].sort(compareTickets(DEFAULT_BRANCH_PRIORITY)).map((t) => t.number);
            expect(await drain(counter, who)).toEqual(expected);
          },
        ),
        { numRuns: 15 },
      );
    });

    it('moves a waiting ticket up when staff flag it, counted from its issue time; not once it is called', async () => {
      const branch = freshBranch();
      const who = teller();
      const counter = await openCounter(store, branch, ['s'], who);
      await addTicket(store, branch, 's', 'regular', T0, 'A001');
      const elder = await addTicket(store, branch, 's', 'regular', T0 + 5 * MIN, 'A002');
      expect(await store.setTicketClass(elder, 'priority-assist')).toBe('ok');
      expect((await store.ticket(elder))?.ticket).toMatchObject({ serviceClass: 'priority-assist', issuedAt: new Date(T0 + 5 * MIN).toISOString() });
      const first = await callNext(counter, who);
      expect(first?.number).toBe('A002');
      expect(await store.setTicketClass(elder, 'regular')).toBe('not-waiting');
      expect(await store.setTicketClass(globalThis.crypto.randomUUID(), 'vip')).toBe('not-found');
    });

    it('moves the queue version when a counter is created, opened, re-skilled or closed', async () => {
      const branch = freshBranch();
      const who = teller();
      const versions = [await store.latestSeq(branch)];
      const created = await store.createCounter(branch, { name: 'C1', services: ['s'] });
      if (!created.ok) throw new Error('create');
      versions.push(await store.latestSeq(branch));
      await store.act(created.counter.counterId, 'open', who);
      versions.push(await store.latestSeq(branch));
      await store.updateCounter(created.counter.counterId, { services: ['s', 't'] });
      versions.push(await store.latestSeq(branch));
      await store.act(created.counter.counterId, 'close', who);
      versions.push(await store.latestSeq(branch));
      expect(versions[0]).toBe(0);
      for (let i = 1; i < versions.length; i++) expect(versions[i]!).toBeGreaterThan(versions[i - 1]!);
      expect((await store.snapshot(branch)).lastCalls).toEqual([]);
    });

    it('calls only tickets of the services the counter serves', async () => {
      const branch = freshBranch();
      const who = teller();
      const loans = await openCounter(store, branch, ['loans'], who);
      await addTicket(store, branch, 'deposits', 'priority-assist', T0, 'D001');
      await addTicket(store, branch, 'loans', 'regular', T0 + MIN, 'L001');
      expect(await drain(loans, who)).toEqual(['L001']);
    });

    it('enters a replayed ticket once', async () => {
      const branch = freshBranch();
      const ticketId = uuid();
      const ticket = { ticketId, kioskTicketId: ticketId, kioskId: null, branchId: branch, serviceId: 's', number: 'A1', serviceClass: 'regular' as const, issuedAtMs: T0 };
      expect(await store.enterTicket(ticket)).toBe(true);
      expect(await store.enterTicket(ticket)).toBe(false);
      expect((await store.waits(branch)).find((w) => w.serviceId === 's')?.waiting).toBe(1);
    });

    it('never dates a ticket after the hub received it (a kiosk clock running ahead)', async () => {
      const branch = freshBranch();
      const id = await addTicket(store, branch, 's', 'regular', clock.now() + 3600 * MIN);
      expect((await store.ticket(id))?.ticket.issuedAt).toBe(new Date(clock.now()).toISOString());
    });

    it('refuses with typed reasons: closed, taken by another teller, busy, nothing current, wrong state', async () => {
      const branch = freshBranch();
      const a = teller();
      const b = teller();
      const created = await store.createCounter(branch, { name: 'C1', services: ['s'] });
      if (!created.ok) throw new Error('create');
      const id = created.counter.counterId;
      expect(await store.act(id, 'call-next', a)).toMatchObject({ ok: false, status: 409, reason: 'COUNTER_CLOSED' });
      expect((await store.act(id, 'open', a)).ok).toBe(true);
      expect(await store.act(id, 'open', b)).toMatchObject({ ok: false, reason: 'COUNTER_TAKEN' });
      expect(await store.act(id, 'call-next', b)).toMatchObject({ ok: false, status: 403, reason: 'COUNTER_TAKEN' });
      expect(await store.act(id, 'serve', a)).toMatchObject({ ok: false, reason: 'NO_CURRENT_TICKET' });
      await addTicket(store, branch, 's', 'regular', T0);
      await addTicket(store, branch, 's', 'regular', T0 + 1);
      expect((await store.act(id, 'call-next', a)).ok).toBe(true);
      expect(await store.act(id, 'call-next', a)).toMatchObject({ ok: false, reason: 'COUNTER_BUSY' });
      expect(await store.act(id, 'close', a)).toMatchObject({ ok: false, reason: 'COUNTER_BUSY' });
      expect(await store.act(id, 'finish', a)).toMatchObject({ ok: false, reason: 'WRONG_STATE' });
      expect(await store.act(id, 'transfer', a, 's')).toMatchObject({ ok: false, reason: 'SAME_SERVICE' });
      // A supervisor may act at any counter.
      expect((await store.act(id, 'serve', teller({ role: 'supervisor' }))).ok).toBe(true);
      expect(await store.act(uuid(), 'open', a)).toMatchObject({ ok: false, status: 404 });
      expect(await store.createCounter(branch, { name: 'C1', services: ['x'] })).toEqual({ ok: false, problem: 'NAME_TAKEN' });
    });

    it('recalls, marks a no-show and shows the calls newest first on the snapshot', async () => {
      const branch = freshBranch();
      const who = teller();
      const counter = await openCounter(store, branch, ['s'], who, 'Counter 3');
      await addTicket(store, branch, 's', 'regular', T0, 'A001');
      await addTicket(store, branch, 's', 'regular', T0 + 1, 'A002');
      await callNext(counter, who);
      const recalled = await store.act(counter, 'recall', who);
      expect(recalled).toMatchObject({ ok: true, ticket: { number: 'A001', state: 'called', recalls: 1, counterName: 'Counter 3' } });
      let snapshot = await store.snapshot(branch);
      expect(snapshot.atCounters.map((t) => [t.number, t.counterName])).toEqual([['A001', 'Counter 3']]);
      expect(snapshot.lastCalls.map((c) => [c.kind, c.number, c.counterName])).toEqual([['recalled', 'A001', 'Counter 3'], ['called', 'A001', 'Counter 3']]);
      expect(await store.act(counter, 'no-show', who)).toMatchObject({ ok: true, ticket: { state: 'no-show' }, counter: { currentTicketId: null } });
      await callNext(counter, who);
      snapshot = await store.snapshot(branch);
      expect(snapshot.lastCalls[0]).toMatchObject({ kind: 'called', number: 'A002' });
      expect(snapshot.lastCalls[0]!.seq).toBeGreaterThan(snapshot.lastCalls[1]!.seq);
      expect(snapshot.waits).toEqual([expect.objectContaining({ serviceId: 's', waiting: 0, openCounters: 1 })]);
    });

    it('transfers a ticket to another service with its original issue time: it goes ahead of newer tickets there', async () => {
      const branch = freshBranch();
      const who = teller();
      const deposits = await openCounter(store, branch, ['deposits'], who);
      const other = teller();
      const loans = await openCounter(store, branch, ['loans'], other);
      await addTicket(store, branch, 'deposits', 'regular', T0, 'D001');
      await addTicket(store, branch, 'loans', 'regular', T0 + 5 * MIN, 'L001');
      await callNext(deposits, who);
      await store.act(deposits, 'serve', who);
      const moved = await store.act(deposits, 'transfer', who, 'loans');
      expect(moved).toMatchObject({ ok: true, ticket: { state: 'waiting', serviceId: 'loans', transferredFrom: ['deposits'], issuedAt: new Date(T0).toISOString(), counterId: null }, counter: { currentTicketId: null } });
      expect(await drain(loans, other)).toEqual(['D001', 'L001']);
    });

    it('estimates waits from open counters and the median of recent service times', async () => {
      const branch = freshBranch();
      const who = teller();
      // No counter open: no honest number.
      const first = await addTicket(store, branch, 's', 'regular', T0);
      expect(await store.waits(branch)).toEqual([{ serviceId: 's', waiting: 1, openCounters: 0, serviceSec: DEFAULT_SERVICE_SEC, estimatedWaitSec: null }]);
      expect((await store.ticket(first))?.wait).toEqual({ ticketId: first, ahead: 0, estimatedWaitSec: null });
      const counter = await openCounter(store, branch, ['s'], who);
      // Three services of 2, 4 and 60 minutes: the median is 4.
      for (const minutes of [2, 4, 60]) {
        await addTicket(store, branch, 's', 'regular', T0 + minutes);
        await callNext(counter, who);
        await store.act(counter, 'serve', who);
        clock.advance(minutes * MIN);
        await store.act(counter, 'finish', who);
      }
      // One ticket still waits from the loop; three more come and the counter calls that one.
      const later: string[] = [];
      for (let i = 0; i < 3; i++) later.push(await addTicket(store, branch, 's', 'regular', T0 + 100 + i));
      await callNext(counter, who);
      // Busy counter, nobody free: a new ticket is 4th, four rounds less half a service.
      const waits = await store.waits(branch);
      expect(waits).toEqual([{ serviceId: 's', waiting: 3, openCounters: 1, serviceSec: 240, estimatedWaitSec: 3.5 * 240 }]);
      expect((await store.ticket(later[2]!))?.wait).toMatchObject({ ahead: 2, estimatedWaitSec: 2.5 * 240 });
      expect((await store.ticket(later[0]!))?.wait).toMatchObject({ ahead: 0, estimatedWaitSec: 0.5 * 240 });
    });

    it('queues a synced queue.ticket.issued at the kiosk’s registered branch, once, whatever the replays', async () => {
      const kioskId = uniqueKioskId();
      const branch = freshBranch();
      await hub.registerKiosk({ kioskId, branchId: branch });
      const kioskTicketId = uuid();
      const item = makeItem(1, {
        type: 'queue.ticket.issued',
        payload: { ticketId: kioskTicketId, number: 'V9001', serviceId: 'deposits', businessDate: '2026-12-03', issuedAt: new Date(T0).toISOString(), kioskId, branchId: 'somewhere-else', locale: 'zh-CN', serviceClass: 'vip' },
      });
      const unreadable = makeItem(2, { type: 'queue.ticket.issued', payload: { number: 'X' } });
      expect(await hub.ingest({ kioskId, items: [item, unreadable] })).toEqual([{ status: 'stored' }, { status: 'stored' }]);
      expect(await hub.ingest({ kioskId, items: [item] })).toEqual([{ status: 'duplicate' }]);
      const waits = await store.kioskWaits(kioskId, kioskTicketId);
      expect(waits).toMatchObject({ branchId: branch, waits: [{ serviceId: 'deposits', waiting: 1 }], ticket: { ticketId: kioskTicketId, ahead: 0 } });
      const entered = await store.ticket(item.id);
      expect(entered?.ticket).toMatchObject({ ticketId: item.id, branchId: branch, number: 'V9001', serviceClass: 'vip', state: 'waiting' });
      expect(await store.kioskWaits(uniqueKioskId())).toBeNull();
      expect((await store.kioskWaits(kioskId, uuid()))?.ticket).toBeNull();
    });
  });
}
