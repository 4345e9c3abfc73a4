// The wire format, driven through fastify's inject() against one in-memory PGlite. Kiosk
// requests are signed and staff reads carry the staff token, as in production.
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorBodySchema,
  healthResponseSchema,
  listKiosksResponseSchema,
  listTransactionsResponseSchema,
  registerKioskResponseSchema,
  transactionBatchResponseSchema,
  type ErrorBody,
  type TransactionItem,
} from '../protocol/hub-api.js';
import type { KioskCredentials } from '../protocol/kiosk-auth.js';
import type { HubStore } from './storage/hub-store.js';
import { enrollTestKiosk, signedInject, staffHeaders } from './testing/kiosk-auth.js';
import { openTestPglite, type TestDatabase } from './testing/test-databases.node.js';
import { buildTestHub, openTestStores, type TestStores } from './testing/test-hub.js';
import { makeItem, makeItems, uniqueKioskId } from './testing/transaction-items.js';
import { HUB_VERSION } from './version.js';

// Stands for personal data: it must reach the database and never the log.
const SECRET = 'PII-Zhang-San-6222020200112233';

let testDb: TestDatabase;
let stores: TestStores;
let store: HubStore;
let app: FastifyInstance;
const logLines: string[] = [];

beforeAll(async () => {
  testDb = await openTestPglite();
  stores = await openTestStores(testDb.db);
  store = stores.store;
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  app = buildTestHub(stores, { logger });
  await app.ready();
  // PGlite takes seconds to open, more while other test files run alongside.
}, 60_000);
afterAll(async () => {
  await app?.close();
  await testDb?.dispose();
});

const credentials = new Map<string, KioskCredentials>();

async function enrolled(kioskId = uniqueKioskId()): Promise<string> {
  credentials.set(kioskId, await enrollTestKiosk(stores.authStore, kioskId));
  return kioskId;
}

function signer(kioskId: string): KioskCredentials {
  const found = credentials.get(kioskId);
  if (!found) throw new Error(`test kiosk ${kioskId} was not enrolled`);
  return found;
}

async function registerAs(kioskId: string, payload: unknown) {
  return signedInject(app, signer(kioskId), { method: 'POST', url: '/v1/kiosks/register', payload });
}

async function register(kioskId = uniqueKioskId()): Promise<string> {
  await enrolled(kioskId);
  const res = await registerAs(kioskId, { kioskId, branchId: 'B-001' });
  expect(res.statusCode).toBe(201);
  return kioskId;
}

/** Signed by `as`, whatever kiosk the body names. */
async function post(as: string, body: unknown) {
  return signedInject(app, signer(as), { method: 'POST', url: '/v1/transactions', payload: body });
}

async function postBatch(kioskId: string, items: unknown[]) {
  const res = await post(kioskId, { kioskId, items });
  expect(res.statusCode).toBe(200);
  return transactionBatchResponseSchema.parse(res.json()).results;
}

async function listed(kioskId: string, query = '') {
  const res = await app.inject({ method: 'GET', url: `/v1/transactions?kioskId=${kioskId}${query}`, headers: staffHeaders() });
  expect(res.statusCode).toBe(200);
  return listTransactionsResponseSchema.parse(res.json()).items;
}

function errorOf(res: { json(): unknown }): ErrorBody {
  return errorBodySchema.parse(res.json());
}

describe('GET /health', () => {
  it('is ok with the engine and version when the database answers', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(healthResponseSchema.parse(res.json())).toEqual({ status: 'ok', db: 'pglite', version: HUB_VERSION });
  });

  it('is 503 degraded when the database does not answer', async () => {
    const broken: HubStore = { ...store, ping: () => Promise.reject(new Error('connection refused')) };
    const brokenApp = buildTestHub(stores, { store: broken });
    const res = await brokenApp.inject({ method: 'GET', url: '/health' });
    await brokenApp.close();
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'degraded' });
  });
});

describe('POST /v1/kiosks/register', () => {
  it('answers 201 first, then 200 with the same registeredAt', async () => {
    const kioskId = await enrolled();
    const first = await registerAs(kioskId, { kioskId, branchId: 'B-001', name: 'Lobby' });
    const again = await registerAs(kioskId, { kioskId, branchId: 'B-001', version: '0.1.1' });
    expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(registerKioskResponseSchema.parse(again.json())).toEqual(registerKioskResponseSchema.parse(first.json()));
    expect(first.json()).toMatchObject({ kioskId, branchId: 'B-001' });
  });

  it.each([
    ['no branch', (kioskId: string) => ({ kioskId }), 'branchId'],
    ['an unknown field', (kioskId: string) => ({ kioskId, branchId: 'B', extra: 1 }), 'extra'],
    ['a name over 120 characters', (kioskId: string) => ({ kioskId, branchId: 'B', name: 'n'.repeat(121) }), 'name'],
  ])('refuses %s with 400 BAD_REQUEST', async (_label, payload, field) => {
    const kioskId = await enrolled();
    const res = await registerAs(kioskId, payload(kioskId));
    expect(res.statusCode).toBe(400);
    const error = errorOf(res);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain(field);
  });

  // A kiosk registers only itself; an id it is not signed for (well-formed or not) is refused.
  it.each([
    ['a kiosk id with a space', 'K 01'],
    ['a kiosk id over 40 characters', 'K'.repeat(41)],
    ['another kiosk', 'K01'],
  ])('refuses %s with 401 UNAUTHORIZED', async (_label, kioskId) => {
    const res = await registerAs(await enrolled(), { kioskId, branchId: 'B' });
    expect([res.statusCode, errorOf(res).code]).toEqual([401, 'UNAUTHORIZED']);
  });
});

describe('POST /v1/transactions', () => {
  it('stores a valid batch and answers per item in order', async () => {
    const kioskId = await register();
    const items = makeItems(3);
    const results = await postBatch(kioskId, items);
    expect(results).toEqual(items.map((item, index) => ({ id: item.id, index, status: 'stored' })));
    expect((await listed(kioskId)).map((t) => t.id)).toEqual(items.map((i) => i.id));
  });

  it('stores a batch posted twice only once; the second answer is all duplicate', async () => {
    const kioskId = await register();
    const items = makeItems(5);
    await postBatch(kioskId, items);
    const replay = await postBatch(kioskId, items);
    expect(replay.map((r) => r.status)).toEqual(Array(5).fill('duplicate'));
    expect(replay.map((r) => r.id)).toEqual(items.map((i) => i.id));
    expect(await listed(kioskId)).toHaveLength(5);
  });

  it('rejects malformed items one by one and still stores the valid ones', async () => {
    const kioskId = await register();
    const good1 = makeItem(1);
    const good2 = makeItem(6);
    const { seq: _omitted, ...noSeq } = makeItem(2);
    const batch: unknown[] = [
      good1,
      noSeq,
      makeItem(3, { type: 'Deposit Cash' }),
      { ...makeItem(4), id: 'not-a-uuid' },
      { ...makeItem(5), payload: ['a', 'list'] },
      good2,
      { ...makeItem(7), payload: 'text' },
      42,
    ];
    const results = await postBatch(kioskId, batch);

    expect(results.map((r) => r.index)).toEqual(batch.map((_, i) => i));
    expect(results.map((r) => r.status)).toEqual(['stored', 'rejected', 'rejected', 'rejected', 'rejected', 'stored', 'rejected', 'rejected']);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected.every((r) => r.code === 'INVALID_ITEM')).toBe(true);
    expect(results[1]).toMatchObject({ id: noSeq.id, message: expect.stringMatching(/^seq: /) });
    expect(results[2]?.message).toMatch(/^type: /);
    expect(results[3]).toMatchObject({ id: 'not-a-uuid', message: expect.stringMatching(/^id: /) });
    expect(results[4]?.message).toMatch(/^payload: .*record/);
    expect(results[6]?.message).toMatch(/^payload: /);
    expect(results[7]).toMatchObject({ id: null, message: expect.stringContaining('object') });

    expect((await listed(kioskId)).map((t) => t.id)).toEqual([good1.id, good2.id]);
  });

  it('rejects payloads PostgreSQL cannot hold and dates it cannot store, per item', async () => {
    const kioskId = await register();
    const results = await postBatch(kioskId, [
      makeItem(1, { payload: { note: 'nul\u0000byte' } }),
      makeItem(2, { createdAt: '0000-01-01T00:00:00Z' }),
      makeItem(3, { createdAt: '2026-01-01T00:00:00+23:00' }),
      makeItem(4),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'stored']);
    expect(results.slice(0, 3).map((r) => r.message?.split(':')[0])).toEqual(['payload', 'createdAt', 'createdAt']);
  });

  it('rejects an id resent with another seq as CONFLICT', async () => {
    const kioskId = await register();
    const item = makeItem(1);
    await postBatch(kioskId, [item]);
    const [result] = await postBatch(kioskId, [{ ...item, seq: 2 }]);
    expect(result).toMatchObject({ id: item.id, status: 'rejected', code: 'CONFLICT' });
  });

  it('answers 404 UNKNOWN_KIOSK for an enrolled kiosk that never registered, and stores nothing', async () => {
    const kioskId = await enrolled(uniqueKioskId('ghost'));
    const res = await post(kioskId, { kioskId, items: makeItems(1) });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).code).toBe('UNKNOWN_KIOSK');
    expect((await store.listKiosks()).some((k) => k.kioskId === kioskId)).toBe(false);
  });

  describe('refuses a malformed envelope with 400 BAD_REQUEST', () => {
    const cases: [string, (kioskId: string) => unknown, RegExp][] = [
      ['without items', (kioskId) => ({ kioskId }), /^items: /],
      ['with items not an array', (kioskId) => ({ kioskId, items: { 0: makeItem(1) } }), /^items: /],
      ['with no items', (kioskId) => ({ kioskId, items: [] }), /^items: /],
      ['with 501 items', (kioskId) => ({ kioskId, items: makeItems(501) }), /^items: .*500/],
      ['without kioskId', () => ({ items: makeItems(1) }), /^kioskId: /],
      ['with an unknown field', (kioskId) => ({ kioskId, items: makeItems(1), extra: true }), /extra/],
      ['that is an array', () => [makeItem(1)], /^\(body\): /],
    ];
    it.each(cases)('%s', async (_label, body, message) => {
      const kioskId = await register();
      const res = await post(kioskId, body(kioskId));
      expect(res.statusCode).toBe(400);
      const error = errorOf(res);
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toMatch(message);
      expect(await listed(kioskId)).toEqual([]);
    });

    it('that is not JSON, without quoting the body back', async () => {
      const kioskId = await register();
      const res = await signedInject(app, signer(kioskId), {
        method: 'POST',
        url: '/v1/transactions',
        headers: { 'content-type': 'application/json' },
        rawBody: `{"kioskId":"${kioskId}","items":[{"payload":"${SECRET}"`,
      });
      expect(res.statusCode).toBe(400);
      expect(errorOf(res)).toEqual({ code: 'BAD_REQUEST', message: 'body is not valid JSON' });
    });
  });

  it('answers 413 PAYLOAD_TOO_LARGE for a body over 1 MB', async () => {
    const kioskId = await register();
    const items = makeItems(2).map((item) => ({ ...item, payload: { blob: 'x'.repeat(600 * 1024) } }));
    const res = await post(kioskId, { kioskId, items });
    expect(res.statusCode).toBe(413);
    expect(errorOf(res).code).toBe('PAYLOAD_TOO_LARGE');
    expect(await listed(kioskId)).toEqual([]);
  });

  it('answers 500 INTERNAL with a generic message when storage fails, and logs no card number the error quoted', async () => {
    const pan = '6222020200112230';
    const failing: HubStore = { ...store, ingest: () => Promise.reject(new Error(`insert failed near "${SECRET}" "${pan}"`)) };
    const lines: string[] = [];
    const failingApp = buildTestHub(stores, { store: failing, logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }) });
    const kioskId = await enrolled();
    const res = await signedInject(failingApp, signer(kioskId), { method: 'POST', url: '/v1/transactions', payload: { kioskId, items: makeItems(1) } });
    await failingApp.close();
    expect(res.statusCode).toBe(500);
    expect(errorOf(res).code).toBe('INTERNAL');
    expect(res.body).not.toContain(SECRET);
    const failed = lines.map((line) => JSON.parse(line) as { msg: string; errMessage?: string; stack?: string }).find((e) => e.msg === 'request failed');
    expect(failed?.errMessage).toContain('[card number]');
    expect(lines.join('\n')).not.toContain(pan);
  });

  it('property: per-item validation — valid items stored once across replays, broken ones always rejected', async () => {
    const corruptions: ((item: TransactionItem) => unknown)[] = [
      ({ seq: _s, ...rest }) => rest,
      (item) => ({ ...item, type: 'UPPER' }),
      (item) => ({ ...item, id: `${item.id}-x` }),
      (item) => ({ ...item, payload: [item.payload] }),
      (item) => ({ ...item, schemaVersion: 0 }),
      (item) => ({ ...item, createdAt: 'yesterday' }),
    ];
    const plan = fc.array(fc.option(fc.integer({ min: 0, max: corruptions.length - 1 }), { nil: undefined }), {
      minLength: 1,
      maxLength: 15,
    });
    await fc.assert(
      fc.asyncProperty(plan, fc.integer({ min: 1, max: 3 }), async (corruptionPlan, replays) => {
        const kioskId = await register();
        const items = corruptionPlan.map((_, i) => makeItem(i + 1));
        const batch = items.map((item, i) => {
          const corruption = corruptionPlan[i];
          return corruption === undefined ? item : corruptions[corruption]!(item);
        });
        for (let round = 0; round < replays; round += 1) {
          const results = await postBatch(kioskId, batch);
          results.forEach((result, i) => {
            expect(result.index).toBe(i);
            if (corruptionPlan[i] !== undefined) expect(result).toMatchObject({ status: 'rejected', code: 'INVALID_ITEM' });
            else expect(result.status).toBe(round === 0 ? 'stored' : 'duplicate');
          });
        }
        const validIds = items.filter((_, i) => corruptionPlan[i] === undefined).map((item) => item.id);
        expect((await listed(kioskId, '&limit=1000')).map((t) => t.id)).toEqual(validIds);
      }),
      { numRuns: 30 },
    );
  });
});

describe('GET /v1/transactions', () => {
  it('lists by seq, pages with afterSeq and limit', async () => {
    const kioskId = await register();
    await postBatch(kioskId, [4, 2, 8, 6].map((seq) => makeItem(seq)));
    expect((await listed(kioskId)).map((t) => t.seq)).toEqual([2, 4, 6, 8]);
    expect((await listed(kioskId, '&afterSeq=2&limit=2')).map((t) => t.seq)).toEqual([4, 6]);
  });

  it('refuses a bad query with 400 and an unknown kiosk with 404', async () => {
    const bad = await app.inject({ method: 'GET', url: '/v1/transactions?kioskId=K01&limit=0', headers: staffHeaders() });
    expect([bad.statusCode, errorOf(bad).code]).toEqual([400, 'BAD_REQUEST']);
    const unknown = await app.inject({ method: 'GET', url: `/v1/transactions?kioskId=${uniqueKioskId('ghost')}`, headers: staffHeaders() });
    expect([unknown.statusCode, errorOf(unknown).code]).toEqual([404, 'UNKNOWN_KIOSK']);
  });
});

describe('GET /v1/kiosks', () => {
  it('shows lastSeq, backlogHint and a lastSeenAt moved by every transactions POST', async () => {
    const kioskId = await register();
    const find = async () => {
      const res = await app.inject({ method: 'GET', url: '/v1/kiosks', headers: staffHeaders() });
      expect(res.statusCode).toBe(200);
      return listKiosksResponseSchema.parse(res.json()).kiosks.find((k) => k.kioskId === kioskId);
    };
    const before = await find();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const res = await post(kioskId, { kioskId, items: [makeItem(1), makeItem(2)], backlogHint: 7 });
    expect(res.statusCode).toBe(200);
    const after = await find();
    expect(after).toMatchObject({ lastSeq: 2, backlogHint: 7, branchId: 'B-001' });
    expect(Date.parse(after!.lastSeenAt)).toBeGreaterThan(Date.parse(before!.lastSeenAt));
  });
});

it('answers unknown routes with 404 NOT_FOUND', async () => {
  const res = await app.inject({ method: 'GET', url: '/v2/anything' });
  expect([res.statusCode, errorOf(res).code]).toEqual([404, 'NOT_FOUND']);
});

describe('logging', () => {
  it('logs counts and ids of a batch, never its payload', async () => {
    const kioskId = await register();
    const item = makeItem(1, { payload: { customer: SECRET } });
    const broken = { ...makeItem(2, { payload: { customer: SECRET } }), type: 'BAD' };
    logLines.length = 0;
    await postBatch(kioskId, [item, broken]);
    // Signed by one kiosk for another: refused by the guard, and still not logged.
    expect((await post(kioskId, { kioskId: 'K 01', items: [{ payload: SECRET }] })).statusCode).toBe(401);

    const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.find((e) => e.msg === 'transactions ingested')).toMatchObject({
      kioskId,
      received: 2,
      stored: 1,
      rejected: 1,
      rejectedIds: [broken.id],
    });
    expect(logLines.join('\n')).not.toContain(SECRET);
    // One line per batch at info, not Fastify's two request lines besides it: every kiosk
    // sends batches all day. The refusal is still logged (and the 401 by the guard).
    const ingested = entries.filter((e) => e.msg === 'transactions ingested');
    expect(ingested).toHaveLength(1);
    expect(typeof ingested[0]!.reqId).toBe('string');
    expect(entries.filter((e) => e.level === 30 && e.msg !== 'transactions ingested').map((e) => e.msg)).toEqual([]);
    expect(entries.some((e) => (e.level as number) >= 40)).toBe(true);
  });

  it('logs a malformed batch and a batch from an unregistered kiosk at warn, without their content', async () => {
    const kioskId = await register();
    logLines.length = 0;
    expect((await post(kioskId, { kioskId, items: 'not a list', note: SECRET })).statusCode).toBe(400);
    const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.find((e) => e.msg === 'transactions: batch refused, malformed envelope')).toMatchObject({ level: 40, issues: expect.any(Number) });
    expect(logLines.join('\n')).not.toContain(SECRET);
  });
});
