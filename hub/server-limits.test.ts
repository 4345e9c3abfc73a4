// Security finding 6 (issue 15): the hub had no connection timeout and no limits, so idle or
// half-sent connections stayed open forever, one address could open signaling sockets without
// end, and the enrollment endpoint took (and logged) every attempt.
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFailuresResponseSchema } from '../protocol/kiosk-auth.js';
import { DEFAULT_ASSIST_CONFIG } from './assist/assist-config.js';
import { createAssist, type Assist } from './assist/assist-hub.node.js';
import { ASSIST_PROTOCOL } from '../protocol/assist-signaling.js';
import { TEST_SCRYPT_COST, TEST_SECRET_KEY } from './assist/testing/staff-fixtures.js';
import { TestSocket } from './assist/testing/ws-client.js';
import { buildHub } from './server.js';
import { DEFAULT_HUB_LIMITS, type HubLimits } from './server-limits.js';
import { adminHeaders, TEST_TOKENS } from './testing/kiosk-auth.js';
import { openTestPglite, type TestDatabase } from './testing/test-databases.node.js';
import { openTestStores, type TestStores } from './testing/test-hub.js';

let testDb: TestDatabase;
let stores: TestStores;
let assist: Assist;
const logs: string[] = [];
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  testDb = await openTestPglite();
  stores = await openTestStores(testDb.db);
  assist = await createAssist({ db: testDb.db, config: DEFAULT_ASSIST_CONFIG, logger: pino({ level: 'silent' }), scryptCost: TEST_SCRYPT_COST, secretKey: TEST_SECRET_KEY });
}, 60_000);
afterAll(async () => {
  for (const app of apps) await app.close();
  await testDb?.dispose();
});

/** A hub with auth off (kiosks name themselves on the socket), listening on loopback. */
async function hub(limits: Partial<HubLimits>, now?: () => number): Promise<{ app: FastifyInstance; port: number; wsUrl: string }> {
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
  const auth = { store: stores.authStore, tokens: TEST_TOKENS, mode: 'off' as const, ...(now ? { now } : {}) };
  const app = buildHub({ store: stores.store, staffStore: stores.staffStore, auth, logger, assist, limits });
  apps.push(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, port, wsUrl: `ws://127.0.0.1:${port}/v1/assist/ws` };
}

function rawConnection(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

let kioskCount = 0;
const kiosk = (wsUrl: string) => TestSocket.open(`${wsUrl}?kioskId=K-limits-${++kioskCount}`, [ASSIST_PROTOCOL]);

describe('hub limits', () => {
  it('sets timeouts and a connection cap on the server by default', async () => {
    const { app } = await hub({});
    expect(app.server.requestTimeout).toBe(DEFAULT_HUB_LIMITS.requestTimeoutMs);
    expect(app.server.keepAliveTimeout).toBe(DEFAULT_HUB_LIMITS.keepAliveTimeoutMs);
    expect(app.server.timeout).toBe(DEFAULT_HUB_LIMITS.connectionTimeoutMs);
    expect(app.server.maxConnections).toBe(DEFAULT_HUB_LIMITS.maxConnections);
    expect(DEFAULT_HUB_LIMITS.connectionTimeoutMs).toBeGreaterThan(0);
    expect(DEFAULT_HUB_LIMITS.requestTimeoutMs).toBeGreaterThan(0);
  });

  it('closes a connection that sends nothing, and leaves an upgraded signaling socket alone', async () => {
    const { port, wsUrl } = await hub({ connectionTimeoutMs: 300 });
    const signaling = await kiosk(wsUrl);
    await signaling.next('hello');
    const idle = await rawConnection(port);
    await once(idle, 'close');
    // The signaling socket has been idle longer than the raw one and still works.
    signaling.send({ type: 'ping' });
    await signaling.next('pong');
    await signaling.close();
  });

  it('drops connections beyond maxConnections', async () => {
    const { port } = await hub({ maxConnections: 2 });
    const held = [await rawConnection(port), await rawConnection(port)];
    const third = await rawConnection(port);
    await once(third, 'close');
    for (const socket of held) {
      expect(socket.destroyed).toBe(false);
      socket.destroy();
    }
  });

  it('refuses a signaling socket beyond the per-address limit with 429, and takes one again once a socket closes', async () => {
    const { wsUrl } = await hub({ maxSocketsPerAddress: 2 });
    const open = [await kiosk(wsUrl), await kiosk(wsUrl)];
    await expect(kiosk(wsUrl)).rejects.toThrow(/upgrade refused: 429/);
    await open[0]!.close();
    const again = await kiosk(wsUrl);
    await again.next('hello');
    await again.close();
    await open[1]!.close();
  });

  it('rate-limits enrollment per address with 429, logs its refusals at a bounded rate, and still serves other addresses', async () => {
    // A clock that stands still: the limits are exact whatever the machine's load.
    const { app } = await hub({ enrollPerAddress: { capacity: 3, refillPerSec: 1 / 3600 } }, () => Date.parse('2026-11-23T09:00:00Z'));
    const before = logs.length;
    const enroll = (remoteAddress: string) =>
      app.inject({ method: 'POST', url: '/v1/kiosks/enroll', remoteAddress, payload: { kioskId: 'K-flood', code: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ', publicKey: 'A'.repeat(43) } });
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await enroll('198.51.100.9')).statusCode);
    expect(statuses.slice(0, 3).every((status) => status !== 429)).toBe(true);
    expect(statuses.slice(3).every((status) => status === 429)).toBe(true);
    const limited = await enroll('198.51.100.9');
    expect(limited.headers['retry-after']).toBe('3600');
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await enroll('192.0.2.44')).statusCode).not.toBe(429);
    const lines = logs.slice(before).filter((line) => line.includes('enroll: rate limited'));
    expect(lines.length).toBe(20);
  });

  it('logs refused requests at a bounded rate per reason while counting every one', async () => {
    const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
    let now = Date.parse('2026-11-23T09:00:00Z');
    const app = buildHub({ store: stores.store, staffStore: stores.staffStore, auth: { store: stores.authStore, tokens: TEST_TOKENS, now: () => now }, logger });
    apps.push(app);
    const before = logs.length;
    for (let i = 0; i < 300; i++) {
      const res = await app.inject({ method: 'POST', url: '/v1/kiosks/register', payload: { kioskId: 'K-unsigned', branchId: 'B' } });
      expect(res.statusCode).toBe(401);
    }
    const refusals = () => logs.slice(before).filter((line) => line.includes('auth: request refused'));
    expect(refusals()).toHaveLength(20);
    // A second later one more line, carrying the count of those left out.
    now += 1000;
    expect((await app.inject({ method: 'POST', url: '/v1/kiosks/register', payload: { kioskId: 'K-unsigned', branchId: 'B' } })).statusCode).toBe(401);
    expect(refusals()).toHaveLength(21);
    expect(refusals()[20]).toContain('"suppressedSinceLast":280');
    const res = await app.inject({ method: 'GET', url: '/v1/admin/auth-failures', headers: adminHeaders() });
    expect(authFailuresResponseSchema.parse(res.json()).counts.missing_signature).toBe(301);
  });
});
