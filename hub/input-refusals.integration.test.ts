// Security findings 6 (issue 15), input side, on both engines: a NUL character in any string
// used to reach PostgreSQL and come back as a 500; unknown keys were all echoed in the 400.
// Both are decided once, in hub/api/parse-input.ts, for every route and the signaling socket.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../protocol/hub-api.js';
import { DEFAULT_ASSIST_CONFIG } from './assist/assist-config.js';
import { createAssist, type Assist } from './assist/assist-hub.node.js';
import { parseExpertMessage, parseKioskMessage } from './assist/signaling/parse-message.js';
import { createTestStaff, loginTestStaff, TEST_SCRYPT_COST, TEST_SECRET_KEY } from './assist/testing/staff-fixtures.js';
import { buildHub } from './server.js';
import { adminHeaders, enrollTestKiosk, signedInject, TEST_TOKENS } from './testing/kiosk-auth.js';
import { openTestPglite, openTestPostgres, type TestDatabase } from './testing/test-databases.node.js';
import { openTestStores, type TestStores } from './testing/test-hub.js';

describe.each([
  ['pglite', openTestPglite],
  ['postgres', openTestPostgres],
])('input refusals on %s', (_engine, open) => {
  let testDb: TestDatabase;
  let stores: TestStores;
  let assist: Assist;
  let app: FastifyInstance;
  const logs: string[] = [];

  beforeAll(async () => {
    testDb = await open();
    stores = await openTestStores(testDb.db);
    const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
    assist = await createAssist({ db: testDb.db, config: DEFAULT_ASSIST_CONFIG, logger, scryptCost: TEST_SCRYPT_COST, secretKey: TEST_SECRET_KEY });
    app = buildHub({ store: stores.store, staffStore: stores.staffStore, auth: { store: stores.authStore, tokens: TEST_TOKENS }, logger, assist });
    await app.ready();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await testDb?.dispose();
  });

  const expect400Naming = (res: { statusCode: number; json(): unknown }, field: string) => {
    expect(res.statusCode).toBe(400);
    const body = errorBodySchema.parse(res.json());
    expect(body.code).toBe('BAD_REQUEST');
    expect(body.message).toContain(`${field}: must not contain NUL characters`);
  };

  it('refuses a NUL character in any string with 400 naming the field, before the database', async () => {
    const credentials = await enrollTestKiosk(stores.authStore);
    const register = await signedInject(app, credentials, { method: 'POST', url: '/v1/kiosks/register', payload: { kioskId: credentials.kioskId, branchId: 'B-1', name: 'Lobby\u0000' } });
    expect400Naming(register, 'name');
    expect400Naming(await app.inject({ method: 'POST', url: '/v1/staff/login', payload: { username: 'admin\u0000', password: 'whatever password', totp: '123456' } }), 'username');
    const admin = await createTestStaff(assist.staffAuth, { role: 'admin' });
    const token = await loginTestStaff(assist.staffAuth, assist.clock, admin);
    const created = await app.inject({
      method: 'POST',
      url: '/v1/staff/users',
      headers: { authorization: `Bearer ${token}` },
      payload: { username: 'new.expert', displayName: 'Wang\u0000Fang', role: 'expert', password: 'a long enough password' },
    });
    expect400Naming(created, 'displayName');
    const published = await app.inject({ method: 'PUT', url: '/v1/admin/changes', headers: adminHeaders(), payload: { scope: { kind: 'all' }, kind: 'config', key: 'k\u0000', value: 1 } });
    expect400Naming(published, 'key');
    const code = await app.inject({ method: 'POST', url: '/v1/admin/enrollment-codes', headers: adminHeaders(), payload: { kioskId: 'K-nul', branchId: 'B\u0000' } });
    expect400Naming(code, 'branchId');
    // Nothing reached the database: no query failed, so nothing was logged as an error.
    expect(logs.filter((line) => line.includes('"level":50'))).toEqual([]);
    // The socket's messages go through the same check (a disposition's notes are stored).
    const disposition = parseExpertMessage(JSON.stringify({ type: 'disposition', sessionId: globalThis.crypto.randomUUID(), outcome: 'resolved', notes: 'ok\u0000' }));
    expect(disposition).toMatchObject({ ok: false, code: 'INVALID_MESSAGE', message: expect.stringContaining('notes: must not contain NUL') });
    expect(parseKioskMessage(JSON.stringify({ type: 'help.request', language: 'en', topic: 'cards', flags: { vip: false, elderly: false }, journeyStep: 'x', ['a\u0000']: 1 }))).toMatchObject({ ok: false });
  });

  it('answers 10,000 unknown fields with their count and the first few names, in a short message', async () => {
    const extra = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`attacker-key-${i}-${'x'.repeat(40)}`, 1]));
    const res = await app.inject({ method: 'POST', url: '/v1/staff/login', payload: { username: 'someone', password: 'whatever password', totp: '123456', ...extra } });
    expect(res.statusCode).toBe(400);
    const { message } = errorBodySchema.parse(res.json());
    expect(message).toMatch(/^\(body\): 10000 unknown fields \("attacker-key-0-x+…", "attacker-key-1-x+…", "attacker-key-2-x+…", …\)$/);
    expect(message.length).toBeLessThanOrEqual(600);
    expect(message).not.toContain('attacker-key-3');
    expect(res.body.length).toBeLessThan(1000);
  });
});
