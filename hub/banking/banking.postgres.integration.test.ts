// The money guarantees on real PostgreSQL, where calls really run in parallel (a pool of
// connections, two "hub instances" on one schema): one debit per idempotency key, one payment
// per bill, the third wrong PIN blocks however the tries interleave.
// Needs the PostgreSQL at HUB_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardKey } from '../../protocol/card-security.js';
import { BILL_PAYMENT_TYPE, toStoredPinBlock } from '../../protocol/bill-payment-item.js';
import type { PayBillRequest } from '../../protocol/core-banking.js';
import { ephemeralSecretKey } from '../auth/hub-secret-key.node.js';
import { createHubStore } from '../storage/hub-store.js';
import { migrate } from '../storage/migrations.js';
import { makeItem } from '../testing/transaction-items.js';
import { openPostgres } from '../storage/postgres.node.js';
import type { Database } from '../storage/queryable.js';
import { sealedSeedCard, seedPinBlock } from '../testing/banking.node.js';
import { createTestSchema, TEST_DATABASE_URL } from '../testing/test-databases.node.js';
import { Banking } from './banking-service.js';
import type { CoreBankingAdapter } from './core-banking-adapter.js';
import { createDemoCoreBanking } from './demo/demo-core-banking.node.js';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const KIOSK = 'kiosk-pg-1';
const secretKey = ephemeralSecretKey();
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let dbs: Database[] = [];
let banks: Banking[] = [];
let adapter: CoreBankingAdapter;
let cardKey: CardKey;

beforeAll(async () => {
  schema = await createTestSchema();
  // Two hub instances on one schema, each with its own pool, as behind a load balancer.
  dbs = await Promise.all([0, 1].map(() => openPostgres({ connectionString: TEST_DATABASE_URL, searchPath: schema.schema, maxConnections: 12 })));
  const [db0, db1] = dbs as [Database, Database];
  await migrate(db0);
  // Both start together: the seed and the card key are created once.
  const adapters = await Promise.all([db0, db1].map((db) => createDemoCoreBanking({ db, secretKey, now: () => NOW })));
  adapter = adapters[0] as CoreBankingAdapter;
  banks = adapters.map((a, i) => new Banking({ db: dbs[i] as Database, adapter: a, logger: pino({ level: 'silent' }), now: () => NOW, idempotency: { pollMs: 10 } }));
  cardKey = await adapter.cardKey();
  expect(await (adapters[1] as CoreBankingAdapter).cardKey()).toEqual(cardKey);
}, 60_000);
afterAll(async () => {
  await Promise.all(dbs.map((db) => db.close()));
  await schema?.drop();
});

const bank = (i: number): Banking => banks[i % banks.length] as Banking;
const db = (): Database => dbs[0] as Database;

async function sessionFor(cardId: string): Promise<string> {
  const answer = await bank(0).authorise(KIOSK, sealedSeedCard(cardKey, cardId), seedPinBlock(cardId));
  if (answer.outcome !== 'approved') throw new Error(`declined: ${answer.reason}`);
  return answer.session.sessionId;
}

async function balance(accountId: string): Promise<number> {
  const { rows } = await db().query<{ balance_minor: string }>('SELECT balance_minor FROM demo_bank_accounts WHERE account_id = $1', [accountId]);
  return Number(rows[0]?.balance_minor);
}

const ledgerRows = async (billPaymentOf: string) =>
  (await db().query<{ n: string }>("SELECT count(*) AS n FROM demo_bank_ledger WHERE description LIKE '%' || $1 || '%'", [billPaymentOf])).rows[0]?.n;

describe('payments on PostgreSQL', () => {
  it('debits once when 12 identical requests with one key race across two hub instances', async () => {
    const sessionId = await sessionFor('K1001');
    const before = await balance('A1001');
    const request: PayBillRequest = { kioskId: KIOSK, idempotencyKey: randomUUID(), sessionId, accountId: 'A1001', billId: 'EB-202611-0001', amount: { minor: 25_680, currency: 'CNY' } };
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => bank(i).payBill(request)));
    const approved = answers.map((a) => a.result);
    // (toEqual, not string equality: jsonb hands the stored answer back with its keys reordered.)
    for (const answer of approved) expect(answer).toEqual(approved[0]);
    expect(approved[0]).toMatchObject({ outcome: 'approved', balanceAfter: { minor: before - 25_680 } });
    expect(answers.filter((a) => !a.replayed)).toHaveLength(1);
    expect(await balance('A1001')).toBe(before - 25_680);
    expect(await ledgerRows('3100123456')).toBe('1');
  });

  it('debits once when the bank itself gets one key twice at the same instant (the hub died before storing the answer)', async () => {
    const cardRef = 'K1001';
    const before = await balance('A1001');
    const input = { kioskId: KIOSK, idempotencyKey: randomUUID(), cardRef, accountId: 'A1001', billId: 'WB-202611-0001', amount: { minor: 7_840, currency: 'CNY' as const } };
    const answers = await Promise.all(Array.from({ length: 8 }, () => adapter.payBill(input)));
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]?.outcome).toBe('approved');
    expect(await balance('A1001')).toBe(before - 7_840);
  });

  it('pays a bill once when different keys race for it; the others are told it is paid', async () => {
    const sessionId = await sessionFor('K1003');
    const before = await balance('A3001');
    const requests = Array.from({ length: 6 }, (): PayBillRequest => ({ kioskId: KIOSK, idempotencyKey: randomUUID(), sessionId, accountId: 'A3001', billId: 'PB-202611-0002', amount: { minor: 5_800, currency: 'CNY' } }));
    const answers = (await Promise.all(requests.map((r, i) => bank(i).payBill(r)))).map((a) => a.result);
    expect(answers.filter((a) => a.outcome === 'approved')).toHaveLength(1);
    expect(answers.filter((a) => a.outcome === 'declined' && a.reason === 'bill-already-paid')).toHaveLength(5);
    expect(await balance('A3001')).toBe(before - 5_800);
  });

  it('never overdraws when payments race for the last of the balance', async () => {
    // 李娜 has ¥320.50: the electricity bill of ¥412.05 can never be paid, tuition neither.
    const sessionId = await sessionFor('K1002');
    const bills = [
      { billId: 'EB-202611-0002', minor: 41_205 },
      { billId: 'TU-2026F-0002', minor: 500_000 },
    ];
    const answers = await Promise.all(
      bills.flatMap((b) => [0, 1].map((i) => bank(i).payBill({ kioskId: KIOSK, idempotencyKey: randomUUID(), sessionId, accountId: 'A2001', billId: b.billId, amount: { minor: b.minor, currency: 'CNY' } }))),
    );
    expect(answers.every((a) => a.result.outcome === 'declined' && a.result.reason === 'insufficient-funds')).toBe(true);
    expect(await balance('A2001')).toBe(32_050);
  });
});

describe('wrong PINs on PostgreSQL', () => {
  it('blocks the card at the third wrong PIN even when six wrong tries arrive at once', async () => {
    const card = sealedSeedCard(cardKey, 'K1005', 'chip', { expiry: '3012' });
    // K1005 is expired in the seed; renew it so that the PIN check is reached.
    await db().query("UPDATE demo_bank_cards SET expiry = '3012' WHERE card_id = 'K1005'");
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => bank(i).authorise(KIOSK, card, seedPinBlock('K1005', 4, '0000'))));
    const reasons = answers.map((a) => (a.outcome === 'declined' ? a.reason : 'approved')).sort();
    expect(reasons.filter((r) => r === 'wrong-pin')).toHaveLength(2);
    expect(reasons.filter((r) => r === 'pin-tries-exceeded')).toHaveLength(1);
    expect(reasons.filter((r) => r === 'card-blocked')).toHaveLength(3);
    const { rows } = await db().query<{ status: string; wrong_pin_count: number }>("SELECT status, wrong_pin_count FROM demo_bank_cards WHERE card_id = 'K1005'");
    expect(rows[0]).toEqual({ status: 'blocked', wrong_pin_count: 3 });
    const right = await bank(0).authorise(KIOSK, card, seedPinBlock('K1005'));
    expect(right).toEqual({ outcome: 'declined', reason: 'card-blocked' });
  });
});

describe('stored payments on PostgreSQL', () => {
  it('debits a forwarded payment once when both hub instances apply it at the same time', async () => {
    const store = await createHubStore(db());
    await store.registerKiosk({ kioskId: KIOSK, branchId: 'B-1' });
    const before = await balance('A1002');
    const item = makeItem(1, {
      type: BILL_PAYMENT_TYPE,
      payload: {
        billId: 'TU-2026F-0001',
        billerId: 'tuition-fdu',
        reference: '22307110001',
        amount: { minor: 450_000, currency: 'CNY' },
        fee: { minor: 200, currency: 'CNY' },
        maskedPan: '622202*********0017',
        authorisation: { kind: 'forward', card: sealedSeedCard(cardKey, 'K1001'), pin: toStoredPinBlock(seedPinBlock('K1001')) },
      },
    });
    expect(await store.ingest({ kioskId: KIOSK, items: [item] })).toEqual([{ status: 'stored' }]);
    // A forwarded payment names no account: it is paid from the card's first account in its currency (A1001).
    const a1001 = await balance('A1001');
    const applied = await Promise.all([bank(0).storedPayments.runOnce(), bank(1).storedPayments.runOnce(), bank(0).storedPayments.runOnce()]);
    expect(applied.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(1);
    expect(await balance('A1001')).toBe(a1001 - 450_200);
    expect(await balance('A1002')).toBe(before);
    const { rows } = await db().query<{ status: string }>('SELECT status FROM banking_stored_payments WHERE tx_id = $1', [item.id]);
    expect(rows).toEqual([{ status: 'approved' }]);
  });
});
