// Hub → kiosk changes over the wire, through inject() on one in-memory PGlite: the admin
// publishes with the admin token, the kiosk pulls signed with its real signer and parses
// each page with the schema the kiosk's sync engine uses.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFailuresResponseSchema, type KioskCredentials } from '../../../protocol/kiosk-auth.js';
import {
  changesPath,
  changesResponseSchema,
  errorBodySchema,
  publishChangeResponseSchema,
  QUEUE_SERVICES_KEY,
  type ChangesResponse,
  type ErrorBody,
} from '../../../protocol/hub-api.js';
import { adminHeaders, enrollTestKiosk, signedInject, staffHeaders } from '../../testing/kiosk-auth.js';
import { openTestPglite, type TestDatabase } from '../../testing/test-databases.node.js';
import { buildTestHub, openTestStores, type TestStores } from '../../testing/test-hub.js';
import { uniqueKioskId } from '../../testing/transaction-items.js';

// Stands for a sensitive config value: it must reach the kiosk and never the log.
const SECRET = 'config-secret-7f3a9c';

let testDb: TestDatabase;
let stores: TestStores;
let app: FastifyInstance;
const logLines: string[] = [];

beforeAll(async () => {
  testDb = await openTestPglite();
  stores = await openTestStores(testDb.db);
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  app = buildTestHub(stores, { logger });
  await app.ready();
  // PGlite takes seconds to open, more while other test files run alongside.
}, 60_000);
afterAll(async () => {
  await app?.close();
  await testDb?.dispose();
});

const services = [
  { id: 'cards', prefix: 'K', name: { 'zh-CN': '银行卡业务', en: 'Cards' }, vip: false },
  { id: 'wealth', prefix: 'W', name: { 'zh-CN': '理财业务', en: 'Wealth management' }, vip: true },
];

/** Enrolled, and registered in `branchId` unless that is null. */
async function kiosk(branchId: string | null = uniqueKioskId('B')): Promise<KioskCredentials> {
  const credentials = await enrollTestKiosk(stores.authStore);
  if (branchId !== null) {
    const res = await signedInject(app, credentials, { method: 'POST', url: '/v1/kiosks/register', payload: { kioskId: credentials.kioskId, branchId } });
    expect(res.statusCode).toBe(201);
  }
  return credentials;
}

function publish(body: unknown, headers: Record<string, string> = adminHeaders()) {
  return app.inject({ method: 'PUT', url: '/v1/admin/changes', headers, payload: body as Record<string, unknown> });
}

function pullAs(signer: KioskCredentials, url: string) {
  return signedInject(app, signer, { method: 'GET', url });
}

async function pull(credentials: KioskCredentials, cursor: string | null = null, limit = 100): Promise<ChangesResponse> {
  const res = await pullAs(credentials, changesPath(credentials.kioskId, cursor, limit));
  expect(res.statusCode).toBe(200);
  return changesResponseSchema.parse(res.json());
}

/** The cursor after everything already published: the start for a test's own changes. */
async function drained(credentials: KioskCredentials): Promise<string> {
  let page = await pull(credentials);
  while (page.hasMore) page = await pull(credentials, page.cursor);
  return page.cursor;
}

const errorOf = (res: { json(): unknown }): ErrorBody => errorBodySchema.parse(res.json());

async function authFailures() {
  const res = await app.inject({ method: 'GET', url: '/v1/admin/auth-failures', headers: adminHeaders() });
  return authFailuresResponseSchema.parse(res.json()).counts;
}

describe('PUT /v1/admin/changes then GET /v1/kiosks/:kioskId/changes', () => {
  it('delivers what the admin publishes to the kiosks in its scope', async () => {
    const branchId = uniqueKioskId('B');
    const inBranch = await kiosk(branchId);
    const outside = await kiosk();
    const [startIn, startOut] = [await drained(inBranch), await drained(outside)];

    const res = await publish({ scope: { kind: 'branch', branchId }, kind: 'catalog', key: QUEUE_SERVICES_KEY, value: services });
    expect(res.statusCode).toBe(201);
    expect(publishChangeResponseSchema.parse(res.json())).toMatchObject({ scope: { kind: 'branch', branchId }, kind: 'catalog', key: QUEUE_SERVICES_KEY, version: 1 });

    const page = await pull(inBranch, startIn);
    expect(page.items).toEqual([{ kind: 'catalog', key: QUEUE_SERVICES_KEY, version: expect.any(Number), value: services }]);
    expect(page.hasMore).toBe(false);
    expect((await pull(outside, startOut)).items).toEqual([]);
  });

  it('answers a repeated publication with 200 and the version already published', async () => {
    const scope = { kind: 'kiosk', kioskId: uniqueKioskId() };
    const body = { scope, kind: 'config', key: 'idle.timeoutMs', value: 90_000 };
    expect((await publish(body)).statusCode).toBe(201);
    const again = await publish(body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ version: 1 });
    const changed = await publish({ ...body, value: 60_000 });
    expect(changed.statusCode).toBe(201);
    expect(changed.json()).toMatchObject({ version: 2 });
  });

  it('publishes a delete as value null, which the kiosk receives as null', async () => {
    const credentials = await kiosk();
    const scope = { kind: 'kiosk', kioskId: credentials.kioskId };
    const start = await drained(credentials);
    expect((await publish({ scope, kind: 'config', key: 'banner', value: 'hello' })).statusCode).toBe(201);
    const deleted = await publish({ scope, kind: 'config', key: 'banner', value: null });
    expect(deleted.statusCode).toBe(201);
    expect(deleted.json()).toMatchObject({ version: 2 });
    expect((await pull(credentials, start)).items).toMatchObject([{ key: 'banner', value: null }]);
  });

  it('pages with the cursor it hands out', async () => {
    const credentials = await kiosk();
    const start = await drained(credentials);
    for (const key of ['a', 'b', 'c']) {
      expect((await publish({ scope: { kind: 'kiosk', kioskId: credentials.kioskId }, kind: 'ticket-counter', key, value: { last: 1 } })).statusCode).toBe(201);
    }
    const first = await pull(credentials, start, 2);
    expect(first.items.map((item) => item.key)).toEqual(['a', 'b']);
    expect(first.hasMore).toBe(true);
    const second = await pull(credentials, first.cursor, 2);
    expect(second.items.map((item) => item.key)).toEqual(['c']);
    expect(second.hasMore).toBe(false);
  });

  it('logs what was published and where, never the value', async () => {
    const credentials = await kiosk();
    const start = await drained(credentials);
    const before = logLines.length;
    expect((await publish({ scope: { kind: 'kiosk', kioskId: credentials.kioskId }, kind: 'config', key: 'secret', value: SECRET })).statusCode).toBe(201);
    expect((await pull(credentials, start)).items).toMatchObject([{ key: 'secret', value: SECRET }]);
    const lines = logLines.slice(before).join('\n');
    expect(lines).toContain('kiosk change published');
    expect(lines).not.toContain(SECRET);
  });
});

describe('the branch a kiosk pulls for', () => {
  // Security finding 3 (issue 15): the branch comes from enrollment, never from the kiosk.
  const register = (credentials: KioskCredentials, branchId: string) =>
    signedInject(app, credentials, { method: 'POST', url: '/v1/kiosks/register', payload: { kioskId: credentials.kioskId, branchId } });
  const branchConfig = async (branchId: string, value: string) =>
    expect((await publish({ scope: { kind: 'branch', branchId }, kind: 'config', key: 'branch.secret', value })).statusCode).toBe(201);
  const configOf = async (credentials: KioskCredentials) => (await pull(credentials)).items.filter((item) => item.key === 'branch.secret').map((item) => item.value);

  it('stays the enrolled branch when the kiosk registers again naming another, so it never gets that branch’s config', async () => {
    const [home, victim] = [uniqueKioskId('B'), uniqueKioskId('B')];
    await branchConfig(home, 'home config');
    await branchConfig(victim, 'victim config');
    const credentials = await enrollTestKiosk(stores.authStore, uniqueKioskId(), home);
    expect((await register(credentials, home)).statusCode).toBe(201);

    const moved = await register(credentials, victim);
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ kioskId: credentials.kioskId, branchId: home });
    expect(await configOf(credentials)).toEqual(['home config']);
    const listed = await app.inject({ method: 'GET', url: '/v1/kiosks', headers: staffHeaders() });
    expect(listed.json().kiosks.find((k: { kioskId: string }) => k.kioskId === credentials.kioskId)).toMatchObject({ branchId: home });
    expect(logLines.some((line) => line.includes('naming another branch than its enrollment'))).toBe(true);
  });

  it('is the enrolled branch from the first registration, whatever the kiosk names', async () => {
    const [home, other] = [uniqueKioskId('B'), uniqueKioskId('B')];
    await branchConfig(other, 'other config');
    const credentials = await enrollTestKiosk(stores.authStore, uniqueKioskId(), home);
    const first = await register(credentials, other);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ branchId: home });
    expect(await configOf(credentials)).toEqual([]);
  });

  it('is set once by the first registration when the code named no branch', async () => {
    const [first, second] = [uniqueKioskId('B'), uniqueKioskId('B')];
    const credentials = await enrollTestKiosk(stores.authStore);
    expect((await register(credentials, first)).json()).toMatchObject({ branchId: first });
    expect((await register(credentials, second)).json()).toMatchObject({ branchId: first });
  });

  it('moves when an admin enrolls the kiosk again with a code for the new branch', async () => {
    const [before, after] = [uniqueKioskId('B'), uniqueKioskId('B')];
    await branchConfig(after, 'new branch config');
    const kioskId = uniqueKioskId();
    expect((await register(await enrollTestKiosk(stores.authStore, kioskId, before), before)).json()).toMatchObject({ branchId: before });
    const issued = await app.inject({ method: 'POST', url: '/v1/admin/enrollment-codes', headers: adminHeaders(), payload: { kioskId, branchId: after } });
    expect(issued.statusCode).toBe(201);
    expect(issued.json()).toMatchObject({ kioskId, branchId: after });
    const reenrolled = await enrollTestKiosk(stores.authStore, kioskId, after);
    expect((await register(reenrolled, before)).json()).toMatchObject({ branchId: after });
    expect(await configOf(reenrolled)).toEqual(['new branch config']);
  });
});

describe('PUT /v1/admin/changes refusals', () => {
  const valid = { scope: { kind: 'all' }, kind: 'catalog', key: QUEUE_SERVICES_KEY, value: services };

  it.each([
    ['a lower-case prefix', { value: [{ ...services[0], prefix: 'k' }] }, 'value.0.prefix'],
    ['a service without a name', { value: [{ id: 'x', prefix: 'X', vip: false }] }, 'value.0.name'],
    ['two services sharing a prefix', { value: [services[0], { ...services[1], prefix: 'K' }] }, 'value.1.prefix'],
    ['two services sharing an id', { value: [services[0], { ...services[1], id: 'cards' }] }, 'value.1.id'],
    ['an id no ticket request could name', { value: [{ ...services[0], id: '' }] }, 'value.0.id'],
    ['an empty catalog', { value: [] }, 'value'],
    ['a catalog that is not a list', { value: { cards: true } }, 'value'],
    ['no value at all', { value: undefined }, 'value'],
    ['an unknown scope', { scope: { kind: 'region', regionId: 'north' } }, 'scope.kind'],
    ['a branch scope without a branch', { scope: { kind: 'branch' } }, 'scope.branchId'],
    ['a kiosk scope with a malformed id', { scope: { kind: 'kiosk', kioskId: 'no spaces' } }, 'scope.kioskId'],
    ['an unknown kind', { kind: 'firmware' }, 'kind'],
    ['an empty key', { key: '' }, 'key'],
    ['a NUL character in a value', { kind: 'config', key: 'x', value: 'a\u0000b' }, 'value'],
    ['an unknown field', { extra: 1 }, '(body)'],
  ])('refuses %s with 400 naming %s', async (_label, change, field) => {
    const res = await publish({ ...valid, ...change });
    expect(res.statusCode).toBe(400);
    const error = errorOf(res);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message.split('; ').map((issue) => issue.split(':')[0])).toContain(field);
  });

  it('takes any value for items of no known shape, and a null queue catalog (a delete)', async () => {
    expect((await publish({ ...valid, key: 'brochures', value: { any: ['thing'] } })).statusCode).toBe(201);
    expect((await publish({ ...valid, scope: { kind: 'kiosk', kioskId: uniqueKioskId() }, value: null })).statusCode).toBe(201);
  });

  it('wants the admin token', async () => {
    expect((await publish(valid, {})).statusCode).toBe(401);
    const staff = await publish(valid, staffHeaders());
    expect(staff.statusCode).toBe(403);
    expect(errorOf(staff).code).toBe('FORBIDDEN');
  });
});

describe('GET /v1/kiosks/:kioskId/changes refusals', () => {
  it('refuses a kiosk asking for another kiosk’s changes with 401 kiosk_mismatch', async () => {
    const [mallory, victim] = [await kiosk(), await kiosk()];
    const before = (await authFailures()).kiosk_mismatch ?? 0;
    const res = await pullAs(mallory, changesPath(victim.kioskId, null, 10));
    expect(res.statusCode).toBe(401);
    expect(errorOf(res)).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('path') });
    expect((await authFailures()).kiosk_mismatch).toBe(before + 1);
  });

  it('refuses an unsigned request with 401', async () => {
    const credentials = await kiosk();
    const res = await app.inject({ method: 'GET', url: changesPath(credentials.kioskId, null, 10) });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('UNAUTHORIZED');
  });

  it('answers 404 UNKNOWN_KIOSK to an enrolled kiosk that has not registered, so it registers', async () => {
    const credentials = await kiosk(null);
    const res = await pullAs(credentials, changesPath(credentials.kioskId, null, 10));
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).code).toBe('UNKNOWN_KIOSK');
  });

  it.each([
    ['a cursor it never handed out', 'cursor=abc', 'cursor'],
    ['a negative cursor', 'cursor=-1', 'cursor'],
    ['limit 0', 'limit=0', 'limit'],
    ['a limit above 1000', 'limit=1001', 'limit'],
    ['a limit that is not a number', 'limit=many', 'limit'],
  ])('refuses %s with 400', async (_label, query, field) => {
    const credentials = await kiosk();
    const res = await pullAs(credentials, `/v1/kiosks/${credentials.kioskId}/changes?${query}`);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(field) });
  });
});
