// Synced bill payments meeting the demo bank: offline ones forwarded (sealed card + PIN block)
// are applied once with the transaction id as idempotency key; online ones are checked against
// the stored answer; what went wrong is on the staff follow-up list until resolved. One PGlite.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardKey } from '../../protocol/card-security.js';
import { BILL_PAYMENT_TYPE, toStoredPinBlock, type BillPaymentItem } from '../../protocol/bill-payment-item.js';
import { BANKING_STAFF_PATHS, cardAuthorisationResponseSchema, followUpsResponseSchema, paymentResultSchema, storedPaymentSchema, type PaymentResult } from '../../protocol/core-banking.js';
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

  it('confirms an online payment from the stored answer, and flags one the bank never answered that has no fallback (an older kiosk)', async () => {
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
    expect(open.find((f) => f.transactionId === unanswered.id)).toMatchObject({ mode: 'online', status: 'unconfirmed', reason: 'no answer from the bank is recorded for this payment' });
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

// An online payment whose call never reached the bank (the hub away mid-pay, longer than the card
// session): the kiosk told the customer "pending", and the row's fallback — the sealed card and
// PIN block the session was opened with — makes that true. Runs after the describe above (same
// database): it uses bills that are still open there.
describe('stored online payments with a fallback', () => {
  /** This hub instance once the card session has run out (3 min idle), as after a long outage. */
  const later = () => new Banking({ db: testDb.db, adapter: banking.adapter, logger: pino({ level: 'silent' }), now: () => NOW + 3 * 60_000 + 1_000 });

  async function openSession(cardId: string) {
    const auth = cardAuthorisationResponseSchema.parse((await post('/v1/banking/card-sessions', { card: sealedSeedCard(cardKey, cardId), pin: seedPinBlock(cardId) })).json());
    if (auth.outcome !== 'approved') throw new Error(`${cardId} declined`);
    return auth.session;
  }

  function online(cardId: string, session: { sessionId: string; maskedPan: string }, accountId: string, bill: { billId: string; billerId: string; reference: string; minor: number }, fallbackPin?: string): TransactionItem {
    return paymentItem({
      billId: bill.billId,
      billerId: bill.billerId,
      reference: bill.reference,
      amount: { minor: bill.minor, currency: 'CNY' },
      fee: { minor: 0, currency: 'CNY' },
      maskedPan: session.maskedPan,
      authorisation: { kind: 'session', sessionId: session.sessionId, accountId, fallback: { card: sealedSeedCard(cardKey, cardId), pin: toStoredPinBlock(seedPinBlock(cardId, 4, fallbackPin)) } },
    });
  }

  const storedRow = async (txId: string) =>
    (await testDb.db.query<{ mode: string; status: string; reason: string | null; payment_reference: string | null }>('SELECT mode, status, reason, payment_reference FROM banking_stored_payments WHERE tx_id = $1', [txId])).rows;
  const bankPayments = async (txId: string) => (await testDb.db.query<{ result: PaymentResult }>('SELECT result FROM demo_bank_payments WHERE idem_key = $1', [txId])).rows.map((r) => r.result);
  const wrongPins = async (cardId: string) => Number((await testDb.db.query<{ wrong_pin_count: unknown }>('SELECT wrong_pin_count FROM demo_bank_cards WHERE card_id = $1', [cardId])).rows[0]?.wrong_pin_count);

  it('a lost online call is paid once with its fallback after the card session, from the account the customer confirmed', async () => {
    const session = await openSession('K1001');
    // The savings account, not the first one in CNY: the hub must pay from the one on the review screen.
    const item = online('K1001', session, 'A1002', { billId: 'EB-202611-0001', billerId: 'sgcc-sh', reference: '3100123456', minor: 25_680 });
    const before = { current: await balance('A1001'), savings: await balance('A1002') };
    // payBill never reached the hub; the row arrives by sync once the hub is back.
    expect(await sync([item])).toEqual(['stored']);
    // While the session lives the kiosk's call may still come: nothing is paid or settled.
    expect(await banking.storedPayments.runOnce()).toBe(0);
    expect(await bankPayments(item.id)).toEqual([]);

    const afterOutage = later();
    expect(await afterOutage.storedPayments.runOnce()).toBe(1);
    const [paid, ...more] = await bankPayments(item.id);
    expect(more).toEqual([]);
    if (paid?.outcome !== 'approved') throw new Error(`forwarded payment ${paid?.outcome ?? 'missing'}`);
    expect(await storedRow(item.id)).toEqual([{ mode: 'forward', status: 'approved', reason: null, payment_reference: paid.reference }]);
    expect(await balance('A1002')).toBe(before.savings - 25_680);
    expect(await balance('A1001')).toBe(before.current);
    expect((await followUps()).find((f) => f.transactionId === item.id)).toBeUndefined();

    // Again: a later round, the same row synced again, the kiosk's own call replayed late.
    expect(await afterOutage.storedPayments.runOnce()).toBe(0);
    expect(await sync([item])).toEqual(['duplicate']);
    expect(await banking.storedPayments.runOnce()).toBe(0);
    const late = await banking.payBill({ kioskId: credentials.kioskId, idempotencyKey: item.id, sessionId: session.sessionId, accountId: 'A1002', billId: 'EB-202611-0001', amount: { minor: 25_680, currency: 'CNY' } });
    expect(late).toEqual({ result: paid, replayed: true });
    expect(await bankPayments(item.id)).toHaveLength(1);
    expect(await balance('A1002')).toBe(before.savings - 25_680);
    await banking.endSession(credentials.kioskId, session.sessionId);
  });

  it('a forwarded fallback the bank declines lands on the follow-up list, as an offline decline does', async () => {
    const session = await openSession('K1002');
    const item = online('K1002', session, 'A2001', { billId: 'TU-2026F-0002', billerId: 'tuition-fdu', reference: '22307110002', minor: 500_000 });
    const before = await balance('A2001');
    expect(await sync([item])).toEqual(['stored']);
    expect(await later().storedPayments.runOnce()).toBe(1);
    expect(await storedRow(item.id)).toEqual([{ mode: 'forward', status: 'declined', reason: 'insufficient-funds', payment_reference: null }]);
    expect(await balance('A2001')).toBe(before);
    expect((await followUps()).find((f) => f.transactionId === item.id)).toMatchObject({ mode: 'forward', status: 'declined', reason: 'insufficient-funds', billId: 'TU-2026F-0002', maskedPan: session.maskedPan });
    await banking.endSession(credentials.kioskId, session.sessionId);
  });

  it('an answer the hub already recorded stands: the fallback is not forwarded (no card check, no second debit)', async () => {
    const session = await openSession('K1001');
    // A fallback that could never pass: forwarded, it would be declined and count a wrong PIN.
    const item = online('K1001', session, 'A1001', { billId: 'PB-202611-0002', billerId: 'cmcc', reference: '13912345678', minor: 5_800 }, '000000');
    const paid = paymentResultSchema.parse((await post('/v1/banking/payments', { idempotencyKey: item.id, sessionId: session.sessionId, accountId: 'A1001', billId: 'PB-202611-0002', amount: { minor: 5_800, currency: 'CNY' } })).json());
    if (paid.outcome !== 'approved') throw new Error(`payment ${paid.outcome}`);
    const before = { balance: await balance('A1001'), wrongPins: await wrongPins('K1001') };
    expect(await sync([item])).toEqual(['stored']);
    expect(await later().storedPayments.runOnce()).toBe(1);
    expect(await storedRow(item.id)).toEqual([{ mode: 'online', status: 'approved', reason: null, payment_reference: paid.reference }]);
    expect(await bankPayments(item.id)).toEqual([paid]);
    expect(await balance('A1001')).toBe(before.balance);
    expect(await wrongPins('K1001')).toBe(before.wrongPins);
    await banking.endSession(credentials.kioskId, session.sessionId);
  });

  it('a call that reached the bank but left no answer at the hub (hub died in it): forwarding gets the bank\'s first answer, not a second debit', async () => {
    const session = await openSession('K1001');
    const request = { accountId: 'A1001', billId: 'WB-202611-0002', amount: { minor: 6_120, currency: 'CNY' as const } };
    const item = online('K1001', session, 'A1001', { billId: request.billId, billerId: 'water-sh', reference: '20456790', minor: 6_120 });
    // The bank debits under the row's key; the hub that made the call never stored its answer.
    const card = await banking.adapter.authoriseCard({ kioskId: credentials.kioskId, card: sealedSeedCard(cardKey, 'K1001'), pin: seedPinBlock('K1001') });
    if (card.outcome !== 'approved') throw new Error('declined');
    const first = await banking.adapter.payBill({ kioskId: credentials.kioskId, idempotencyKey: item.id, cardRef: card.cardRef, ...request });
    if (first.outcome !== 'approved') throw new Error(`payment ${first.outcome}`);
    const before = await balance('A1001');
    expect(await banking.idempotency.claimOf(credentials.kioskId, item.id)).toBe('none');
    expect(await sync([item])).toEqual(['stored']);
    expect(await later().storedPayments.runOnce()).toBe(1);
    expect(await storedRow(item.id)).toEqual([{ mode: 'forward', status: 'approved', reason: null, payment_reference: first.reference }]);
    expect(await bankPayments(item.id)).toEqual([first]);
    expect(await balance('A1001')).toBe(before);
    await banking.endSession(credentials.kioskId, session.sessionId);
  });
});
