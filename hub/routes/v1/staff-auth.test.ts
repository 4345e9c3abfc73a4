// Staff sign-in over HTTP (inject), on a fake clock so TOTP steps and expiry are exact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffLoginResponseSchema, createStaffResponseSchema, staffListResponseSchema, staffMeResponseSchema, updateStaffResponseSchema } from '../../../protocol/staff-api.js';
import { hashSessionToken } from '../../assist/staff/session-tokens.node.js';
import { seedAdmin, seedAdminFromEnv } from '../../assist/staff/seed-admin.node.js';
import { newTotpSecret, totpCode } from '../../assist/staff/totp.js';
import { startAssistApp, type AssistApp } from '../../assist/testing/assist-app.js';
import { FakeClock } from '../../assist/testing/fake-clock.js';
import { createTestStaff, type TestStaff } from '../../assist/testing/staff-fixtures.js';
import { errorBodySchema } from '../../../protocol/hub-api.js';
import { openTestPglite, type TestDatabase } from '../../testing/test-databases.node.js';

let testDb: TestDatabase;
let hub: AssistApp;
const clock = new FakeClock();
let expert: TestStaff;

beforeAll(async () => {
  testDb = await openTestPglite();
  hub = await startAssistApp(testDb.db, {
    clock,
    config: { staffSessionTtlSec: 3600, staffIdleSec: 900 },
    loginLimits: {
      perAddress: { capacity: 1000, refillPerSec: 1000 },
      perUserAndAddress: { freeFailures: 3, baseDelaySec: 2, maxDelaySec: 60, forgetAfterSec: 3600 },
    },
  });
  expert = await createTestStaff(hub.assist.staffAuth);
}, 60_000);
afterAll(async () => {
  await hub?.close();
  await testDb?.dispose();
});

const login = (body: object, remoteAddress = '127.0.0.1') => hub.app.inject({ method: 'POST', url: '/v1/staff/login', payload: body, remoteAddress });
const withToken = (method: 'GET' | 'POST' | 'PATCH', url: string, token: string, payload?: object) =>
  hub.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
const codeOf = (who: TestStaff) => totpCode(who.totpSecret, clock.now());

async function signIn(who: TestStaff): Promise<string> {
  clock.advanceSec(30);
  const res = await login({ username: who.staff.username, password: who.password, totp: codeOf(who) });
  expect(res.statusCode).toBe(200);
  return staffLoginResponseSchema.parse(res.json()).token;
}

// First in the file: it needs the database before any admin exists.
describe('seeding the first admin', () => {
  it('creates an admin from the environment once, and refuses half a configuration', async () => {
    const auth = hub.assist.staffAuth;
    const totpSecret = newTotpSecret();
    const env = { HUB_SEED_ADMIN_USERNAME: 'admin', HUB_SEED_ADMIN_PASSWORD: 'first admin password', HUB_SEED_ADMIN_TOTP_SECRET: totpSecret };
    expect(await seedAdminFromEnv(auth, {})).toBe('not-configured');
    await expect(seedAdminFromEnv(auth, { HUB_SEED_ADMIN_USERNAME: 'admin' })).rejects.toThrow(/HUB_SEED_ADMIN_PASSWORD/);
    expect(await auth.countAdmins()).toBe(0);
    expect(await seedAdminFromEnv(auth, env)).toBe('created');
    expect(await seedAdmin(auth, { username: 'admin2', password: 'x'.repeat(12), totpSecret, displayName: 'A' })).toBe('admin-exists');
    clock.advanceSec(30);
    const res = await login({ username: 'admin', password: 'first admin password', totp: totpCode(totpSecret, clock.now()) });
    const { staff } = staffLoginResponseSchema.parse(res.json());
    expect(staff.role).toBe('admin');
    // Usable on a fresh install: it can take any customer's call (issue 12 #3).
    expect(staff.languages).toEqual(['zh-CN', 'en']);
    expect(staff.topics).toEqual(['accounts', 'cards', 'loans', 'payments', 'other']);
  });
});

describe('POST /v1/staff/login', () => {
  it('signs in with password and the current TOTP code', async () => {
    clock.advanceSec(30);
    const res = await login({ username: expert.staff.username, password: expert.password, totp: codeOf(expert) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = staffLoginResponseSchema.parse(res.json());
    expect(body.staff).toEqual(expert.staff);
    expect(body.expiresAt).toBe(new Date(clock.now() + 3600_000).toISOString());
    const me = await withToken('GET', '/v1/staff/me', body.token);
    expect(staffMeResponseSchema.parse(me.json()).staff.staffId).toBe(expert.staff.staffId);
  });

  it('refuses a wrong code with 401 and the same words as a wrong password', async () => {
    clock.advanceSec(30);
    const right = codeOf(expert);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    const byCode = await login({ username: expert.staff.username, password: expert.password, totp: wrong });
    const byPassword = await login({ username: expert.staff.username, password: 'not the password', totp: right });
    expect(byCode.statusCode).toBe(401);
    expect(errorBodySchema.parse(byCode.json())).toEqual(errorBodySchema.parse(byPassword.json()));
    expect(byCode.json()).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('refuses a malformed body with 400 and a flood for one username from one address with 429 and a growing wait', async () => {
    expect((await login({ username: 'x', password: 'y' })).statusCode).toBe(400);
    const victim = await createTestStaff(hub.assist.staffAuth);
    const guess = () => login({ username: victim.staff.username, password: 'guess', totp: '123456' }, '203.0.113.7');
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await guess()).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const limited = await guess();
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limited.headers['retry-after']).toBe('2');
    clock.advanceSec(2);
    expect((await guess()).statusCode).toBe(401);
    expect((await guess()).headers['retry-after']).toBe('4');
  });

  // Security finding 5 (issue 15): failures from one address must not lock the account out elsewhere.
  it('throttles a guesser at address A while the real user at address B still signs in', async () => {
    const teller = await createTestStaff(hub.assist.staffAuth);
    const fromA = () => login({ username: teller.staff.username, password: 'wrong password', totp: '000000' }, '198.51.100.66');
    for (let i = 0; i < 3; i++) expect((await fromA()).statusCode).toBe(401);
    for (let i = 0; i < 20; i++) expect((await fromA()).statusCode).toBe(429);

    const fromB = await login({ username: teller.staff.username, password: teller.password, totp: codeOf(teller) }, '192.0.2.10');
    expect(fromB.statusCode).toBe(200);
    // A is still waiting: the user's success elsewhere does not free the guesser.
    expect((await fromA()).statusCode).toBe(429);
  });

  it('starts a pair from nothing after a success', async () => {
    const user = await createTestStaff(hub.assist.staffAuth);
    const wrong = () => login({ username: user.staff.username, password: 'typo', totp: '000000' }, '192.0.2.20');
    for (let i = 0; i < 3; i++) expect((await wrong()).statusCode).toBe(401);
    clock.advanceSec(30);
    expect((await login({ username: user.staff.username, password: user.password, totp: codeOf(user) }, '192.0.2.20')).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await wrong()).statusCode).toBe(401);
  });
});

describe('sessions', () => {
  it('refuses an expired session and a logged-out one', async () => {
    const token = await signIn(expert);
    clock.advanceSec(800);
    expect((await withToken('GET', '/v1/staff/me', token)).statusCode).toBe(200);
    clock.advanceSec(901);
    const expired = await withToken('GET', '/v1/staff/me', token);
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ code: 'UNAUTHORIZED' });

    const second = await signIn(expert);
    expect((await withToken('POST', '/v1/staff/logout', second)).statusCode).toBe(204);
    expect((await withToken('GET', '/v1/staff/me', second)).statusCode).toBe(401);
    expect((await hub.app.inject({ method: 'GET', url: '/v1/staff/me' })).statusCode).toBe(401);
  });
});

describe('roles', () => {
  it('lets only admins create staff, and the new account can sign in with its TOTP secret', async () => {
    const admin = await createTestStaff(hub.assist.staffAuth, { role: 'admin' });
    const adminToken = await signIn(admin);
    const body = { username: `new-expert-${process.pid}`, displayName: 'Wang Fang', role: 'expert', password: 'a long enough password', languages: ['zh-CN'], topics: ['cards'] };
    expect((await withToken('POST', '/v1/staff/users', await signIn(expert), body)).statusCode).toBe(403);
    const created = await withToken('POST', '/v1/staff/users', adminToken, body);
    expect(created.statusCode).toBe(201);
    // The answer holds the new account's TOTP secret.
    expect(created.headers['cache-control']).toBe('no-store');
    const { totpSecret, otpauthUri, staff } = createStaffResponseSchema.parse(created.json());
    expect(otpauthUri).toContain(`secret=${totpSecret}`);
    expect((await withToken('POST', '/v1/staff/users', adminToken, body)).statusCode).toBe(409);
    clock.advanceSec(30);
    const res = await login({ username: body.username, password: body.password, totp: totpCode(totpSecret, clock.now()) });
    expect(staffLoginResponseSchema.parse(res.json()).staff).toEqual(staff);
  });
});

describe('managing accounts (admins)', () => {
  it('lists accounts without secrets; disables one at once (sessions end, sign-in refused) and enables it again', async () => {
    const admin = await createTestStaff(hub.assist.staffAuth, { role: 'admin' });
    const adminToken = await signIn(admin);
    const teller = await createTestStaff(hub.assist.staffAuth, { role: 'teller' });
    const tellerToken = await signIn(teller);
    const ended: string[] = [];
    const off = hub.assist.staffAuth.onSessionEnded((tokenHash) => ended.push(tokenHash));

    expect((await withToken('GET', '/v1/staff/users', tellerToken)).statusCode).toBe(403);
    const listed = await withToken('GET', '/v1/staff/users', adminToken);
    expect(listed.statusCode).toBe(200);
    expect(listed.headers['cache-control']).toBe('no-store');
    expect(listed.body).not.toMatch(/password|totp|hash/i);
    expect(staffListResponseSchema.parse(listed.json()).users.find((u) => u.staffId === teller.staff.staffId)).toMatchObject({ username: teller.staff.username, disabled: false });

    const disabled = await withToken('PATCH', `/v1/staff/users/${teller.staff.staffId}`, adminToken, { disabled: true });
    expect(disabled.statusCode).toBe(200);
    expect(updateStaffResponseSchema.parse(disabled.json()).user.disabled).toBe(true);
    // Its session is over now (its socket closes through this listener), and it cannot sign in.
    expect(ended).toEqual([hashSessionToken(tellerToken)]);
    expect((await withToken('GET', '/v1/staff/me', tellerToken)).statusCode).toBe(401);
    clock.advanceSec(30);
    expect((await login({ username: teller.staff.username, password: teller.password, totp: codeOf(teller) })).statusCode).toBe(401);

    expect((await withToken('PATCH', `/v1/staff/users/${teller.staff.staffId}`, adminToken, { disabled: false })).statusCode).toBe(200);
    await signIn(teller);
    off();
  });

  it('refuses disabling oneself or the last enabled admin, bad bodies and unknown accounts', async () => {
    const admin = await createTestStaff(hub.assist.staffAuth, { role: 'admin' });
    const adminToken = await signIn(admin);
    const self = await withToken('PATCH', `/v1/staff/users/${admin.staff.staffId}`, adminToken, { disabled: true });
    expect(self.statusCode).toBe(409);
    expect(errorBodySchema.parse(self.json()).message).toContain('your own account');
    for (const bad of [{}, { disabled: 'yes' }, { disabled: true, role: 'admin' }]) {
      expect((await withToken('PATCH', `/v1/staff/users/${admin.staff.staffId}`, adminToken, bad)).statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await withToken('PATCH', '/v1/staff/users/not-a-uuid', adminToken, { disabled: true })).statusCode).toBe(400);
    expect((await withToken('PATCH', `/v1/staff/users/${globalThis.crypto.randomUUID()}`, adminToken, { disabled: true })).statusCode).toBe(404);
    // Every other admin disabled: this one is the last, and cannot be disabled by anyone.
    for (const other of (await hub.assist.staffAuth.listStaff()).filter((u) => u.role === 'admin' && u.staffId !== admin.staff.staffId && !u.disabled)) {
      expect(await hub.assist.staffAuth.setDisabled(other.staffId, true)).toBe('changed');
    }
    expect(await hub.assist.staffAuth.setDisabled(admin.staff.staffId, true)).toBe('last-admin');
    expect(await hub.assist.staffAuth.countAdmins()).toBe(1);
  });

  it('resets a sign-in: a new password and authenticator, shown once; old sessions and the old authenticator stop working', async () => {
    const adminCreds = await createTestStaff(hub.assist.staffAuth, { role: 'admin' });
    const adminToken = await signIn(adminCreds);
    const expert2 = await createTestStaff(hub.assist.staffAuth);
    const oldToken = await signIn(expert2);
    const res = await withToken('POST', `/v1/staff/users/${expert2.staff.staffId}/reset-sign-in`, adminToken, { password: 'a new first password' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { totpSecret, staff } = createStaffResponseSchema.parse(res.json());
    expect(staff.staffId).toBe(expert2.staff.staffId);
    expect(totpSecret).not.toBe(expert2.totpSecret);
    expect((await withToken('GET', '/v1/staff/me', oldToken)).statusCode).toBe(401);
    clock.advanceSec(30);
    expect((await login({ username: staff.username, password: 'a new first password', totp: totpCode(expert2.totpSecret, clock.now()) })).statusCode).toBe(401);
    expect((await login({ username: staff.username, password: expert2.password, totp: totpCode(totpSecret, clock.now()) })).statusCode).toBe(401);
    expect((await login({ username: staff.username, password: 'a new first password', totp: totpCode(totpSecret, clock.now()) })).statusCode).toBe(200);
    expect((await withToken('POST', `/v1/staff/users/${expert2.staff.staffId}/reset-sign-in`, adminToken, { password: 'short' })).statusCode).toBe(400);
    expect((await withToken('POST', `/v1/staff/users/${globalThis.crypto.randomUUID()}/reset-sign-in`, adminToken, { password: 'a new first password' })).statusCode).toBe(404);
    expect((await withToken('POST', `/v1/staff/users/${expert2.staff.staffId}/reset-sign-in`, oldToken, { password: 'a new first password' })).statusCode).toBe(401);
  });
});
