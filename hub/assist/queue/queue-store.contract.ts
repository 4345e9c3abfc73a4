// One behaviour suite for the waiting room on every store: in memory (one process), PGlite
// and PostgreSQL (several hub instances). Each test uses fresh ids and kiosks and starts
// from an empty room.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExpertSkills, WaitingRequest } from './assistance-queue.js';
import { AlreadyWaitingError, type QueueStore } from './queue-store.js';

const uuid = () => globalThis.crypto.randomUUID();
const T0 = Date.UTC(2026, 11, 3, 9, 0, 0);
const ALL_TOPICS = ['accounts', 'cards', 'loans', 'payments', 'other'] as const;

export const contractExpert = (over: Partial<ExpertSkills> = {}): ExpertSkills => ({
  staffId: `e-${uuid().slice(0, 8)}`, role: 'expert', languages: ['zh-CN', 'en'], topics: ALL_TOPICS, ...over,
});

export function waiting(over: Partial<WaitingRequest> = {}): WaitingRequest {
  return {
    requestId: uuid(), kioskId: `K-${uuid().slice(0, 8)}`, language: 'zh-CN', topic: 'accounts', priorityClass: 'standard',
    journeyStep: 'home', requestedAt: T0, queuedAt: T0, ...over,
  };
}

export function describeQueueStoreContract(engine: string, open: () => Promise<{ store: QueueStore; dispose(): Promise<void> }>): void {
  describe(`waiting room on ${engine}`, () => {
    // One store for the suite (an embedded PGlite takes seconds to start); each test starts
    // from an empty room, since claimNext sees every waiting request.
    let opened: { store: QueueStore; dispose(): Promise<void> } | undefined;
    beforeAll(async () => {
      opened = await open();
    }, 60_000);
    afterAll(async () => {
      await opened?.dispose();
    });
    async function withStore(work: (store: QueueStore) => Promise<void>): Promise<void> {
      const store = opened!.store;
      for (const r of await store.list()) await store.claim(r.requestId);
      await work(store);
    }

    it('keeps a request with its priority inputs, times and transfer target as it was queued', () =>
      withStore(async (store) => {
        const plain = waiting({ language: 'en', topic: 'cards', priorityClass: 'elderly', journeyStep: 'card/confirm' });
        const moved = waiting({ requestedAt: T0 - 60_000, queuedAt: T0, transfer: { fromDisplayName: 'Li Wei', target: { kind: 'staff', staffId: 'e-9' }, note: 'needs a card' } });
        const toSupervisor = waiting({ transfer: { fromDisplayName: 'Li Wei', target: { kind: 'supervisor' } } });
        const noQueuedAt = waiting();
        delete noQueuedAt.queuedAt;
        for (const r of [plain, moved, toSupervisor, noQueuedAt]) await store.enqueue(r);
        const listed = await store.list();
        for (const r of [plain, moved, toSupervisor, noQueuedAt]) expect(listed.find((x) => x.requestId === r.requestId)).toEqual(r);
      }));

    it('refuses a second waiting request of one kiosk, and the same request twice', () =>
      withStore(async (store) => {
        const first = waiting();
        await store.enqueue(first);
        await expect(store.enqueue(waiting({ kioskId: first.kioskId }))).rejects.toBeInstanceOf(AlreadyWaitingError);
        await expect(store.enqueue({ ...first })).rejects.toBeInstanceOf(AlreadyWaitingError);
        expect(await store.list()).toHaveLength(1);
        // Claimed, the kiosk may ask again.
        await store.claim(first.requestId);
        await store.enqueue(waiting({ kioskId: first.kioskId }));
      }));

    it('lists by effective priority: class head start, then age; ties by arrival', () =>
      withStore(async (store) => {
        const standardOld = waiting({ requestedAt: T0 - 200_000 });
        const vipNew = waiting({ priorityClass: 'vip', requestedAt: T0 });
        const standardNew = waiting({ requestedAt: T0 - 10_000 });
        const urgent = waiting({ priorityClass: 'urgent', requestedAt: T0 });
        for (const r of [standardNew, vipNew, standardOld, urgent]) await store.enqueue(r);
        // urgent 300, standardOld 200 (+age), vip 120, standardNew 10.
        expect((await store.list()).map((r) => r.requestId)).toEqual([urgent, standardOld, vipNew, standardNew].map((r) => r.requestId));
      }));

    it('claims a request once: the second claim gets nothing', () =>
      withStore(async (store) => {
        const r = waiting();
        await store.enqueue(r);
        expect(await store.claim(r.requestId)).toEqual(r);
        expect(await store.claim(r.requestId)).toBeUndefined();
        expect(await store.list()).toEqual([]);
      }));

    it('claims next by priority among the requests the expert may take', () =>
      withStore(async (store) => {
        const english = waiting({ language: 'en', priorityClass: 'urgent' });
        const loans = waiting({ topic: 'loans', priorityClass: 'vip' });
        const forOther = waiting({ priorityClass: 'urgent', transfer: { fromDisplayName: 'A', target: { kind: 'staff', staffId: 'someone-else' } } });
        const forSupervisor = waiting({ priorityClass: 'urgent', transfer: { fromDisplayName: 'A', target: { kind: 'supervisor' } } });
        const plain = waiting();
        for (const r of [english, loans, forOther, forSupervisor, plain]) await store.enqueue(r);
        const chinese = contractExpert({ languages: ['zh-CN'], topics: ['accounts', 'cards'] });
        expect((await store.claimNext(chinese))?.requestId).toBe(plain.requestId);
        expect(await store.claimNext(chinese)).toBeUndefined();
        const supervisor = contractExpert({ role: 'supervisor', languages: ['zh-CN'], topics: ['loans'] });
        expect((await store.claimNext(supervisor))?.requestId).toBe(forSupervisor.requestId);
        expect((await store.claimNext(supervisor))?.requestId).toBe(loans.requestId);
        expect((await store.claimNext(contractExpert({ staffId: 'someone-else', languages: [], topics: [] })))?.requestId).toBe(forOther.requestId);
        expect((await store.list()).map((r) => r.requestId)).toEqual([english.requestId]);
      }));
  });
}
