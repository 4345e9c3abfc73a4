// The hub → kiosk change log on every engine (PGlite and PostgreSQL files both call it).
// Tests share one database, and an entry for all kiosks reaches every kiosk, so each test
// uses fresh kiosks, branches and keys, and first drains its kiosks' backlog.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeItem, ChangeKind, ChangeScope } from '../../protocol/hub-api.js';
import type { TestDatabase } from '../testing/test-databases.node.js';
import { uniqueKioskId } from '../testing/transaction-items.js';
import { CHANGE_PUBLISH_LOCK_KEY, decodeChangeCursor, encodeChangeCursor } from './change-queries.js';
import { createHubStore, type HubStore } from './hub-store.js';
import { createAuthStore } from './auth-store.js';
import { NONCE_REFUSED } from './nonce-queries.js';
import { enrollTestKiosk } from '../testing/kiosk-auth.js';
import { generateEd25519KeyPair } from '../auth/ed25519.node.js';
import type { Database } from './queryable.js';

const ALL: ChangeScope = { kind: 'all' };
const branch = (branchId: string): ChangeScope => ({ kind: 'branch', branchId });
const kiosk = (kioskId: string): ChangeScope => ({ kind: 'kiosk', kioskId });
const uniqueKey = (name: string) => `${name}.${Math.random().toString(36).slice(2, 10)}`;

export function describeChangeLogContract(engine: 'pglite' | 'postgres', open: () => Promise<TestDatabase>): void {
  describe(`change log on ${engine}`, () => {
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

    /** A registered kiosk in `branchId` (fresh unless given). */
    async function kioskIn(branchId = uniqueKioskId('B')): Promise<{ kioskId: string; branchId: string }> {
      const kioskId = uniqueKioskId();
      await store.registerKiosk({ kioskId, branchId });
      return { kioskId, branchId };
    }

    async function page(kioskId: string, cursor: string, limit = 100) {
      const after = decodeChangeCursor(cursor);
      if (after === null) throw new Error(`bad cursor ${cursor}`);
      const result = await store.kioskChanges(kioskId, after, limit);
      if (!result) throw new Error(`kiosk ${kioskId} unknown`);
      return result;
    }

    /** Pages until the end; the items of every page and the final cursor. */
    async function drain(kioskId: string, cursor = '0', limit = 100): Promise<{ items: ChangeItem[]; cursor: string; pages: number }> {
      const items: ChangeItem[] = [];
      for (let pages = 1; ; pages++) {
        const next = await page(kioskId, cursor, limit);
        items.push(...next.items);
        cursor = next.cursor;
        if (!next.hasMore) return { items, cursor, pages };
      }
    }

    const publish = (scope: ChangeScope, key: string, value: unknown, kind: ChangeKind = 'config') => store.publishChange({ scope, kind, key, value });
    const valuesOf = (items: ChangeItem[]) => items.map((item) => [item.key, item.value]);

    it('claims the request nonce in the pull itself: once, only with the kiosk’s standing key; a refused claim does nothing', async () => {
      const authStore = await createAuthStore(db, { pruneEveryMs: Number.POSITIVE_INFINITY });
      const { kioskId, branchId } = { kioskId: uniqueKioskId(), branchId: uniqueKioskId('B') };
      const { publicKey } = await enrollTestKiosk(authStore, kioskId);
      await store.registerKiosk({ kioskId, branchId });
      const key = uniqueKey('claimed');
      await publish(kiosk(kioskId), key, 'v1');
      const claim = (nonce: string, withKey = publicKey) => ({ kioskId, nonce, expiresAt: new Date(Date.now() + 300_000), publicKey: withKey });
      const first = await store.kioskChangesClaiming(kioskId, 0, 1000, claim('nonce-first-0000001'));
      expect(first).toEqual(await store.kioskChanges(kioskId, 0, 1000));
      expect(first !== null && first !== NONCE_REFUSED && valuesOf(first.items)).toContainEqual([key, 'v1']);
      // The same nonce again, and a key that is not the kiosk's, claim nothing and read nothing.
      expect(await store.kioskChangesClaiming(kioskId, 0, 1000, claim('nonce-first-0000001'))).toBe(NONCE_REFUSED);
      expect(await store.kioskChangesClaiming(kioskId, 0, 1000, claim('nonce-second-000001', generateEd25519KeyPair().publicKey))).toBe(NONCE_REFUSED);
      // The refused claim stored nothing; the claimed nonce is in the table every instance checks.
      expect(await store.kioskChangesClaiming(kioskId, 0, 1000, claim('nonce-second-000001'))).not.toBe(NONCE_REFUSED);
      expect(await authStore.claimNonce(claim('nonce-first-0000001'))).toBe(false);
      // Enrolled, not registered: the nonce is claimed and the answer is "not registered".
      const unregistered = uniqueKioskId('unregistered');
      const other = await enrollTestKiosk(authStore, unregistered);
      expect(await store.kioskChangesClaiming(unregistered, 0, 10, { ...claim('nonce-third-0000001', other.publicKey), kioskId: unregistered })).toBeNull();
    });

    it('answers null for a kiosk that is not registered', async () => {
      expect(await store.kioskChanges(uniqueKioskId('ghost'), 0, 10)).toBeNull();
    });

    it('gives a kiosk the entries for all kiosks, its branch and itself, in publication order', async () => {
      const a = await kioskIn();
      const b = await kioskIn();
      const startA = (await drain(a.kioskId)).cursor;
      const startB = (await drain(b.kioskId)).cursor;
      const [k1, k2, k3, k4, k5] = ['all', 'branchA', 'kioskA', 'branchB', 'kioskB'].map(uniqueKey) as [string, string, string, string, string];
      await publish(kiosk(a.kioskId), k3, 'for a');
      await publish(ALL, k1, 'for everyone');
      await publish(branch(b.branchId), k4, 'for branch b');
      await publish(branch(a.branchId), k2, { nested: ['for', 'branch a'] }, 'catalog');
      await publish(kiosk(b.kioskId), k5, 42, 'ticket-counter');

      const forA = await page(a.kioskId, startA);
      expect(valuesOf(forA.items)).toEqual([[k3, 'for a'], [k1, 'for everyone'], [k2, { nested: ['for', 'branch a'] }]]);
      expect(forA.items.map((item) => item.kind)).toEqual(['config', 'config', 'catalog']);
      expect(forA.hasMore).toBe(false);
      const versions = forA.items.map((item) => item.version);
      expect([...versions].sort((x, y) => x - y)).toEqual(versions);
      expect(new Set(versions).size).toBe(3);

      const forB = await page(b.kioskId, startB);
      expect(valuesOf(forB.items)).toEqual([[k1, 'for everyone'], [k4, 'for branch b'], [k5, 42]]);
      expect(forB.items.at(-1)?.kind).toBe('ticket-counter');
    });

    it('pages by limit with hasMore, resuming exactly after the last page', async () => {
      const { kioskId } = await kioskIn();
      const start = (await drain(kioskId)).cursor;
      const keys = Array.from({ length: 7 }, (_, i) => uniqueKey(`p${i}`));
      for (const [i, key] of keys.entries()) await publish(kiosk(kioskId), key, i);

      const first = await page(kioskId, start, 3);
      expect(first.items.map((item) => item.key)).toEqual(keys.slice(0, 3));
      expect(first.hasMore).toBe(true);
      const second = await page(kioskId, first.cursor, 3);
      expect(second.items.map((item) => item.key)).toEqual(keys.slice(3, 6));
      expect(second.hasMore).toBe(true);
      const last = await page(kioskId, second.cursor, 3);
      expect(last.items.map((item) => item.key)).toEqual(keys.slice(6));
      expect(last.hasMore).toBe(false);
      expect(await page(kioskId, last.cursor, 3)).toEqual({ items: [], cursor: last.cursor, hasMore: false });
    });

    it('says hasMore=false when the page ends exactly at the last entry', async () => {
      const { kioskId } = await kioskIn();
      const start = (await drain(kioskId)).cursor;
      for (let i = 0; i < 4; i++) await publish(kiosk(kioskId), uniqueKey('exact'), i);
      const first = await page(kioskId, start, 2);
      expect(first.hasMore).toBe(true);
      const second = await page(kioskId, first.cursor, 2);
      expect(second.items).toHaveLength(2);
      expect(second.hasMore).toBe(false);
    });

    it('sends an item changed twice in one page once, with its newest value and version', async () => {
      const { kioskId } = await kioskIn();
      const start = (await drain(kioskId)).cursor;
      const key = uniqueKey('twice');
      await publish(kiosk(kioskId), key, 'old');
      const other = uniqueKey('between');
      await publish(kiosk(kioskId), other, 'x');
      await publish(kiosk(kioskId), key, 'new');
      const { items } = await page(kioskId, start);
      expect(valuesOf(items)).toEqual([[other, 'x'], [key, 'new']]);
      expect(items[1]!.version).toBeGreaterThan(items[0]!.version);
    });

    it('sends a delete as a null value, also to a kiosk that never saw the value', async () => {
      const { kioskId } = await kioskIn();
      const start = (await drain(kioskId)).cursor;
      const key = uniqueKey('gone');
      await publish(kiosk(kioskId), key, { a: 1 });
      const seen = await page(kioskId, start);
      expect(valuesOf(seen.items)).toEqual([[key, { a: 1 }]]);
      await publish(kiosk(kioskId), key, null);
      const afterDelete = await page(kioskId, seen.cursor);
      expect(valuesOf(afterDelete.items)).toEqual([[key, null]]);
      expect(afterDelete.items[0]!.version).toBeGreaterThan(seen.items[0]!.version);
      expect(valuesOf((await page(kioskId, start)).items)).toEqual([[key, null]]);
    });

    it('resolves each item to the most specific scope holding a value', async () => {
      const shared = uniqueKioskId('B');
      const a = await kioskIn(shared);
      const elsewhere = await kioskIn();
      const key = uniqueKey('catalog');
      let cursorA = (await drain(a.kioskId)).cursor;
      let cursorE = (await drain(elsewhere.kioskId)).cursor;
      const step = async (scope: ChangeScope, value: unknown) => {
        await publish(scope, key, value, 'catalog');
        const pa = await drain(a.kioskId, cursorA);
        const pe = await drain(elsewhere.kioskId, cursorE);
        cursorA = pa.cursor;
        cursorE = pe.cursor;
        return { a: valuesOf(pa.items), elsewhere: valuesOf(pe.items) };
      };

      expect(await step(ALL, 'fleet v1')).toEqual({ a: [[key, 'fleet v1']], elsewhere: [[key, 'fleet v1']] });
      expect(await step(branch(shared), 'branch')).toEqual({ a: [[key, 'branch']], elsewhere: [] });
      // A fleet-wide update does not override the branch's own value.
      expect(await step(ALL, 'fleet v2')).toEqual({ a: [[key, 'branch']], elsewhere: [[key, 'fleet v2']] });
      expect(await step(kiosk(a.kioskId), 'kiosk')).toEqual({ a: [[key, 'kiosk']], elsewhere: [] });
      // Deleting an override reveals the next scope's value.
      expect(await step(kiosk(a.kioskId), null)).toEqual({ a: [[key, 'branch']], elsewhere: [] });
      expect(await step(branch(shared), null)).toEqual({ a: [[key, 'fleet v2']], elsewhere: [] });
      expect(await step(ALL, null)).toEqual({ a: [[key, null]], elsewhere: [[key, null]] });
    });

    it('counts versions per scope and item, and appends nothing for an unchanged value', async () => {
      const { kioskId, branchId } = await kioskIn();
      const key = uniqueKey('versions');
      expect(await publish(ALL, key, [1])).toMatchObject({ version: 1, created: true });
      expect(await publish(ALL, key, [2])).toMatchObject({ version: 2, created: true });
      expect(await publish(branch(branchId), key, [2])).toMatchObject({ version: 1, created: true });
      expect(await publish(ALL, key, [2], 'catalog')).toMatchObject({ version: 1, created: true });
      const start = (await drain(kioskId)).cursor;
      const again = await publish(ALL, key, [2]);
      expect(again).toMatchObject({ version: 2, created: false });
      expect(Date.parse(again.publishedAt)).not.toBeNaN();
      expect((await page(kioskId, start)).items).toEqual([]);
      expect(await publish(ALL, key, null)).toMatchObject({ version: 3, created: true });
      expect(await publish(ALL, key, null)).toMatchObject({ version: 3, created: false });
    });

    it("moves a kiosk's cursor past entries that are not for it", async () => {
      const mine = await kioskIn();
      const other = await kioskIn();
      const start = (await drain(mine.kioskId)).cursor;
      await publish(kiosk(other.kioskId), uniqueKey('not-mine'), 1);
      const next = await page(mine.kioskId, start);
      expect(next.items).toEqual([]);
      expect(Number(next.cursor)).toBeGreaterThan(Number(start));
    });

    it('starts over from a cursor this database never handed out', async () => {
      const { kioskId } = await kioskIn();
      const key = uniqueKey('replaced-hub');
      await publish(kiosk(kioskId), key, 'again');
      const { cursor } = await drain(kioskId);
      const fromTheFuture = encodeChangeCursor(Number(cursor) + 1_000);
      expect(valuesOf((await page(kioskId, fromTheFuture)).items)).toContainEqual([key, 'again']);
    });

    it('marks the pulling kiosk as seen', async () => {
      const { kioskId } = await kioskIn();
      await db.query("UPDATE kiosks SET last_seen_at = now() - interval '1 hour' WHERE kiosk_id = $1", [kioskId]);
      await drain(kioskId);
      const listed = (await store.listKiosks()).find((k) => k.kioskId === kioskId);
      expect(Date.now() - Date.parse(listed!.lastSeenAt)).toBeLessThan(60_000);
    });

    // PGlite has one connection, so publishes there cannot overlap at all.
    if (engine === 'postgres') {
      it('lets no publish commit while an earlier one is in flight, so no cursor skips an entry', async () => {
        const { kioskId } = await kioskIn();
        const start = (await drain(kioskId)).cursor;
        const [slowKey, fastKey] = [uniqueKey('slow'), uniqueKey('fast')];
        let finish!: () => void;
        const finishing = new Promise<void>((resolve) => (finish = resolve));
        let locked!: () => void;
        const lockTaken = new Promise<void>((resolve) => (locked = resolve));
        // A publisher that drew its seq and has not committed yet.
        const slow = db.transaction(async (tx) => {
          await tx.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_PUBLISH_LOCK_KEY]);
          await tx.query("INSERT INTO kiosk_changes (scope_kind, scope_id, item_kind, item_key, version, value) VALUES ('kiosk', $1, 'config', $2, 1, '\"slow\"')", [kioskId, slowKey]);
          locked();
          await finishing;
        });
        await lockTaken;
        const fast = publish(kiosk(kioskId), fastKey, 'fast');
        await new Promise((resolve) => setTimeout(resolve, 300));
        const during = await page(kioskId, start);
        expect(during.items).toEqual([]);
        finish();
        await Promise.all([slow, fast]);
        expect(valuesOf((await page(kioskId, during.cursor)).items)).toEqual([[slowKey, 'slow'], [fastKey, 'fast']]);
      });
    }
  });
}
