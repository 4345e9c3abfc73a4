// VIP by card at the hub (inject, signed, the demo bank on PGlite): a sealed card answers only its
// holder's segment; an unknown, blocked or unreadable card is 'unknown'; no PAN in any log line.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardKeySchema, type CardKey } from '../../../protocol/card-security.js';
import { CUSTOMER_SEGMENT_PATH, customerSegmentResponseSchema } from '../../../protocol/customer-segment.js';
import type { KioskCredentials } from '../../../protocol/kiosk-auth.js';
import { ephemeralSecretKey } from '../../auth/hub-secret-key.node.js';
import { createBanking } from '../../banking/register-core-banking.node.js';
import { buildHub } from '../../server.js';
import { sealedSeedCard, seedCard } from '../../testing/banking.node.js';
import { enrollTestKiosk, signedInject, TEST_TOKENS } from '../../testing/kiosk-auth.js';
import { openTestPglite, type TestDatabase } from '../../testing/test-databases.node.js';
import { openTestStores, type TestStores } from '../../testing/test-hub.js';

let testDb: TestDatabase;
let stores: TestStores;
let app: FastifyInstance;
let credentials: KioskCredentials;
let cardKey: CardKey;
const logLines: string[] = [];

beforeAll(async () => {
  testDb = await openTestPglite();
  stores = await openTestStores(testDb.db);
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  const banking = await createBanking('demo', { db: testDb.db, secretKey: ephemeralSecretKey(), logger });
  app = buildHub({ store: stores.store, staffStore: stores.staffStore, auth: { store: stores.authStore, tokens: TEST_TOKENS }, logger, banking });
  await app.ready();
  credentials = await enrollTestKiosk(stores.authStore);
  cardKey = cardKeySchema.parse((await signedInject(app, credentials, { method: 'GET', url: '/v1/banking/card-key' })).json());
}, 60_000);
afterAll(async () => {
  await app?.close();
  await testDb?.dispose();
});

const ask = (card: unknown, who = credentials) => signedInject(app, who, { method: 'POST', url: CUSTOMER_SEGMENT_PATH, payload: { kioskId: who.kioskId, card } });
const segmentOf = async (card: unknown) => customerSegmentResponseSchema.parse((await ask(card)).json()).segment;

describe('customer segment by card', () => {
  it('says vip for 张伟 (chip or swipe) and Emily Chen, standard for 李娜, unknown for a card not of this bank, blocked or expired', async () => {
    expect(await segmentOf(sealedSeedCard(cardKey, 'K1001'))).toBe('vip');
    // A swiped chip card is fine here: no money moves, so the fallback rules do not apply.
    expect(await segmentOf(sealedSeedCard(cardKey, 'K1001', 'swipe'))).toBe('vip');
    expect(await segmentOf(sealedSeedCard(cardKey, 'K1003'))).toBe('vip');
    expect(await segmentOf(sealedSeedCard(cardKey, 'K1002', 'swipe'))).toBe('standard');
    expect(await segmentOf(sealedSeedCard(cardKey, 'K1002', 'chip', { pan: '4000000000000002' }))).toBe('unknown');
    expect(await segmentOf(sealedSeedCard(cardKey, 'K1004'))).toBe('unknown');
    // Emily Chen's expired K1005 (11/25): her segment is not given for it.
    expect(await segmentOf(sealedSeedCard(cardKey, 'K1005'))).toBe('unknown');
  });

  it('refuses an unsigned request, another kiosk name and a body that is not a sealed card; logs no PAN', async () => {
    const card = sealedSeedCard(cardKey, 'K1001');
    expect((await app.inject({ method: 'POST', url: CUSTOMER_SEGMENT_PATH, payload: { kioskId: credentials.kioskId, card } })).statusCode).toBe(401);
    expect((await signedInject(app, credentials, { method: 'POST', url: CUSTOMER_SEGMENT_PATH, payload: { kioskId: 'someone-else', card } })).statusCode).toBe(401);
    expect((await ask({ pan: seedCard('K1001').pan })).statusCode).toBe(400);
    const logs = logLines.join('\n');
    expect(logs).toContain('customer segment for the queue');
    for (const id of ['K1001', 'K1002', 'K1003']) expect(logs).not.toContain(seedCard(id).pan);
  });
});
