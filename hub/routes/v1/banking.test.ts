// The /v1/banking routes over inject(), signed with the kiosk's real signer, on one in-memory
// PGlite holding the demo bank. Every request and answer goes through the protocol schemas.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardKeySchema, type CardKey, type IdentitySecret } from '../../../protocol/card-security.js';
import {
  accountsResponseSchema,
  billersResponseSchema,
  billLookupResultSchema,
  cardAuthorisationResponseSchema,
  idChallengeSchema,
  IDEMPOTENT_REPLAY_HEADER,
  paymentAnswersResponseSchema,
  paymentResultSchema,
  statementResponseSchema,
  type CardSession,
} from '../../../protocol/core-banking.js';
import { errorBodySchema } from '../../../protocol/hub-api.js';
import type { KioskCredentials } from '../../../protocol/kiosk-auth.js';
import { ephemeralSecretKey } from '../../auth/hub-secret-key.node.js';
import { Banking } from '../../banking/banking-service.js';
import { CoreBankingUnavailableError, type CoreBankingAdapter } from '../../banking/core-banking-adapter.js';
import { createBanking } from '../../banking/register-core-banking.node.js';
import { buildHub } from '../../server.js';
import { pinBlock, sealedSeedCard, seedPinBlock } from '../../testing/banking.node.js';
import { sealIdentity } from '../../banking/card-seal.node.js';
import { enrollTestKiosk, signedInject, TEST_TOKENS } from '../../testing/kiosk-auth.js';
import { openTestPglite, type TestDatabase } from '../../testing/test-databases.node.js';
import { openTestStores, type TestStores } from '../../testing/test-hub.js';

const NOW = Date.parse('2026-12-03T12:00:00Z');
let testDb: TestDatabase;
let stores: TestStores;
let app: FastifyInstance;
let cardKey: CardKey;
const logLines: string[] = [];

beforeAll(async () => {
  testDb = await openTestPglite();
  stores = await openTestStores(testDb.db);
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  const banking = await createBanking('demo', { db: testDb.db, secretKey: ephemeralSecretKey(), logger }, { now: () => NOW, rates: { authorise: { capacity: 8, refillPerSec: 0.001 } } });
  app = buildHub({ store: stores.store, staffStore: stores.staffStore, auth: { store: stores.authStore, tokens: TEST_TOKENS }, logger, banking });
  await app.ready();
}, 60_000);
afterAll(async () => {
  await app?.close();
  await testDb?.dispose();
});

const kiosk = () => enrollTestKiosk(stores.authStore);
const post = (credentials: KioskCredentials, url: string, payload: Record<string, unknown>) => signedInject(app, credentials, { method: 'POST', url, payload: { kioskId: credentials.kioskId, ...payload } });
const get = (credentials: KioskCredentials, url: string) => signedInject(app, credentials, { method: 'GET', url });

async function theCardKey(credentials: KioskCredentials): Promise<CardKey> {
  cardKey ??= cardKeySchema.parse((await get(credentials, '/v1/banking/card-key')).json());
  return cardKey;
}

async function session(credentials: KioskCredentials, cardId: string): Promise<CardSession> {
  const res = await post(credentials, '/v1/banking/card-sessions', { card: sealedSeedCard(await theCardKey(credentials), cardId), pin: seedPinBlock(cardId) });
  expect(res.statusCode).toBe(200);
  const body = cardAuthorisationResponseSchema.parse(res.json());
  if (body.outcome !== 'approved') throw new Error(`declined: ${body.reason}`);
  return body.session;
}

describe('/v1/banking', () => {
  it('refuses unsigned requests and a body speaking for another kiosk', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/banking/billers' })).statusCode).toBe(401);
    const [a, b] = [await kiosk(), await kiosk()];
    const res = await signedInject(app, a, { method: 'POST', url: '/v1/banking/bills/lookup', payload: { kioskId: b.kioskId, lookup: { by: 'reference', billerId: 'cmcc', reference: '13800138000' } } });
    expect(res.statusCode).toBe(401);
  });

  it('serves the card key and the billers', async () => {
    const credentials = await kiosk();
    expect((await theCardKey(credentials)).keyId).toBe('demo-card-1');
    const billers = billersResponseSchema.parse((await get(credentials, '/v1/banking/billers')).json()).billers;
    expect(billers.map((b) => b.category)).toEqual(['electricity', 'water', 'phone', 'tuition']);
  });

  it('looks a bill up, and answers a malformed lookup with 400 naming the field', async () => {
    const credentials = await kiosk();
    const found = billLookupResultSchema.parse((await post(credentials, '/v1/banking/bills/lookup', { lookup: { by: 'reference', billerId: 'cmcc', reference: '13800138000' } })).json());
    expect(found).toMatchObject({ outcome: 'found', bill: { billId: 'PB-202611-0001', amount: { minor: 10_000, currency: 'CNY' } } });
    const bad = await post(credentials, '/v1/banking/bills/lookup', { lookup: { by: 'reference', billerId: 'cmcc', reference: '1' } });
    expect(bad.statusCode).toBe(400);
    expect(errorBodySchema.parse(bad.json())).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('lookup.reference') });
  });

  it('authorises a card into a session bound to the kiosk: balances, mini-statement, end', async () => {
    const [credentials, other] = [await kiosk(), await kiosk()];
    const opened = await session(credentials, 'K1001');
    expect(opened).toMatchObject({ maskedPan: '622202*********0017', customer: { displayName: '张伟' } });
    expect(opened.accounts[0]?.maskedNumber).toBe('6222 **** **** 0001');

    const accounts = accountsResponseSchema.parse((await post(credentials, '/v1/banking/accounts', { sessionId: opened.sessionId })).json());
    expect(accounts).toMatchObject({ outcome: 'ok', accounts: [{ accountId: 'A1001' }, { accountId: 'A1002' }] });
    // The session is this kiosk's: another kiosk naming it gets nothing.
    expect((await post(other, '/v1/banking/accounts', { sessionId: opened.sessionId })).json()).toEqual({ outcome: 'declined', reason: 'session-expired' });

    const mini = statementResponseSchema.parse((await post(credentials, '/v1/banking/mini-statement', { sessionId: opened.sessionId, accountId: 'A1001', limit: 3 })).json());
    expect(mini).toMatchObject({ outcome: 'ok', truncated: true });
    const statement = statementResponseSchema.parse((await post(credentials, '/v1/banking/statement', { sessionId: opened.sessionId, accountId: 'A1001', from: '2026-11-01', to: '2026-11-30' })).json());
    expect(statement.outcome === 'ok' && statement.entries.length).toBe(4);

    expect((await post(credentials, '/v1/banking/card-sessions/end', { sessionId: opened.sessionId })).json()).toEqual({ ended: true });
    expect((await post(credentials, '/v1/banking/accounts', { sessionId: opened.sessionId })).json()).toEqual({ outcome: 'declined', reason: 'session-expired' });
  });

  it('pays a bill once: a replay gets the first answer (marked), a reused key for another bill is a conflict', async () => {
    const credentials = await kiosk();
    const opened = await session(credentials, 'K1001');
    const before = opened.accounts.find((a) => a.accountId === 'A1001')?.available.minor ?? 0;
    const payment = { idempotencyKey: randomUUID(), sessionId: opened.sessionId, accountId: 'A1001', billId: 'WB-202611-0001', amount: { minor: 7_840, currency: 'CNY' } };
    const first = await post(credentials, '/v1/banking/payments', payment);
    expect(first.statusCode).toBe(200);
    expect(first.headers[IDEMPOTENT_REPLAY_HEADER]).toBeUndefined();
    const approved = paymentResultSchema.parse(first.json());
    expect(approved).toMatchObject({ outcome: 'approved', balanceAfter: { minor: before - 7_840 } });

    const replay = await post(credentials, '/v1/banking/payments', payment);
    expect(replay.json()).toEqual(approved);
    expect(replay.headers[IDEMPOTENT_REPLAY_HEADER]).toBe('true');

    // After the card session ended, a replay is still answered from the store.
    await post(credentials, '/v1/banking/card-sessions/end', { sessionId: opened.sessionId });
    expect((await post(credentials, '/v1/banking/payments', payment)).json()).toEqual(approved);

    const again = await session(credentials, 'K1001');
    const conflict = await post(credentials, '/v1/banking/payments', { ...payment, sessionId: again.sessionId, billId: 'PB-202611-0001', amount: { minor: 10_000, currency: 'CNY' } });
    expect(conflict.statusCode).toBe(422);
    expect(errorBodySchema.parse(conflict.json()).code).toBe('IDEMPOTENCY_CONFLICT');
    const balances = accountsResponseSchema.parse((await post(credentials, '/v1/banking/accounts', { sessionId: again.sessionId })).json());
    expect(balances.outcome === 'ok' && balances.accounts[0]?.available.minor).toBe(before - 7_840);
  });

  it('answers a first payment without a live session with session-expired, and keeps nothing', async () => {
    const credentials = await kiosk();
    const payment = { idempotencyKey: randomUUID(), sessionId: randomUUID(), accountId: 'A1001', billId: 'PB-202611-0002', amount: { minor: 5_800, currency: 'CNY' } };
    expect((await post(credentials, '/v1/banking/payments', payment)).json()).toEqual({ outcome: 'declined', reason: 'session-expired' });
    const opened = await session(credentials, 'K1001');
    expect(paymentResultSchema.parse((await post(credentials, '/v1/banking/payments', { ...payment, sessionId: opened.sessionId })).json()).outcome).toBe('approved');
  });

  it('blocks a card on the third wrong PIN through the route', async () => {
    const credentials = await kiosk();
    const card = sealedSeedCard(await theCardKey(credentials), 'K1003');
    const reasons: unknown[] = [];
    for (let i = 0; i < 4; i++) reasons.push((await post(credentials, '/v1/banking/card-sessions', { card, pin: seedPinBlock('K1003', 0, '9999') })).json());
    expect(reasons).toEqual([
      { outcome: 'declined', reason: 'wrong-pin', triesLeft: 2 },
      { outcome: 'declined', reason: 'wrong-pin', triesLeft: 1 },
      { outcome: 'declined', reason: 'pin-tries-exceeded' },
      { outcome: 'declined', reason: 'card-blocked' },
    ]);
  });

  it('limits card authorisations per kiosk', async () => {
    const credentials = await kiosk();
    const card = sealedSeedCard(await theCardKey(credentials), 'K1004');
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await post(credentials, '/v1/banking/card-sessions', { card, pin: seedPinBlock('K1004') })).statusCode);
    expect(statuses.slice(0, 8).every((s) => s === 200)).toBe(true);
    expect(statuses[8]).toBe(429);
  });

  it('signs a customer in by China ID card + the PIN of their debit card, bound to a one-time challenge', async () => {
    const credentials = await kiosk();
    const key = await theCardKey(credentials);
    const liNa: IdentitySecret = { kind: 'cn-id', idNumber: '110105199002280020', validTo: 'long-term' };
    const challenge = async (who = credentials) => idChallengeSchema.parse((await post(who, '/v1/banking/id-challenges', {})).json());
    const signIn = async (id: IdentitySecret, pin: string, c?: { challengeId: string; binding: string }, who = credentials) => {
      const taken = c ?? (await challenge(who));
      return cardAuthorisationResponseSchema.parse((await post(who, '/v1/banking/id-sessions', { identity: sealIdentity(key, id), challengeId: taken.challengeId, pin: pinBlock(taken.binding, pin) })).json());
    };

    // A wrong PIN counts on her card; the right one opens her card's session, with her accounts.
    expect(await signIn(liNa, '111111')).toEqual({ outcome: 'declined', reason: 'wrong-pin', triesLeft: 2 });
    const first = await challenge();
    expect(first.binding).toMatch(/^9\d{15}$/);
    const approved = await signIn(liNa, '246810', first);
    if (approved.outcome !== 'approved') throw new Error(`declined: ${approved.reason}`);
    expect(approved.session).toMatchObject({ maskedPan: '622202*********0025', customer: { customerId: 'C1002' } });
    expect(approved.session.accounts.map((a) => a.accountId)).toEqual(['A2001']);
    // The card session works like a card's.
    expect(accountsResponseSchema.parse((await post(credentials, '/v1/banking/accounts', { sessionId: approved.session.sessionId })).json())).toMatchObject({ outcome: 'ok' });

    // A challenge is used up by its try, and is the issuing kiosk's only.
    expect(await signIn(liNa, '246810', first)).toEqual({ outcome: 'declined', reason: 'session-expired' });
    const other = await kiosk();
    expect(await signIn(liNa, '246810', await challenge(other), credentials)).toEqual({ outcome: 'declined', reason: 'session-expired' });
    // A PIN block bound to an earlier binding (a captured one replayed) does not open, and costs no try.
    const replay = await challenge();
    expect(cardAuthorisationResponseSchema.parse((await post(credentials, '/v1/banking/id-sessions', { identity: sealIdentity(key, liNa), challengeId: replay.challengeId, pin: pinBlock(first.binding, '246810') })).json())).toEqual({
      outcome: 'declined',
      reason: 'pin-block-invalid',
    });

    // Someone who is not a customer, an expired ID, and a malformed request (another kiosk: this one used its allowance).
    const k2 = await kiosk();
    expect(await signIn(liNa, '246810', undefined, k2)).toMatchObject({ outcome: 'approved' });
    expect(await signIn({ kind: 'cn-id', idNumber: '11010519491231002X', validTo: 'long-term' }, '123456', undefined, k2)).toEqual({ outcome: 'declined', reason: 'unknown-customer' });
    expect(await signIn({ kind: 'cn-id', idNumber: '31010119850315031X', validTo: '20200101' }, '123456', undefined, k2)).toEqual({ outcome: 'declined', reason: 'id-expired' });
    const bad = await post(k2, '/v1/banking/id-sessions', { identity: { kind: 'cn-id' }, challengeId: randomUUID(), pin: seedPinBlock('K1001') });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(logLines)).not.toContain('110105199002280020');
  });

  it("answers a kiosk what became of its own synced payments, and nothing of another kiosk's", async () => {
    const [mine, other] = [await kiosk(), await kiosk()];
    const [approved, declined, unconfirmed, waiting, theirs] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const insert = (kioskId: string, txId: string, status: string, reason: string | null, reference: string | null) =>
      testDb.db.query(`INSERT INTO banking_stored_payments (kiosk_id, tx_id, mode, status, reason, payment_reference, applied_at) VALUES ($1, $2, 'forward', $3, $4, $5, now())`, [kioskId, txId, status, reason, reference]);
    await insert(mine.kioskId, approved, 'approved', null, 'PAY-20261205-0042');
    await insert(mine.kioskId, declined, 'declined', 'insufficient-funds', null);
    await insert(mine.kioskId, unconfirmed, 'unconfirmed', 'no answer stored for the online call', null);
    await insert(other.kioskId, theirs, 'approved', null, 'PAY-20261205-0043');

    const res = await post(mine, '/v1/banking/payments/answers', { transactionIds: [approved, declined, unconfirmed, waiting, theirs] });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(paymentAnswersResponseSchema.parse(res.json()).answers).toEqual([
      { transactionId: approved, status: 'approved', reference: 'PAY-20261205-0042', reason: null },
      { transactionId: declined, status: 'declined', reference: null, reason: 'insufficient-funds' },
      // Why a row needs a person is staff's business, not the kiosk's.
      { transactionId: unconfirmed, status: 'unconfirmed', reference: null, reason: null },
      { transactionId: waiting, status: 'waiting', reference: null, reason: null },
      { transactionId: theirs, status: 'waiting', reference: null, reason: null },
    ]);
    const malformed = await post(mine, '/v1/banking/payments/answers', { transactionIds: ['not-a-uuid'] });
    expect(malformed.statusCode).toBe(400);
    expect(errorBodySchema.parse(malformed.json()).code).toBe('BAD_REQUEST');
    expect((await post(mine, '/v1/banking/payments/answers', { transactionIds: [] })).statusCode).toBe(400);
  });

  it('never logs a PAN, a PIN block or a sealed card', async () => {
    const credentials = await kiosk();
    const card = sealedSeedCard(await theCardKey(credentials), 'K1002');
    const pin = seedPinBlock('K1002');
    await post(credentials, '/v1/banking/card-sessions', { card, pin });
    const log = logLines.join('\n');
    expect(log).toContain('banking: card authorisation');
    for (const secret of [pin.block, card.ct, card.epk]) expect(log).not.toContain(secret);
    // Digits as a number of their own: the PIN's six digits also turn up inside timestamps and
    // response times now and then (a run once failed on exactly that).
    for (const digits of ['6222021000000000025', '6222021000000000017', '246810']) expect(log).not.toMatch(new RegExp(`(?<!\\d)${digits}(?!\\d)`));
  });
});

describe('/v1/banking with a bank that fails', () => {
  it('answers 503 UNAVAILABLE when the bank cannot answer, and 500 when it answers outside the protocol', async () => {
    const failing = {
      name: 'failing',
      cardKey: async () => ({ alg: 'X25519-HKDF-SHA256-A256GCM' as const, keyId: 'k', publicKey: 'not-a-key' }),
      listBillers: async () => {
        throw new CoreBankingUnavailableError('down');
      },
    } as unknown as CoreBankingAdapter;
    const hub = buildHub({ store: stores.store, staffStore: stores.staffStore, auth: { store: stores.authStore, tokens: TEST_TOKENS }, banking: new Banking({ db: testDb.db, adapter: failing, logger: pino({ level: 'silent' }) }) });
    const credentials = await kiosk();
    const down = await signedInject(hub, credentials, { method: 'GET', url: '/v1/banking/billers' });
    expect(down.statusCode).toBe(503);
    expect(errorBodySchema.parse(down.json()).code).toBe('UNAVAILABLE');
    const broken = await signedInject(hub, credentials, { method: 'GET', url: '/v1/banking/card-key' });
    expect(broken.statusCode).toBe(500);
    expect(errorBodySchema.parse(broken.json()).code).toBe('INTERNAL');
    await hub.close();
  });
});
