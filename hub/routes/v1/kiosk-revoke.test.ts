// Security finding 4 (issue 15): revoking a kiosk used to delete its key and nothing else,
// so its open signaling socket kept working and could still queue urgent VIP requests. Now
// the revocation closes the socket (4003), drops its requests and refuses it back in.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../../electron/host/request-signer.js';
import type { KioskCredentials } from '../../../protocol/kiosk-auth.js';
import { DEFAULT_ASSIST_CONFIG } from '../../assist/assist-config.js';
import { createAssist, type Assist } from '../../assist/assist-hub.node.js';
import { ASSIST_CLOSE_CODES, ASSIST_PROTOCOL } from '../../../protocol/assist-signaling.js';
import { createTestStaff, loginTestStaff, TEST_SCRYPT_COST, TEST_SECRET_KEY } from '../../assist/testing/staff-fixtures.js';
import { TestSocket } from '../../assist/testing/ws-client.js';
import { signedUpgradeAuthenticator } from '../../auth/signed-upgrade.node.js';
import { buildHub } from '../../server.js';
import { adminHeaders, enrollTestKiosk, TEST_TOKENS } from '../../testing/kiosk-auth.js';
import { openTestPglite, type TestDatabase } from '../../testing/test-databases.node.js';
import { openTestStores, type TestStores } from '../../testing/test-hub.js';

let testDb: TestDatabase;
let stores: TestStores;
let assist: Assist;
let app: FastifyInstance;
let wsUrl: string;

beforeAll(async () => {
  testDb = await openTestPglite();
  stores = await openTestStores(testDb.db);
  const logger = pino({ level: 'silent' });
  assist = await createAssist({
    db: testDb.db,
    config: DEFAULT_ASSIST_CONFIG,
    logger,
    scryptCost: TEST_SCRYPT_COST,
    secretKey: TEST_SECRET_KEY,
    kioskAuthenticator: signedUpgradeAuthenticator(stores.authStore),
  });
  app = buildHub({ store: stores.store, staffStore: stores.staffStore, auth: { store: stores.authStore, tokens: TEST_TOKENS }, logger, assist });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  wsUrl = `${url.replace('http', 'ws')}/v1/assist/ws`;
}, 60_000);
afterAll(async () => {
  await app?.close();
  await testDb?.dispose();
});

const kioskSocket = (credentials: KioskCredentials) =>
  TestSocket.open(wsUrl, [ASSIST_PROTOCOL], signRequest({ method: 'GET', url: wsUrl, credentials }));

const URGENT_VIP = { type: 'help.request', language: 'en', topic: 'cards', flags: { vip: true, elderly: false, urgent: true }, journeyStep: 'card/stuck' };

describe('POST /v1/admin/kiosks/:kioskId/revoke', () => {
  it('closes the kiosk’s open signaling socket, drops its queued request and refuses it back in', async () => {
    const credentials = await enrollTestKiosk(stores.authStore);
    const who = await createTestStaff(assist.staffAuth);
    const expert = await TestSocket.staff(wsUrl, await loginTestStaff(assist.staffAuth, assist.clock, who));
    const kiosk = await kioskSocket(credentials);
    await kiosk.next('hello');
    kiosk.send(URGENT_VIP);
    const { requestId } = await kiosk.next('queue.position');
    await expert.next('queue.snapshot', (m) => m.requests.some((r) => r.requestId === requestId));
    expect(assist.service.stats.waiting).toBe(1);

    const res = await app.inject({ method: 'POST', url: `/v1/admin/kiosks/${credentials.kioskId}/revoke`, headers: adminHeaders() });
    expect(res.statusCode).toBe(200);

    expect(await kiosk.closed).toEqual({ code: ASSIST_CLOSE_CODES.revoked, reason: 'kiosk revoked' });
    await expert.next('queue.snapshot', (m) => !m.requests.some((r) => r.requestId === requestId));
    expect(assist.service.stats).toMatchObject({ waiting: 0, kiosks: 0 });
    await expect(kioskSocket(credentials)).rejects.toThrow(/401/);
    await expert.close();
  });

  it('ends a live call of the revoked kiosk', async () => {
    const credentials = await enrollTestKiosk(stores.authStore);
    const who = await createTestStaff(assist.staffAuth);
    const expert = await TestSocket.staff(wsUrl, await loginTestStaff(assist.staffAuth, assist.clock, who));
    await expert.next('hello');
    expert.send({ type: 'availability', available: true });
    await expert.next('expert.state', (m) => m.state === 'available');
    const kiosk = await kioskSocket(credentials);
    kiosk.send(URGENT_VIP);
    const { requestId } = await kiosk.next('queue.position');
    expert.send({ type: 'accept', requestId });
    const { sessionId } = await expert.next('call.started');

    expect((await app.inject({ method: 'POST', url: `/v1/admin/kiosks/${credentials.kioskId}/revoke`, headers: adminHeaders() })).statusCode).toBe(200);
    expect(await expert.next('call.end')).toMatchObject({ sessionId, reason: 'kiosk-lost' });
    expect((await kiosk.closed).code).toBe(ASSIST_CLOSE_CODES.revoked);
    expect(assist.service.stats.calls).toBe(0);
    await expert.close();
  });
});
