// Signed kiosk requests over the real routes: one valid path, and every way a request is
// refused with 401 UNAUTHORIZED, counted under its reason and stored nowhere.
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKioskKeyPair } from '../../electron/host/request-signer.js';
import { authFailuresResponseSchema, MAX_CLOCK_SKEW_MS, SIGNATURE_SCHEME, type AuthFailureReason, type KioskCredentials } from '../../protocol/kiosk-auth.js';
import { changesPath, errorBodySchema } from '../../protocol/hub-api.js';
import { installErrorReplies } from '../routes/error-replies.js';
import { NONCE_REFUSED } from '../storage/nonce-queries.js';
import { installBodyHashing } from './body-hash.node.js';
import { createRouteGuards } from './route-guards.node.js';
import { adminHeaders, enrollTestKiosk, signedHeaders, signedInject, staffHeaders, TEST_TOKENS, type SignedCall } from '../testing/kiosk-auth.js';
import { openTestPglite, type TestDatabase } from '../testing/test-databases.node.js';
import { buildTestHub, openTestStores, type TestStores } from '../testing/test-hub.js';
import { makeItems, uniqueKioskId } from '../testing/transaction-items.js';

let testDb: TestDatabase;
let stores: TestStores;
let app: FastifyInstance;
let clock = Date.now();
const logLines: string[] = [];

// Opening PGlite takes seconds, more while other test files run alongside.
beforeAll(async () => {
  testDb = await openTestPglite();
  stores = await openTestStores(testDb.db);
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  app = buildTestHub(stores, { logger, auth: { now: () => clock } });
  await app.ready();
}, 60_000);
afterAll(async () => {
  await app?.close();
  await testDb?.dispose();
});
beforeEach(() => {
  clock = Date.now();
});

/** An enrolled and registered kiosk. */
async function kiosk(): Promise<KioskCredentials> {
  const credentials = await enrollTestKiosk(stores.authStore);
  const res = await signedInject(app, credentials, { method: 'POST', url: '/v1/kiosks/register', payload: { kioskId: credentials.kioskId, branchId: 'B-1' } });
  expect(res.statusCode).toBe(201);
  return credentials;
}

const batch = (kioskId: string, items = makeItems(2)): SignedCall => ({ method: 'POST', url: '/v1/transactions', payload: { kioskId, items } });

async function failures(): Promise<Record<AuthFailureReason, number>> {
  const res = await app.inject({ method: 'GET', url: '/v1/admin/auth-failures', headers: adminHeaders() });
  expect(res.statusCode).toBe(200);
  return authFailuresResponseSchema.parse(res.json()).counts;
}

async function stored(kioskId: string): Promise<number> {
  return (await stores.store.listTransactions({ kioskId, afterSeq: 0, limit: 1000 }))?.length ?? 0;
}

/** Sends, then checks the 401 and that exactly `reason` went up by one. */
async function expectRefused(send: () => Promise<LightMyRequestResponse>, reason: AuthFailureReason): Promise<string> {
  const before = await failures();
  const res = await send();
  const after = await failures();
  expect(res.statusCode).toBe(401);
  const error = errorBodySchema.parse(res.json());
  expect(error.code).toBe('UNAUTHORIZED');
  const changed = Object.entries(after).filter(([r, n]) => n !== before[r as AuthFailureReason]);
  expect(changed).toEqual([[reason, before[reason] + 1]]);
  return error.message;
}

it('accepts a signed registration and a signed batch', async () => {
  const credentials = await kiosk();
  const res = await signedInject(app, credentials, batch(credentials.kioskId));
  expect(res.statusCode).toBe(200);
  expect(await stored(credentials.kioskId)).toBe(2);
  expect(credentials.scheme).toBe(SIGNATURE_SCHEME);
});

describe('refuses with 401 and counts', () => {
  it('an unsigned batch, before reading its body', async () => {
    const { kioskId } = await kiosk();
    const message = await expectRefused(() => app.inject({ method: 'POST', url: '/v1/transactions', payload: { kioskId, items: makeItems(1) } }), 'missing_signature');
    expect(message).toMatch(/x-kiosk-id, x-kiosk-timestamp, x-kiosk-nonce, x-kiosk-signature/);
    // 2 MB would be 413 if the body were read first.
    const huge = { kioskId, items: [{ blob: 'x'.repeat(2 * 1024 * 1024) }] };
    await expectRefused(() => app.inject({ method: 'POST', url: '/v1/transactions', payload: huge }), 'missing_signature');
    expect(await stored(kioskId)).toBe(0);
  });

  it('an unsigned registration', async () => {
    const kioskId = uniqueKioskId();
    await expectRefused(() => app.inject({ method: 'POST', url: '/v1/kiosks/register', payload: { kioskId, branchId: 'B' } }), 'missing_signature');
    expect((await stores.store.listKiosks()).some((k) => k.kioskId === kioskId)).toBe(false);
  });

  it('malformed signature headers', async () => {
    const credentials = await kiosk();
    await expectRefused(() => signedInject(app, credentials, { ...batch(credentials.kioskId), headers: { 'x-kiosk-signature': 'not-a-signature' } }), 'malformed_signature');
  });

  it('a bad signature: the right kiosk id, another key', async () => {
    const credentials = await kiosk();
    const impostor = { ...credentials, privateKeyPem: generateKioskKeyPair().privateKeyPem };
    await expectRefused(() => signedInject(app, impostor, batch(credentials.kioskId)), 'bad_signature');
    expect(await stored(credentials.kioskId)).toBe(0);
  });

  it('a tampered body', async () => {
    const credentials = await kiosk();
    const { headers } = signedHeaders(credentials, batch(credentials.kioskId));
    const tampered = JSON.stringify({ kioskId: credentials.kioskId, items: makeItems(3) });
    await expectRefused(() => app.inject({ method: 'POST', url: '/v1/transactions', headers, payload: tampered }), 'bad_signature');
    expect(await stored(credentials.kioskId)).toBe(0);
  });

  it('a signature for another path', async () => {
    const credentials = await kiosk();
    const { headers, body } = signedHeaders(credentials, { ...batch(credentials.kioskId), url: '/v1/kiosks/register' });
    await expectRefused(() => app.inject({ method: 'POST', url: '/v1/transactions', headers, payload: body }), 'bad_signature');
  });

  it('a replayed request (same nonce), after the original went through', async () => {
    const credentials = await kiosk();
    const { headers, body } = signedHeaders(credentials, batch(credentials.kioskId));
    const send = () => app.inject({ method: 'POST', url: '/v1/transactions', headers, payload: body });
    expect((await send()).statusCode).toBe(200);
    await expectRefused(send, 'replayed_nonce');
  });

  it('a timestamp more than 5 minutes old or ahead', async () => {
    const credentials = await kiosk();
    const message = await expectRefused(() => signedInject(app, credentials, { ...batch(credentials.kioskId), sign: { now: clock - MAX_CLOCK_SKEW_MS - 1000 } }), 'expired_timestamp');
    expect(message).toMatch(/clock|time/);
    await expectRefused(() => signedInject(app, credentials, { ...batch(credentials.kioskId), sign: { now: clock + MAX_CLOCK_SKEW_MS + 1000 } }), 'expired_timestamp');
    // Just inside the window is fine.
    expect((await signedInject(app, credentials, { ...batch(credentials.kioskId), sign: { now: clock - MAX_CLOCK_SKEW_MS + 1000 } })).statusCode).toBe(200);
  });

  it('a kiosk sending for another kiosk', async () => {
    const [mallory, victim] = [await kiosk(), await kiosk()];
    await expectRefused(() => signedInject(app, mallory, batch(victim.kioskId)), 'kiosk_mismatch');
    await expectRefused(() => signedInject(app, mallory, { method: 'POST', url: '/v1/kiosks/register', payload: { kioskId: victim.kioskId, branchId: 'EVIL' } }), 'kiosk_mismatch');
    expect(await stored(victim.kioskId)).toBe(0);
    expect((await stores.store.listKiosks()).find((k) => k.kioskId === victim.kioskId)?.branchId).toBe('B-1');
  });

  it('a kiosk that never enrolled, and one whose key was revoked', async () => {
    const stranger = { ...(await kiosk()), kioskId: uniqueKioskId('stranger') };
    await expectRefused(() => signedInject(app, stranger, batch(stranger.kioskId)), 'unknown_kiosk');
    const revoked = await kiosk();
    const res = await app.inject({ method: 'POST', url: `/v1/admin/kiosks/${revoked.kioskId}/revoke`, headers: adminHeaders() });
    expect(res.statusCode).toBe(200);
    await expectRefused(() => signedInject(app, revoked, batch(revoked.kioskId)), 'unknown_kiosk');
  });

  it('a kiosk signing with its old key after re-enrolling', async () => {
    const old = await kiosk();
    const renewed = await enrollTestKiosk(stores.authStore, old.kioskId);
    await expectRefused(() => signedInject(app, old, batch(old.kioskId)), 'bad_signature');
    expect((await signedInject(app, renewed, batch(old.kioskId))).statusCode).toBe(200);
  });
});

// The pull claims its nonce in its own statement (one round trip): every refusal must still hold,
// also once the kiosk's key is kept in memory from earlier pulls.
describe('refuses the pull, which claims its nonce in its own statement, with 401 and counts', () => {
  const pull = (credentials: KioskCredentials, kioskId = credentials.kioskId, sign: SignedCall['sign'] = {}) =>
    signedInject(app, credentials, { method: 'GET', url: changesPath(kioskId, null, 10), sign });
  const seenAt = async (kioskId: string) => (await stores.store.listKiosks()).find((k) => k.kioskId === kioskId)?.lastSeenAt;

  it('a replayed pull, marking nothing', async () => {
    const credentials = await kiosk();
    const { headers } = signedHeaders(credentials, { method: 'GET', url: changesPath(credentials.kioskId, null, 10) });
    const send = () => app.inject({ method: 'GET', url: changesPath(credentials.kioskId, null, 10), headers });
    expect((await send()).statusCode).toBe(200);
    const seen = await seenAt(credentials.kioskId);
    await expectRefused(send, 'replayed_nonce');
    expect(await seenAt(credentials.kioskId)).toBe(seen);
  });

  it('a bad signature, another kiosk’s path, a stranger', async () => {
    const credentials = await kiosk();
    expect((await pull(credentials)).statusCode).toBe(200);
    await expectRefused(() => pull({ ...credentials, privateKeyPem: generateKioskKeyPair().privateKeyPem }), 'bad_signature');
    const victim = await kiosk();
    await expectRefused(() => pull(credentials, victim.kioskId), 'kiosk_mismatch');
    const stranger = { ...credentials, kioskId: uniqueKioskId('stranger') };
    await expectRefused(() => pull(stranger), 'unknown_kiosk');
  });

  it('a revoked kiosk whose key this hub still keeps', async () => {
    const revoked = await kiosk();
    expect((await pull(revoked)).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: `/v1/admin/kiosks/${revoked.kioskId}/revoke`, headers: adminHeaders() })).statusCode).toBe(200);
    await expectRefused(() => pull(revoked), 'unknown_kiosk');
  });

  it('the old key after re-enrolling, while the new one pulls', async () => {
    const old = await kiosk();
    expect((await pull(old)).statusCode).toBe(200);
    const renewed = await enrollTestKiosk(stores.authStore, old.kioskId);
    await expectRefused(() => pull(old), 'bad_signature');
    expect((await pull(renewed)).statusCode).toBe(200);
    // And again, now that the new key is the one kept.
    expect((await pull(renewed)).statusCode).toBe(200);
    await expectRefused(() => pull(old), 'bad_signature');
  });
});

it('fails a route that takes the nonce claim on itself and never claims it (500, not a success)', async () => {
  const forgetful = Fastify();
  installBodyHashing(forgetful);
  installErrorReplies(forgetful);
  const guards = createRouteGuards({ store: stores.authStore, tokens: TEST_TOKENS, now: () => clock });
  forgetful.get('/v1/kiosks/:kioskId/forgetful', { ...guards.kioskNonceInRoute }, async () => ({ served: true }));
  forgetful.get('/v1/kiosks/:kioskId/careful', { ...guards.kioskNonceInRoute }, async (request, reply) => {
    const done = await guards.withNonce(request, reply, async (claim) => (claim ? ((await stores.authStore.claimNonce(claim)) ? 'claimed' : NONCE_REFUSED) : 'claimed before'));
    return done.ok ? { served: done.value } : done.reply;
  });
  const credentials = await kiosk();
  const careless = await signedInject(forgetful, credentials, { method: 'GET', url: `/v1/kiosks/${credentials.kioskId}/forgetful` });
  expect(careless.statusCode).toBe(500);
  expect(careless.body).not.toContain('served');
  const careful = await signedInject(forgetful, credentials, { method: 'GET', url: `/v1/kiosks/${credentials.kioskId}/careful` });
  expect(careful.statusCode).toBe(200);
  expect(careful.json()).toEqual({ served: 'claimed' });
  await forgetful.close();
});

it('never logs signatures, nonces or tokens', async () => {
  const credentials = await kiosk();
  logLines.length = 0;
  const { headers, body } = signedHeaders(credentials, batch(credentials.kioskId));
  await app.inject({ method: 'POST', url: '/v1/transactions', headers, payload: body });
  await app.inject({ method: 'POST', url: '/v1/transactions', headers, payload: body });
  await app.inject({ method: 'GET', url: '/v1/kiosks', headers: staffHeaders() });
  const log = logLines.join('\n');
  expect(log).toContain('replayed_nonce');
  for (const secret of [headers['x-kiosk-signature']!, headers['x-kiosk-nonce']!, staffHeaders().authorization.slice(7)]) expect(log).not.toContain(secret);
});

describe('with auth off (local development)', () => {
  it('accepts unsigned kiosk requests and token-less staff reads', async () => {
    const open = buildTestHub(stores, { auth: { mode: 'off' } });
    const kioskId = uniqueKioskId();
    expect((await open.inject({ method: 'POST', url: '/v1/kiosks/register', payload: { kioskId, branchId: 'B' } })).statusCode).toBe(201);
    expect((await open.inject({ method: 'POST', url: '/v1/transactions', payload: { kioskId, items: makeItems(1) } })).statusCode).toBe(200);
    expect((await open.inject({ method: 'GET', url: `/v1/transactions?kioskId=${kioskId}` })).statusCode).toBe(200);
    await open.close();
  });
});
