// The kiosk's TURN credentials outside a call (service mode's TURN test): signed by the kiosk
// in the path, the same coturn REST-scheme credentials a call gets.
import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskCredentials } from '../../../protocol/kiosk-auth.js';
import { DEFAULT_ASSIST_CONFIG } from '../../assist/assist-config.js';
import { createAssist } from '../../assist/assist-hub.node.js';
import { TEST_SCRYPT_COST, TEST_SECRET_KEY } from '../../assist/testing/staff-fixtures.js';
import { buildHub } from '../../server.js';
import { openTestPglite, type TestDatabase } from '../../testing/test-databases.node.js';
import { enrollTestKiosk, signedInject, TEST_TOKENS } from '../../testing/kiosk-auth.js';
import { openTestStores, type TestStores } from '../../testing/test-hub.js';

const TURN_SECRET = 'turn-shared-secret-for-tests';
let testDb: TestDatabase;
let stores: TestStores;
let app: FastifyInstance;
let kiosk: KioskCredentials;
let other: KioskCredentials;

beforeAll(async () => {
  testDb = await openTestPglite();
  stores = await openTestStores(testDb.db);
  const logger = pino({ level: 'silent' });
  const assist = await createAssist({
    db: testDb.db,
    config: { ...DEFAULT_ASSIST_CONFIG, turn: { urls: ['stun:127.0.0.1:3478', 'turn:127.0.0.1:3478'], secret: TURN_SECRET, ttlSec: 600 } },
    logger,
    scryptCost: TEST_SCRYPT_COST,
    secretKey: TEST_SECRET_KEY,
  });
  app = buildHub({ store: stores.store, staffStore: stores.staffStore, auth: { store: stores.authStore, tokens: TEST_TOKENS }, assist, logger });
  await app.ready();
  kiosk = await enrollTestKiosk(stores.authStore);
  other = await enrollTestKiosk(stores.authStore);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await testDb?.dispose();
});

const path = (kioskId: string) => `/v1/kiosks/${kioskId}/ice-servers`;

describe('GET /v1/kiosks/:kioskId/ice-servers', () => {
  it('gives the signed kiosk TURN credentials a TURN server can verify, not cached', async () => {
    const res = await signedInject(app, kiosk, { method: 'GET', url: path(kiosk.kioskId) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { iceServers } = res.json() as { iceServers: { urls: string[]; username?: string; credential?: string }[] };
    const turn = iceServers.find((s) => s.urls.includes('turn:127.0.0.1:3478'));
    expect(turn?.username).toMatch(new RegExp(`^\\d+:${kiosk.kioskId}$`));
    expect(turn?.credential).toBe(createHmac('sha1', TURN_SECRET).update(turn!.username!).digest('base64'));
  });

  it('refuses an unsigned request and another kiosk’s signature', async () => {
    expect((await app.inject({ method: 'GET', url: path(kiosk.kioskId) })).statusCode).toBe(401);
    const res = await signedInject(app, other, { method: 'GET', url: path(kiosk.kioskId) });
    expect([401, 403]).toContain(res.statusCode);
  });
});
