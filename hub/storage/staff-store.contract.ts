// StaffStore behaviour on every engine. Tests share one database, so each one filters on
// kiosk ids, a transaction type or a branch id of its own.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredTransaction } from '../../protocol/hub-api.js';
import type { TestDatabase } from '../testing/test-databases.node.js';
import { makeItem, uniqueKioskId } from '../testing/transaction-items.js';
import { createHubStore, type HubStore } from './hub-store.js';
import type { Database } from './queryable.js';
import { createStaffStore, type StaffStore, type TransactionSearch } from './staff-store.js';

let typeCounter = 0;
/** A transaction type no other test uses. */
const uniqueType = () => `test.t${process.pid}x${(typeCounter += 1)}${Math.random().toString(36).slice(2, 7)}`;
const at = (second: number, micros = '000') => `2026-11-23T09:00:${String(second).padStart(2, '0')}.000${micros}Z`;

export function describeStaffStoreContract(engine: 'pglite' | 'postgres', open: () => Promise<TestDatabase>): void {
  describe(`StaffStore on ${engine}`, () => {
    let testDb: TestDatabase;
    let db: Database;
    let hub: HubStore;
    let staff: StaffStore;

    // Opening PGlite takes seconds, more while other test files run alongside.
    beforeAll(async () => {
      testDb = await open();
      db = testDb.db;
      hub = await createHubStore(db);
      staff = await createStaffStore(db);
    }, 60_000);
    afterAll(async () => {
      await testDb?.dispose();
    });

    async function registered(branchId = 'B-001'): Promise<string> {
      const kioskId = uniqueKioskId();
      await hub.registerKiosk({ kioskId, branchId });
      return kioskId;
    }

    async function allPages(search: Omit<TransactionSearch, 'after'>): Promise<StoredTransaction[][]> {
      const pages: StoredTransaction[][] = [];
      let after: TransactionSearch['after'];
      for (;;) {
        const page = await staff.searchTransactions({ ...search, after });
        pages.push(page.items);
        if (!page.next) return pages;
        after = page.next;
      }
    }

    describe('searchTransactions', () => {
      it('filters by kiosk, type and a createdAt window [from, to)', async () => {
        const [a, b] = [await registered(), await registered()];
        const [t1, t2] = [uniqueType(), uniqueType()];
        await hub.ingest({ kioskId: a, items: [makeItem(1, { type: t1, createdAt: at(1) }), makeItem(2, { type: t2, createdAt: at(2) }), makeItem(3, { type: t1, createdAt: at(3) })] });
        await hub.ingest({ kioskId: b, items: [makeItem(1, { type: t1, createdAt: at(2) })] });
        const find = async (search: Partial<TransactionSearch>) =>
          (await staff.searchTransactions({ limit: 100, type: [t1, t2], ...search })).items.map((t) => `${t.kioskId === a ? 'a' : 'b'}${t.seq}`);
        expect(await find({})).toEqual(['a1', 'a2', 'b1', 'a3']);
        expect(await find({ kioskId: a })).toEqual(['a1', 'a2', 'a3']);
        expect(await find({ type: [t2] })).toEqual(['a2']);
        expect(await find({ from: at(2), to: at(3) })).toEqual(['a2', 'b1']);
        expect(await find({ from: '2026-11-23T17:00:02+08:00' })).toEqual(['a2', 'b1', 'a3']);
      });

      it('pages by cursor without loss or repeat, even on equal and microsecond-apart times', async () => {
        const type = uniqueType();
        const kiosks = [await registered(), await registered(), await registered()];
        const times = [at(5), at(5), at(5, '001'), at(5, '002'), at(6)];
        for (const kioskId of kiosks) {
          await hub.ingest({ kioskId, items: times.map((createdAt, i) => makeItem(i + 1, { type, createdAt })) });
        }
        const everything = (await staff.searchTransactions({ type: [type], limit: 1000 })).items;
        expect(everything).toHaveLength(15);
        const key = (t: StoredTransaction) => `${t.kioskId}/${t.seq}`;
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 1, max: 16 }), async (limit) => {
            const pages = await allPages({ type: [type], limit });
            expect(pages.flat().map(key)).toEqual(everything.map(key));
            expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true);
          }),
          { numRuns: 12 },
        );
      });

      it('answers an empty page with no cursor when nothing matches', async () => {
        expect(await staff.searchTransactions({ type: [uniqueType()], limit: 10 })).toEqual({ items: [], next: null });
      });
    });

    describe('kioskStatuses', () => {
      it('reports backlog, last contact, staleness and enrollment per kiosk of a branch', async () => {
        const branchId = `BR-${uniqueKioskId()}`;
        const [quiet, busy] = [await registered(branchId), await registered(branchId)];
        await hub.ingest({ kioskId: busy, items: [makeItem(1), makeItem(4)], backlogHint: 12 });
        await db.query("UPDATE kiosks SET last_seen_at = now() - interval '10 minutes' WHERE kiosk_id = $1", [quiet]);
        await db.query("INSERT INTO kiosk_keys (kiosk_id, public_key) VALUES ($1, 'k')", [busy]);

        const { at: measuredAt, kiosks } = await staff.kioskStatuses({ branchId, staleAfterSeconds: 300 });
        expect(kiosks.map((k) => k.kioskId)).toEqual([quiet, busy].sort());
        const byId = new Map(kiosks.map((k) => [k.kioskId, k]));
        expect(byId.get(busy)).toMatchObject({ backlogHint: 12, lastSeq: 4, stale: false, enrolled: true, branchId });
        expect(byId.get(quiet)).toMatchObject({ backlogHint: null, lastSeq: 0, stale: true, enrolled: false });
        expect(byId.get(quiet)?.secondsSinceSeen).toBeGreaterThanOrEqual(600);
        expect(byId.get(quiet)?.secondsSinceSeen).toBeLessThan(660);
        expect(Math.abs(Date.parse(measuredAt) - Date.now())).toBeLessThan(60_000);
      });

      it('lists nothing for a branch without kiosks', async () => {
        expect((await staff.kioskStatuses({ branchId: `none-${uniqueKioskId()}`, staleAfterSeconds: 300 })).kiosks).toEqual([]);
      });
    });

    describe('kioskGaps', () => {
      async function withSeqs(seqs: number[]): Promise<string> {
        const kioskId = await registered();
        if (seqs.length > 0) await hub.ingest({ kioskId, items: seqs.map((seq) => makeItem(seq)) });
        return kioskId;
      }

      it('reports the missing ranges below the highest seq, a missing start included', async () => {
        const kioskId = await withSeqs([3, 4, 7, 8, 12]);
        expect(await staff.kioskGaps(kioskId, { afterSeq: 0, limit: 100 })).toEqual({
          kioskId,
          lastSeq: 12,
          storedCount: 5,
          gaps: [
            { fromSeq: 1, toSeq: 2, count: 2 },
            { fromSeq: 5, toSeq: 6, count: 2 },
            { fromSeq: 9, toSeq: 11, count: 3 },
          ],
          nextAfterSeq: null,
        });
      });

      it('reports no gaps for a contiguous or empty log', async () => {
        expect((await staff.kioskGaps(await withSeqs([1, 2, 3]), { afterSeq: 0, limit: 100 }))?.gaps).toEqual([]);
        expect(await staff.kioskGaps(await withSeqs([]), { afterSeq: 0, limit: 100 })).toMatchObject({ lastSeq: 0, storedCount: 0, gaps: [] });
      });

      it('pages with nextAfterSeq', async () => {
        const kioskId = await withSeqs([2, 4, 6, 8]);
        const first = await staff.kioskGaps(kioskId, { afterSeq: 0, limit: 2 });
        expect(first?.gaps.map((g) => g.fromSeq)).toEqual([1, 3]);
        expect(first?.nextAfterSeq).toBe(3);
        const second = await staff.kioskGaps(kioskId, { afterSeq: 3, limit: 2 });
        expect(second?.gaps.map((g) => g.fromSeq)).toEqual([5, 7]);
        expect(second?.nextAfterSeq).toBeNull();
      });

      it('counts exactly near Number.MAX_SAFE_INTEGER', async () => {
        const top = Number.MAX_SAFE_INTEGER;
        const kioskId = await withSeqs([top - 10, top]);
        const gaps = await staff.kioskGaps(kioskId, { afterSeq: top - 10, limit: 10 });
        expect(gaps?.gaps).toEqual([{ fromSeq: top - 9, toSeq: top - 1, count: 9 }]);
      });

      it('property: gaps plus stored seqs cover 1..lastSeq exactly once', async () => {
        await fc.assert(
          fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 30 }), async (seqs) => {
            const kioskId = await withSeqs(seqs);
            const report = await staff.kioskGaps(kioskId, { afterSeq: 0, limit: 1000 });
            const missing = report?.gaps.flatMap((g) => Array.from({ length: g.count }, (_, i) => g.fromSeq + i)) ?? [];
            const covered = [...seqs, ...missing].sort((x, y) => x - y);
            expect(covered).toEqual(Array.from({ length: Math.max(...seqs) }, (_, i) => i + 1));
          }),
          { numRuns: 25 },
        );
      });

      it('answers null for a kiosk that is not registered', async () => {
        expect(await staff.kioskGaps(uniqueKioskId('ghost'), { afterSeq: 0, limit: 10 })).toBeNull();
      });
    });
  });
}
