// One behaviour suite for every storage engine: the PGlite and PostgreSQL test files both
// call it, so the two adapters cannot drift apart. Each file opens ONE database (a PGlite
// instance costs seconds and half a gigabyte); tests keep apart by using fresh kiosk ids.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeItem, makeItems, uniqueKioskId } from '../testing/transaction-items.js';
import type { TestDatabase } from '../testing/test-databases.node.js';
import { createHubStore, type HubStore } from './hub-store.js';
import { migrate, migrations } from './migrations.js';
import type { Database } from './queryable.js';

async function rowCount(db: Database, kioskId: string): Promise<number> {
  const { rows } = await db.query<{ n: unknown }>('SELECT count(*) AS n FROM kiosk_transactions WHERE kiosk_id = $1', [kioskId]);
  return Number(rows[0]?.n);
}

export function describeHubStoreContract(engine: 'pglite' | 'postgres', open: () => Promise<TestDatabase>): void {
  describe(`HubStore on ${engine}`, () => {
    let testDb: TestDatabase;
    let db: Database;
    let store: HubStore;

    beforeAll(async () => {
      testDb = await open();
      db = testDb.db;
      store = await createHubStore(db);
    });
    afterAll(async () => {
      await testDb?.dispose();
    });

    async function registered(): Promise<string> {
      const kioskId = uniqueKioskId();
      await store.registerKiosk({ kioskId, branchId: 'B-001' });
      return kioskId;
    }

    describe('migrations', () => {
      it('records every version once and applies nothing on a second run', async () => {
        expect(store.dbKind).toBe(engine);
        expect(await migrate(db)).toEqual([]);
        const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
        expect(rows.map((r) => Number(r.version))).toEqual(migrations.map((m) => m.version));
      });

      it('refuses a database whose schema is newer than the hub', async () => {
        await expect(migrate(db, [])).rejects.toThrow(/newer than this hub/);
      });
    });

    describe('kiosk registration', () => {
      it('creates once, then updates without changing registeredAt or the branch', async () => {
        const kioskId = uniqueKioskId();
        const first = await store.registerKiosk({ kioskId, branchId: 'B-001', name: 'Lobby 1', version: '0.1.0' });
        expect(first.created).toBe(true);
        expect(first.kiosk).toMatchObject({ kioskId, branchId: 'B-001' });

        // Security finding 3 (issue 15): a kiosk cannot move itself to another branch.
        const again = await store.registerKiosk({ kioskId, branchId: 'B-002', version: '0.2.0' });
        expect(again.created).toBe(false);
        expect(again.kiosk).toEqual({ kioskId, branchId: 'B-001', registeredAt: first.kiosk.registeredAt });

        const listed = (await store.listKiosks()).find((k) => k.kioskId === kioskId);
        expect(listed).toMatchObject({ branchId: 'B-001', name: 'Lobby 1', version: '0.2.0', lastSeq: 0 });
        expect(listed?.backlogHint).toBeUndefined();
      });
    });

    describe('ingest', () => {
      it('refuses an unregistered kiosk and stores nothing', async () => {
        const kioskId = uniqueKioskId('ghost');
        expect(await store.ingest({ kioskId, items: makeItems(2) })).toBeNull();
        expect(await rowCount(db, kioskId)).toBe(0);
      });

      it('stores a batch once; its replay is all duplicates', async () => {
        const kioskId = await registered();
        const items = makeItems(3);
        expect(await store.ingest({ kioskId, items })).toEqual(items.map(() => ({ status: 'stored' })));
        expect(await store.ingest({ kioskId, items })).toEqual(items.map(() => ({ status: 'duplicate' })));
        expect(await rowCount(db, kioskId)).toBe(3);
      });

      it('treats an upper-case replay of a stored id as the same transaction', async () => {
        const kioskId = await registered();
        const item = makeItem(1);
        await store.ingest({ kioskId, items: [item] });
        expect(await store.ingest({ kioskId, items: [{ ...item, id: item.id.toUpperCase() }] })).toEqual([{ status: 'duplicate' }]);
        expect(await rowCount(db, kioskId)).toBe(1);
      });

      it('rejects a stored id sent again with another seq', async () => {
        const kioskId = await registered();
        const item = makeItem(1);
        await store.ingest({ kioskId, items: [item] });
        const [outcome] = (await store.ingest({ kioskId, items: [{ ...item, seq: 2 }] })) ?? [];
        expect(outcome).toEqual({ status: 'rejected', code: 'CONFLICT', message: 'id is already stored with seq 1' });
      });

      it('rejects a new id whose seq is already taken', async () => {
        const kioskId = await registered();
        await store.ingest({ kioskId, items: [makeItem(1)] });
        const [outcome] = (await store.ingest({ kioskId, items: [makeItem(1)] })) ?? [];
        expect(outcome).toMatchObject({ status: 'rejected', code: 'CONFLICT', message: expect.stringMatching(/seq 1 is already used/) });
        expect(await rowCount(db, kioskId)).toBe(1);
      });

      it('decides ids repeated inside one batch by their first occurrence', async () => {
        const kioskId = await registered();
        const item = makeItem(1);
        const outcomes = await store.ingest({ kioskId, items: [item, { ...item }, { ...item, seq: 9 }, makeItem(2)] });
        expect(outcomes?.map((o) => o.status)).toEqual(['stored', 'duplicate', 'rejected', 'stored']);
        expect(outcomes?.[2]).toMatchObject({ code: 'CONFLICT' });
        expect(await rowCount(db, kioskId)).toBe(2);
      });

      it('lets the earlier of two new ids claiming one seq win', async () => {
        const kioskId = await registered();
        const [first, second] = [makeItem(5), makeItem(5)];
        const outcomes = await store.ingest({ kioskId, items: [first!, second!] });
        expect(outcomes?.map((o) => o.status)).toEqual(['stored', 'rejected']);
        const stored = await store.listTransactions({ kioskId, afterSeq: 0, limit: 10 });
        expect(stored?.map((t) => t.id)).toEqual([first!.id]);
      });

      it('keeps kiosks apart: one id may exist once per kiosk', async () => {
        const [a, b] = [await registered(), await registered()];
        const item = makeItem(1);
        expect(await store.ingest({ kioskId: a, items: [item] })).toEqual([{ status: 'stored' }]);
        expect(await store.ingest({ kioskId: b, items: [item] })).toEqual([{ status: 'stored' }]);
      });

      it('stores nothing of concurrent copies of a batch but one row per id', async () => {
        const kioskId = await registered();
        const items = makeItems(20);
        const answers = await Promise.all(Array.from({ length: 6 }, () => store.ingest({ kioskId, items })));
        const storedPerItem = items.map((_, i) => answers.filter((a) => a?.[i]?.status === 'stored').length);
        expect(storedPerItem).toEqual(items.map(() => 1));
        expect(await rowCount(db, kioskId)).toBe(20);
      });

      it('updates lastSeenAt, lastSeq and backlogHint', async () => {
        const kioskId = await registered();
        const before = (await store.listKiosks()).find((k) => k.kioskId === kioskId);
        await new Promise((resolve) => setTimeout(resolve, 5));
        await store.ingest({ kioskId, items: [makeItem(3), makeItem(7)], backlogHint: 42 });
        const after = (await store.listKiosks()).find((k) => k.kioskId === kioskId);
        expect(after).toMatchObject({ lastSeq: 7, backlogHint: 42 });
        expect(Date.parse(after!.lastSeenAt)).toBeGreaterThan(Date.parse(before!.lastSeenAt));
      });
    });

    describe('listing', () => {
      it('round-trips every field, payload as JSON and times in UTC', async () => {
        const kioskId = await registered();
        const payload = { name: '张三', nested: { amounts: [1, 2.5, -3], flag: true, none: null }, emoji: '🏦' };
        const item = makeItem(1, { type: 'deposit.cash', schemaVersion: 3, createdAt: '2026-11-23T17:00:00.250+08:00', payload });
        await store.ingest({ kioskId, items: [item] });
        const [stored] = (await store.listTransactions({ kioskId, afterSeq: 0, limit: 10 })) ?? [];
        expect(stored).toMatchObject({ id: item.id, kioskId, seq: 1, type: 'deposit.cash', schemaVersion: 3, payload });
        expect(stored?.createdAt).toBe('2026-11-23T09:00:00.250Z');
        expect(stored?.receivedAt).toMatch(/Z$/);
      });

      it('orders by seq and pages with afterSeq and limit', async () => {
        const kioskId = await registered();
        const seqs = [5, 1, 9, 3, 7];
        await store.ingest({ kioskId, items: seqs.map((seq) => makeItem(seq)) });
        const page = async (afterSeq: number, limit: number) =>
          (await store.listTransactions({ kioskId, afterSeq, limit }))?.map((t) => t.seq);
        expect(await page(0, 100)).toEqual([1, 3, 5, 7, 9]);
        expect(await page(0, 2)).toEqual([1, 3]);
        expect(await page(3, 2)).toEqual([5, 7]);
        expect(await page(9, 2)).toEqual([]);
      });

      it('keeps seq exact up to Number.MAX_SAFE_INTEGER', async () => {
        const kioskId = await registered();
        await store.ingest({ kioskId, items: [makeItem(Number.MAX_SAFE_INTEGER)] });
        const [stored] = (await store.listTransactions({ kioskId, afterSeq: 0, limit: 1 })) ?? [];
        expect(stored?.seq).toBe(Number.MAX_SAFE_INTEGER);
        expect((await store.listKiosks()).find((k) => k.kioskId === kioskId)?.lastSeq).toBe(Number.MAX_SAFE_INTEGER);
      });

      it('answers null for an unknown kiosk', async () => {
        expect(await store.listTransactions({ kioskId: uniqueKioskId('ghost'), afterSeq: 0, limit: 10 })).toBeNull();
      });
    });

    it('property: any interleaving of replays leaves exactly one row per (kiosk, id)', async () => {
      const batchesArb = fc
        .uniqueArray(fc.uuid({ version: [4, 7] }), { minLength: 1, maxLength: 12 })
        .chain((ids) =>
          fc.record({
            ids: fc.constant(ids),
            // Each batch is a random slice of the kiosk's transactions, in random order.
            batches: fc.array(fc.shuffledSubarray(ids.map((_, i) => i), { minLength: 1 }), { minLength: 1, maxLength: 5 }),
            // Rounds of replays; the batches inside one round are sent concurrently.
            rounds: fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
          }),
        );
      await fc.assert(
        fc.asyncProperty(batchesArb, async ({ ids, batches, rounds }) => {
          const kioskId = await registered();
          const items = ids.map((id, i) => makeItem(i + 1, { id }));
          const storedCount = new Map<string, number>();
          const sent = new Set<string>();
          for (const round of rounds) {
            const chosen = round.map((n) => batches[n % batches.length]!.map((i) => items[i]!));
            const answers = await Promise.all(chosen.map((batch) => store.ingest({ kioskId, items: batch })));
            answers.forEach((outcomes, b) =>
              outcomes?.forEach((outcome, i) => {
                const id = chosen[b]![i]!.id;
                sent.add(id);
                expect(outcome.status).not.toBe('rejected');
                if (outcome.status === 'stored') storedCount.set(id, (storedCount.get(id) ?? 0) + 1);
              }),
            );
          }
          expect([...sent].every((id) => storedCount.get(id) === 1)).toBe(true);
          const { rows } = await db.query<{ tx_id: string; n: unknown }>(
            'SELECT tx_id, count(*) AS n FROM kiosk_transactions WHERE kiosk_id = $1 GROUP BY tx_id',
            [kioskId],
          );
          expect(rows.map((r) => Number(r.n)).every((n) => n === 1)).toBe(true);
          expect(new Set(rows.map((r) => r.tx_id))).toEqual(sent);
        }),
        { numRuns: 40 },
      );
    });
  });
}
