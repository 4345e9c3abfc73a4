// Synced bill payments meeting the demo bank: offline ones forwarded (sealed card + PIN block)
// are applied once with the transaction id as idempotency key; online ones are checked against
// the stored answer; what went wrong is on the staff follow-up list until resolved. One PGlite.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardKey } from '../../protocol/card-security.js';
import { BILL_PAYMENT_TYPE, toStoredPinBlock, type BillPaymentItem } from '../../protocol/bill-payment-item.js';
import { BANKING_STAFF_PATHS, cardAuthorisationResponseSchema, followUpsResponseSchema, paymentResultSchema, storedPaymentSchema } from '../../protocol/core-banking.js';
import { transactionBatchResponseSchema, type TransactionItem } from '../../protocol/hub-api.js';
import type { KioskCredentials } from '../../protocol/kiosk-auth.js';
import { DEFAULT_ASSIST_CONFIG } from '../assist/assist-config.js';
import { createAssist, type Assist } from '../assist/assist-hub.node.js';
import { FakeClock } from '../assist/testing/fake-clock.js';
import { createTestStaff, loginTestStaff, TEST_SCRYPT_COST, TEST_SECRET_KEY } from '../assist/testing/staff-fixtures.js';
import { ephemeralSecretKey } from '../auth/hub-secret-key.node.js';
import { buildHub } from '../server.js';
import { sealedSeedCard, seedPinBlock } from '../testing/banking.node.js';
import { enrollTestKiosk, signedInject, staffHeaders, TEST_TOKENS } from '../testing/kiosk-auth.js';
import { openTestPglite, type TestDatabase } from '../testing/test-databases.node.js';
import { openTestStores, type TestStores } from '../testing/test-hub.js';
import { makeItem } from '../testing/transaction-items.js';
import { Banking } from './banking-service.js';
import { createBanking } from './register-core-banking.node.js';

const NOW = Date.parse('2026-12-03T12:00:00Z');
let testDb: TestDatabase;
let stores: TestStores;
let banking: Banking;
let app: FastifyInstance;
let cardKey: CardKey;
let credentials: KioskCredentials;
let seq = 0;
let assist: Assist;
/** A supervisor's and a teller's session: the console's follow-up list is for signed-in staff. */
let supervisor: { token: string; staffId: string };
let teller: string;
const clock = new FakeClock(NOW);

beforeAll(async () => {
  testDb = await openTestPglite();
  stores = await openTestStores(testDb.db);
  const created = await createBanking('demo', { db: testDb.db, secretKey: ephemeralSecretKey(), logger: pino({ level: 'silent' }) }, { now: () => NOW });
  if (!created) throw new Error('no banking');
  banking = created;
  cardKey = await banking.cardKey();
  assist = await createAssist({ db: testDb.db, config: DEFAULT_ASSIST_CONFIG, logger: pino({ level: 'silent' }), clock, scryptCost: TEST_SCRYPT_COST, secretKey: TEST_SECRET_KEY });
  app = buildHub({ store: stores.store, staffStore: stores.staffStore, auth: { store: stores.authStore, tokens: TEST_TOKENS }, banking, assist });
  const boss = await createTestStaff(assist.staffAuth, { role: 'supervisor', displayName: 'Wang Fang' });
  supervisor = { token: await loginTestStaff(assist.staffAuth, clock, boss), staffId: boss.staff.staffId };
  clock.advanceSec(30);
  teller = await loginTestStaff(assist.staffAuth, clock, await createTestStaff(assist.staffAuth, { role: 'teller' }));
  credentials = await enrollTestKiosk(stores.authStore);
  expect((await signedInject(app, credentials, { method: 'POST', url: '/v1/kiosks/register', payload: { kioskId: credentials.kioskId, branchId: 'B-1' } })).statusCode).toBe(201);
}, 60_000);
afterAll(async () => {
  await banking?.close();
  await app?.close();
  await testDb?.dispose();
});

const post = (url: string, payload: Record<string, unknown>) => signedInject(app, credentials, { method: 'POST', url, payload: { kioskId: credentials.kioskId, ...payload } });

function paymentItem(payload: BillPaymentItem | Record<string, unknown>): TransactionItem {
  seq += 1;
  return makeItem(seq, { type: BILL_PAYMENT_TYPE, payload: payload as Record<string, unknown> });
}

function forward(cardId: string, bill: { billId: string; billerId: string; reference: string; minor: number }, pin?: string): TransactionItem {
  return paymentItem({
    billId: bill.billId,
    billerId: bill.billerId,
    reference: bill.reference,
    amount: { minor: bill.minor, currency: 'CNY' },
    fee: { minor: 0, currency: 'CNY' },
    maskedPan: sealedSeedCard(cardKey, cardId).masked,
    authorisation: { kind: 'forward', card: sealedSeedCard(cardKey, cardId), pin: toStoredPinBlock(seedPinBlock(cardId, 4, pin)) },
  });
}

async function sync(items: TransactionItem[]): Promise<string[]> {
  const res = await post('/v1/transactions', { items });
  expect(res.statusCode).toBe(200);
  return transactionBatchResponseSchema.parse(res.json()).results.map((r) => r.status);
}

async function balance(accountId: string): Promise<number> {
  const { rows } = await testDb.db.query<{ balance_minor: number }>('SELECT balance_minor FROM demo_bank_accounts WHERE account_id = $1', [accountId]);
  return Number(rows[0]?.balance_minor);
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function followUps(query = '', token = supervisor.token) {
  const res = await app.inject({ method: 'GET', url: `${BANKING_STAFF_PATHS.followUps}${query}`, headers: bearer(token) });
  expect(res.statusCode).toBe(200);
  return followUpsResponseSchema.parse(res.json()).items;
}

describe('stored bill payments', () => {
  it('applies forwarded payments once: approved ones debit, declined ones wait for a follow-up', async () => {
    const before = { zhang: await balance('A1001'), li: await balance('A2001') };
    const paid = forward('K1001', { billId: 'EB-202611-0002', billerId: 'sgcc-sh', reference: '3100654321', minor: 41_205 });
    const wrongPin = forward('K1003', { billId: 'WB-202611-0002', billerId: 'water-sh', reference: '20456790', minor: 6_120 }, '0000');
    const poor = forward('K1002', { billId: 'TU-2026F-0002', billerId: 'tuition-fdu', reference: '22307110002', minor: 500_000 });
    expect(await sync([paid, wrongPin, poor])).toEqual(['stored', 'stored', 'stored']);

    expect(await banking.storedPayments.runOnce()).toBe(3);
    expect(await banking.storedPayments.runOnce()).toBe(0);
    expect(await balance('A1001')).toBe(before.zhang - 41_205);
    expect(await balance('A2001')).toBe(before.li);

    // The kiosk syncs the same batch again (lost reply): nothing moves twice.
    expect(await sync([paid, wrongPin, poor])).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(await banking.storedPayments.runOnce()).toBe(0);
    expect(await balance('A1001')).toBe(before.zhang - 41_205);

    const open = await followUps();
    expect(open.map((f) => [f.transactionId, f.status, f.reason])).toEqual([
      [wrongPin.id, 'declined', 'wrong-pin'],
      [poor.id, 'declined', 'insufficient-funds'],
    ]);
    expect(open[0]).toMatchObject({ kioskId: credentials.kioskId, mode: 'forward', billId: 'WB-202611-0002', amount: { minor: 6_120, currency: 'CNY' }, maskedPan: '622202*********0033', followedUpAt: null, followedUpBy: null });
    // What staff need to call the customer: branch, when paid at the kiosk, biller and the bill reference typed.
    expect(open[1]).toMatchObject({
      branchId: 'B-1',
      storedAt: new Date(Date.parse(poor.createdAt)).toISOString(),
      billerId: 'tuition-fdu',
      billerName: { 'zh-CN': '复旦大学 学费', en: 'Fudan University — tuition' },
      reference: '22307110002',
    });
    const { rows } = await testDb.db.query<{ payment_reference: string }>('SELECT payment_reference FROM banking_stored_payments WHERE tx_id = $1', [paid.id]);
    expect(rows[0]?.payment_reference).toMatch(/^BP-20261203-/);
  });

  it('confirms an online payment from the stored answer, and flags one the bank never answered', async () => {
    const auth = cardAuthorisationResponseSchema.parse((await post('/v1/banking/card-sessions', { card: sealedSeedCard(cardKey, 'K1001'), pin: seedPinBlock('K1001') })).json());
    if (auth.outcome !== 'approved') throw new Error('declined');
    const bill = { billId: 'PB-202611-0001', billerId: 'cmcc', reference: '13800138000', amount: { minor: 10_000, currency: 'CNY' as const }, fee: { minor: 0, currency: 'CNY' as const }, maskedPan: auth.session.maskedPan };
    const online = paymentItem({ ...bill, authorisation: { kind: 'session', sessionId: auth.session.sessionId, accountId: 'A1001' } });
    // Online first, keyed by the outbox row id, as the journey does.
    const paid = paymentResultSchema.parse((await post('/v1/banking/payments', { idempotencyKey: online.id, sessionId: auth.session.sessionId, accountId: 'A1001', billId: bill.billId, amount: bill.amount })).json());
    expect(paid.outcome).toBe('approved');
    const unanswered = paymentItem({ ...bill, billId: 'PB-202611-0002', reference: '13912345678', amount: { minor: 5_800, currency: 'CNY' }, authorisation: { kind: 'session', sessionId: auth.session.sessionId, accountId: 'A1001' } });
    const broken = paymentItem({ billId: 'x' } as Record<string, unknown>);
    const before = await balance('A1001');
    expect(await sync([online, unanswered, broken])).toEqual(['stored', 'stored', 'stored']);
    // While the card session lives, the kiosk's call for the unanswered one may still come.
    expect(await banking.storedPayments.runOnce()).toBe(2);
    expect((await followUps()).find((f) => f.transactionId === unanswered.id)).toBeUndefined();
    await banking.endSession(credentials.kioskId, auth.session.sessionId);
    expect(await banking.storedPayments.runOnce()).toBe(1);
    // Checking is not paying: the unanswered one moved no money.
    expect(await balance('A1001')).toBe(before);
    const open = await followUps();
    expect(open.find((f) => f.transactionId === online.id)).toBeUndefined();
    expect(open.find((f) => f.transactionId === unanswered.id)).toMatchObject({ mode: 'online', status: 'unconfirmed' });
    expect(open.find((f) => f.transactionId === broken.id)).toMatchObject({ status: 'invalid', billId: null, amount: null, billerId: null, billerName: null, reference: null });
  });

  it('waits for an online payment still inside the bank (the row arrives first), then records the approval, not "unconfirmed"', async () => {
    const auth = cardAuthorisationResponseSchema.parse((await post('/v1/banking/card-sessions', { card: sealedSeedCard(cardKey, 'K1001'), pin: seedPinBlock('K1001') })).json());
    if (auth.outcome !== 'approved') throw new Error('declined');
    const { sessionId } = auth.session;
    const request = { accountId: 'A1001', billId: 'WB-202611-0001', amount: { minor: 7_840, currency: 'CNY' as const } };
    const item = paymentItem({ billId: request.billId, amount: request.amount, billerId: 'water-sh', reference: '20456789', fee: { minor: 0, currency: 'CNY' }, maskedPan: auth.session.maskedPan, authorisation: { kind: 'session', sessionId, accountId: 'A1001' } });
    // The kiosk's sync delivers the booked row before its payment call is made.
    expect(await sync([item])).toEqual(['stored']);
    expect(await banking.storedPayments.runOnce()).toBe(0);

    // The call reaches a slow bank (another hub instance serves it): the key is claimed, no answer yet.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inBank!: () => void;
    const arrived = new Promise<void>((resolve) => (inBank = resolve));
    const slow = new Banking({ db: testDb.db, adapter: { ...banking.adapter, payBill: async (input) => (inBank(), await gate, banking.adapter.payBill(input)) }, logger: pino({ level: 'silent' }), now: () => NOW });
    const paying = slow.payBill({ kioskId: credentials.kioskId, idempotencyKey: item.id, sessionId, ...request });
    await arrived;
    // The kiosk is gone and its session ended, but the call still runs: nothing is settled yet.
    await banking.endSession(credentials.kioskId, sessionId);
    const before = await balance('A1001');
    expect(await banking.storedPayments.runOnce()).toBe(0);
    expect((await followUps()).find((f) => f.transactionId === item.id)).toBeUndefined();

    release();
    const { result } = await paying;
    if (result.outcome !== 'approved') throw new Error(`payment ${result.outcome}`);
    expect(await balance('A1001')).toBe(before - 7_840);
    expect(await banking.storedPayments.runOnce()).toBe(1);
    const { rows } = await testDb.db.query<{ status: string; payment_reference: string | null }>('SELECT status, payment_reference FROM banking_stored_payments WHERE tx_id = $1', [item.id]);
    expect(rows).toEqual([{ status: 'approved', payment_reference: result.reference }]);
    expect(await balance('A1001')).toBe(before - 7_840);
  });

  it('resolves a follow-up with a note and who did it, once; it moves from the open list to the resolved one', async () => {
    const [first] = await followUps();
    if (!first) throw new Error('nothing to follow up');
    const url = BANKING_STAFF_PATHS.resolveFollowUp.replace(':kioskId', first.kioskId).replace(':transactionId', first.transactionId);
    expect((await app.inject({ method: 'POST', url, headers: bearer(supervisor.token), payload: {} })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url, headers: bearer(supervisor.token), payload: { note: '   ' } })).statusCode).toBe(400);
    clock.advanceSec(60);
    const resolved = await app.inject({ method: 'POST', url, headers: bearer(supervisor.token), payload: { note: 'called the customer; paid at the counter' } });
    expect(resolved.statusCode).toBe(200);
    expect(storedPaymentSchema.parse(resolved.json())).toMatchObject({
      followUpNote: 'called the customer; paid at the counter',
      followedUpAt: new Date(NOW).toISOString(),
      followedUpBy: { staffId: supervisor.staffId, name: 'Wang Fang' },
      billerId: first.billerId,
    });
    expect((await followUps()).map((f) => f.transactionId)).not.toContain(first.transactionId);
    const done = await followUps('?state=resolved', teller);
    expect(done.map((f) => [f.transactionId, f.followedUpBy?.name])).toEqual([[first.transactionId, 'Wang Fang']]);
    expect((await app.inject({ method: 'POST', url, headers: bearer(supervisor.token), payload: { note: 'again' } })).statusCode).toBe(404);
  });

  it('is for signed-in staff: no session is 401, the static staff token is not a session, an unknown state is 400', async () => {
    expect((await app.inject({ method: 'GET', url: BANKING_STAFF_PATHS.followUps })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: BANKING_STAFF_PATHS.followUps, headers: staffHeaders() })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: `${BANKING_STAFF_PATHS.followUps}?state=all`, headers: bearer(supervisor.token) })).statusCode).toBe(400);
  });
});
