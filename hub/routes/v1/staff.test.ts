// Staff query endpoints over HTTP: token-guarded, validated, paged.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kioskGapsResponseSchema, staffKiosksResponseSchema, staffTransactionsResponseSchema } from '../../api/staff.js';
import { errorBodySchema } from '../../../protocol/hub-api.js';
import { anyOf, tokenAuthenticator, type StaffAuthenticator } from '../../auth/staff-guard.js';
import { adminHeaders, enrollTestKiosk, staffHeaders, TEST_TOKENS } from '../../testing/kiosk-auth.js';
import { openTestPglite, type TestDatabase } from '../../testing/test-databases.node.js';
import { buildTestHub, openTestStores, type TestStores } from '../../testing/test-hub.js';
import { makeItem, uniqueKioskId } from '../../testing/transaction-items.js';

let testDb: TestDatabase;
let stores: TestStores;
let app: FastifyInstance;

// Opening PGlite takes seconds, more while other test files run alongside.
beforeAll(async () => {
  testDb = await openTestPglite();
  stores = await openTestStores(testDb.db);
  app = buildTestHub(stores);
  await app.ready();
}, 60_000);
afterAll(async () => {
  await app?.close();
  await testDb?.dispose();
});

async function kioskWith(seqs: number[], options: { branchId?: string; type?: string; backlogHint?: number } = {}): Promise<string> {
  const kioskId = uniqueKioskId();
  await stores.store.registerKiosk({ kioskId, branchId: options.branchId ?? 'B-1' });
  const items = seqs.map((seq) => makeItem(seq, options.type ? { type: options.type } : {}));
  if (items.length > 0) await stores.store.ingest({ kioskId, items, backlogHint: options.backlogHint });
  return kioskId;
}

const get = (url: string, headers: Record<string, string> = staffHeaders()) => app.inject({ method: 'GET', url, headers });

describe('guard', () => {
  it.each(['/v1/staff/transactions', '/v1/staff/kiosks', '/v1/staff/kiosks/K01/gaps', '/v1/transactions?kioskId=K01', '/v1/kiosks'])(
    '%s needs a staff or admin token',
    async (url) => {
      const res = await get(url, {});
      expect([res.statusCode, errorBodySchema.parse(res.json()).code]).toEqual([401, 'UNAUTHORIZED']);
      expect((await get(url, { authorization: 'Bearer nope-nope-nope-nope-nope-nope-nope-nope' })).statusCode).toBe(401);
      expect((await get(url)).statusCode).not.toBe(401);
      expect((await get(url, adminHeaders())).statusCode).not.toBe(401);
    },
  );

  it('takes another authenticator beside the tokens (the seam for staff sessions)', async () => {
    const SESSION = 'session-token-of-a-signed-in-supervisor';
    const sessions: StaffAuthenticator = {
      authenticate: async (request) => {
        const header = request.headers.authorization;
        if (header === undefined) return { ok: false, reason: 'missing_token' };
        return header === `Bearer ${SESSION}` ? { ok: true, identity: { role: 'staff', name: 'supervisor:zhang' } } : { ok: false, reason: 'bad_token' };
      },
    };
    const both = buildTestHub(stores, { auth: { staffAuthenticator: anyOf(tokenAuthenticator(TEST_TOKENS), sessions) } });
    const status = async (headers: Record<string, string>) => (await both.inject({ method: 'GET', url: '/v1/staff/kiosks', headers })).statusCode;
    expect(await status({ authorization: `Bearer ${SESSION}` })).toBe(200);
    expect(await status(staffHeaders())).toBe(200);
    expect(await status({ authorization: 'Bearer someone-else-entirely-0123456789' })).toBe(401);
    expect(await status({})).toBe(401);
    expect((await both.inject({ method: 'GET', url: '/v1/admin/auth-failures', headers: { authorization: `Bearer ${SESSION}` } })).statusCode).toBe(403);
    await both.close();
  });
});

describe('GET /v1/staff/transactions', () => {
  it('filters by kiosk and type list and pages with nextCursor', async () => {
    const type = `test.staff${Math.random().toString(36).slice(2, 8)}`;
    const [a, b] = [await kioskWith([1, 2, 3], { type }), await kioskWith([1, 2], { type })];
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`/v1/staff/transactions?type=${type},other.type&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = staffTransactionsResponseSchema.parse(res.json());
      seen.push(...page.items.map((t) => `${t.kioskId === a ? 'a' : 'b'}${t.seq}`));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'b2']);
    const onlyB = staffTransactionsResponseSchema.parse((await get(`/v1/staff/transactions?type=${type}&kioskId=${b}`)).json());
    expect(onlyB.items.map((t) => t.seq)).toEqual([1, 2]);
  });

  it('filters by a createdAt window', async () => {
    const type = `test.window${Math.random().toString(36).slice(2, 8)}`;
    await kioskWith([1, 2, 3], { type }); // createdAt 09:00:01, :02, :03 UTC
    const res = await get(`/v1/staff/transactions?type=${type}&from=2026-11-23T09:00:02Z&to=${encodeURIComponent('2026-11-23T17:00:03+08:00')}`);
    expect(staffTransactionsResponseSchema.parse(res.json()).items.map((t) => t.seq)).toEqual([2]);
  });

  it.each([
    ['a cursor it did not hand out', 'cursor=bm90LWEtY3Vyc29y', /^cursor/],
    ['a limit over 1000', 'limit=1001', /^limit/],
    ['an upper-case type', 'type=Queue', /^type/],
    ['a date without offset', 'from=2026-11-23T09:00:00', /^from/],
    ['an unknown parameter', 'state=acked', /state/],
  ])('answers 400 for %s', async (_label, query, message) => {
    const res = await get(`/v1/staff/transactions?${query}`);
    expect(res.statusCode).toBe(400);
    expect(errorBodySchema.parse(res.json()).message).toMatch(message);
  });
});

describe('GET /v1/staff/kiosks', () => {
  it('shows backlog, last contact and enrollment for a branch', async () => {
    const branchId = `BR-${uniqueKioskId()}`;
    const kioskId = await kioskWith([1, 2], { branchId, backlogHint: 9 });
    await enrollTestKiosk(stores.authStore, kioskId);
    const res = await get(`/v1/staff/kiosks?branchId=${branchId}&staleAfterSeconds=60`);
    const body = staffKiosksResponseSchema.parse(res.json());
    expect(body.kiosks).toEqual([expect.objectContaining({ kioskId, backlogHint: 9, lastSeq: 2, stale: false, enrolled: true })]);
  });
});

describe('GET /v1/staff/kiosks/:kioskId/gaps', () => {
  it('reports missing seq ranges, paged', async () => {
    const kioskId = await kioskWith([1, 4, 5, 9]);
    const first = kioskGapsResponseSchema.parse((await get(`/v1/staff/kiosks/${kioskId}/gaps?limit=1`)).json());
    expect(first).toMatchObject({ lastSeq: 9, storedCount: 4, gaps: [{ fromSeq: 2, toSeq: 3, count: 2 }], nextAfterSeq: 3 });
    const rest = kioskGapsResponseSchema.parse((await get(`/v1/staff/kiosks/${kioskId}/gaps?afterSeq=3`)).json());
    expect(rest).toMatchObject({ gaps: [{ fromSeq: 6, toSeq: 8, count: 3 }], nextAfterSeq: null });
  });

  it('answers 404 UNKNOWN_KIOSK and 400 for a malformed kiosk id', async () => {
    const unknown = await get(`/v1/staff/kiosks/${uniqueKioskId('ghost')}/gaps`);
    expect([unknown.statusCode, errorBodySchema.parse(unknown.json()).code]).toEqual([404, 'UNKNOWN_KIOSK']);
    expect((await get(`/v1/staff/kiosks/${'K'.repeat(41)}/gaps`)).statusCode).toBe(400);
  });
});
