// A kiosk's pull every few seconds must not cost log lines at info: at bank scale that is
// hundreds of lines a second. Other requests are still logged.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { changesPath } from '../../../protocol/hub-api.js';
import { enrollTestKiosk, signedInject } from '../../testing/kiosk-auth.js';
import { openTestPglite, type TestDatabase } from '../../testing/test-databases.node.js';
import { buildTestHub, openTestStores } from '../../testing/test-hub.js';
import { uniqueKioskId } from '../../testing/transaction-items.js';

let testDb: TestDatabase;
let app: FastifyInstance;
const logLines: string[] = [];
let kiosk: Awaited<ReturnType<typeof enrollTestKiosk>>;

beforeAll(async () => {
  testDb = await openTestPglite();
  const stores = await openTestStores(testDb.db);
  app = buildTestHub(stores, { logger: pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }) });
  await app.ready();
  kiosk = await enrollTestKiosk(stores.authStore);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await testDb?.dispose();
});

it('logs nothing at info for kiosk pulls, and still logs other requests', async () => {
  const register = await signedInject(app, kiosk, { method: 'POST', url: '/v1/kiosks/register', payload: { kioskId: kiosk.kioskId, branchId: uniqueKioskId('B') } });
  expect(register.statusCode).toBe(201);
  expect(logLines.some((l) => l.includes('/v1/kiosks/register'))).toBe(true);

  const before = logLines.length;
  for (let i = 0; i < 5; i++) {
    const pull = await signedInject(app, kiosk, { method: 'GET', url: changesPath(kiosk.kioskId, null, 100) });
    expect(pull.statusCode).toBe(200);
  }
  expect(logLines.slice(before)).toEqual([]);
});
