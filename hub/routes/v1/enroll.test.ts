// Enrollment over HTTP: admins issue one-time codes, kiosks redeem them once. Refusals are
// counted like failed signatures.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKioskKeyPair } from '../../../electron/host/request-signer.js';
import { enrollWithHub, EnrollmentRefused } from '../../../electron/host/kiosk-credentials-enroll.node.js';
import {
  authFailuresResponseSchema,
  createEnrollmentCodeResponseSchema,
  enrollKioskResponseSchema,
  type AuthFailureReason,
} from '../../../protocol/kiosk-auth.js';
import { errorBodySchema } from '../../../protocol/hub-api.js';
import { hashEnrollmentCode, normalizeEnrollmentCode } from '../../auth/enrollment-codes.node.js';
import { adminHeaders, signedInject, staffHeaders } from '../../testing/kiosk-auth.js';
import { openTestPglite, type TestDatabase } from '../../testing/test-databases.node.js';
import { buildTestHub, openTestStores, type TestStores } from '../../testing/test-hub.js';
import { makeItems, uniqueKioskId } from '../../testing/transaction-items.js';

let testDb: TestDatabase;
let stores: TestStores;
let app: FastifyInstance;
const logLines: string[] = [];

// Opening PGlite takes seconds, more while other test files run alongside.
beforeAll(async () => {
  testDb = await openTestPglite();
  stores = await openTestStores(testDb.db);
  app = buildTestHub(stores, { logger: pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) }) });
  await app.ready();
}, 60_000);
afterAll(async () => {
  await app?.close();
  await testDb?.dispose();
});

async function count(reason: AuthFailureReason): Promise<number> {
  const res = await app.inject({ method: 'GET', url: '/v1/admin/auth-failures', headers: adminHeaders() });
  return authFailuresResponseSchema.parse(res.json()).counts[reason];
}

async function issue(kioskId = uniqueKioskId(), ttlSeconds?: number) {
  const res = await app.inject({ method: 'POST', url: '/v1/admin/enrollment-codes', headers: adminHeaders(), payload: { kioskId, ttlSeconds } });
  expect(res.statusCode).toBe(201);
  return createEnrollmentCodeResponseSchema.parse(res.json());
}

function enroll(kioskId: string, code: string, publicKey = generateKioskKeyPair().publicKey) {
  return app.inject({ method: 'POST', url: '/v1/kiosks/enroll', payload: { kioskId, code, publicKey } });
}

/** fetch over inject(), so the kiosk's own enrollment client can be tested without a port. */
const injectFetch: typeof fetch = async (input, init) => {
  const url = new URL(String(input));
  const res = await app.inject({ method: 'POST', url: url.pathname, headers: { 'content-type': 'application/json' }, payload: String(init?.body) });
  return new Response(res.body, { status: res.statusCode, headers: { 'content-type': 'application/json' } });
};

describe('POST /v1/admin/enrollment-codes', () => {
  it('issues a code that expires in 24 h by default, shown once and never logged', async () => {
    logLines.length = 0;
    const kioskId = uniqueKioskId();
    const res = await app.inject({ method: 'POST', url: '/v1/admin/enrollment-codes', headers: adminHeaders(), payload: { kioskId } });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const issued = createEnrollmentCodeResponseSchema.parse(res.json());
    expect(issued.code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    expect(Math.abs(Date.parse(issued.expiresAt) - Date.now() - 24 * 3600_000)).toBeLessThan(60_000);
    expect(logLines.join('\n')).toContain('enrollment code issued');
    expect(logLines.join('\n')).not.toContain(issued.code);
  });

  it.each([
    ['no token', {}, 401, 'missing_token'],
    ['a wrong token', { authorization: 'Bearer wrong-token-wrong-token-wrong-token' }, 401, 'bad_token'],
    ['the staff token', staffHeaders(), 403, 'insufficient_role'],
  ] as const)('refuses %s', async (_label, headers, status, reason) => {
    const before = await count(reason);
    const res = await app.inject({ method: 'POST', url: '/v1/admin/enrollment-codes', headers, payload: { kioskId: 'K01' } });
    expect(res.statusCode).toBe(status);
    expect(errorBodySchema.parse(res.json()).code).toBe(status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN');
    expect(await count(reason)).toBe(before + 1);
  });

  it('refuses a ttl under a minute or over a week with 400', async () => {
    for (const ttlSeconds of [59, 7 * 24 * 3600 + 1]) {
      const res = await app.inject({ method: 'POST', url: '/v1/admin/enrollment-codes', headers: adminHeaders(), payload: { kioskId: 'K01', ttlSeconds } });
      expect([res.statusCode, errorBodySchema.parse(res.json()).message]).toEqual([400, expect.stringMatching(/^ttlSeconds/)]);
    }
  });
});

describe('POST /v1/kiosks/enroll', () => {
  it('trusts the presented key once, typed sloppily or not; the kiosk can then sign', async () => {
    const { kioskId, code } = await issue();
    const credentials = await enrollWithHub({ hubUrl: 'http://hub.test', kioskId, code: code.toLowerCase().replaceAll('-', ' '), fetchImpl: injectFetch });
    expect(credentials.kioskId).toBe(kioskId);
    const res = await signedInject(app, credentials, { method: 'POST', url: '/v1/kiosks/register', payload: { kioskId, branchId: 'B' } });
    expect(res.statusCode).toBe(201);
    expect((await signedInject(app, credentials, { method: 'POST', url: '/v1/transactions', payload: { kioskId, items: makeItems(1) } })).statusCode).toBe(200);
  });

  it('answers 201 with replacedKey on re-enrollment', async () => {
    const kioskId = uniqueKioskId();
    const first = await enroll(kioskId, (await issue(kioskId)).code);
    const second = await enroll(kioskId, (await issue(kioskId)).code);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(enrollKioskResponseSchema.parse(first.json()).replacedKey).toBe(false);
    expect(enrollKioskResponseSchema.parse(second.json()).replacedKey).toBe(true);
  });

  it.each([
    ['a used code', 'enrollment_code_used', async () => {
      const { kioskId, code } = await issue();
      expect((await enroll(kioskId, code)).statusCode).toBe(201);
      return enroll(kioskId, code);
    }],
    ['an expired code', 'enrollment_code_expired', async () => {
      const kioskId = uniqueKioskId();
      const code = 'ABCD-EFGH-JKMN-PQRS-TV00';
      await stores.authStore.createEnrollmentCode({ kioskId, codeHash: hashEnrollmentCode(normalizeEnrollmentCode(code)!), ttlSeconds: -1 });
      return enroll(kioskId, code);
    }],
    ['a code of another kiosk', 'enrollment_code_invalid', async () => enroll(uniqueKioskId(), (await issue()).code)],
    ['a code never issued', 'enrollment_code_invalid', async () => enroll(uniqueKioskId(), 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ')],
    ['a code of the wrong shape', 'enrollment_code_invalid', async () => enroll(uniqueKioskId(), 'ABCD-EFGH-JKMN-PQRS')],
  ] as const)('refuses %s with 403 FORBIDDEN and counts it', async (_label, reason, send) => {
    const before = await count(reason);
    const res = await send();
    expect(res.statusCode).toBe(403);
    expect(errorBodySchema.parse(res.json()).code).toBe('FORBIDDEN');
    expect(await count(reason)).toBe(before + 1);
  });

  it('refuses a key that is not Ed25519 with 400, and the code stays usable', async () => {
    const { kioskId, code } = await issue();
    const bad = await enroll(kioskId, code, 'abc');
    expect([bad.statusCode, errorBodySchema.parse(bad.json()).message]).toEqual([400, expect.stringMatching(/^publicKey/)]);
    expect((await enroll(kioskId, code)).statusCode).toBe(201);
  });

  it('gives the kiosk client the hub code when refused', async () => {
    const error = await enrollWithHub({ hubUrl: 'http://hub.test', kioskId: uniqueKioskId(), code: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ', fetchImpl: injectFetch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnrollmentRefused);
    expect(error).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });
});

describe('admin', () => {
  it('revokes a key once, then answers 404', async () => {
    const kioskId = uniqueKioskId();
    await enroll(kioskId, (await issue(kioskId)).code);
    const revoke = () => app.inject({ method: 'POST', url: `/v1/admin/kiosks/${kioskId}/revoke`, headers: adminHeaders() });
    expect((await revoke()).statusCode).toBe(200);
    expect((await revoke()).statusCode).toBe(404);
    expect(await stores.authStore.kioskPublicKey(kioskId)).toBeNull();
  });

  it('shows every failure reason, zeros included, to admins only', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/admin/auth-failures', headers: adminHeaders() });
    const body = authFailuresResponseSchema.parse(res.json());
    expect(Object.keys(body.counts)).toHaveLength(13);
    expect(body.total).toBe(Object.values(body.counts).reduce((a, b) => a + b, 0));
    expect((await app.inject({ method: 'GET', url: '/v1/admin/auth-failures', headers: staffHeaders() })).statusCode).toBe(403);
  });
});
