// The demo bank on one in-memory PGlite shared by the file. Each case uses its own cards and
// bills, so their effects (payments, wrong PINs) do not cross.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardKeySchema, type CardKey } from '../../../protocol/card-security.js';
import { formatBillPayload, paymentResultSchema, type AccountSummary } from '../../../protocol/core-banking.js';
import { luhnCheckDigit } from '../../../protocol/luhn.js';
import { ephemeralSecretKey } from '../../auth/hub-secret-key.node.js';
import { migrate } from '../../storage/migrations.js';
import { openTestPglite, type TestDatabase } from '../../testing/test-databases.node.js';
import { pinBlock, sealedSeedCard, seedCard, seedPinBlock } from '../../testing/banking.node.js';
import { IdempotencyConflictError, type CardApproval, type CoreBankingAdapter } from '../core-banking-adapter.js';
import { createDemoCoreBanking } from './demo-core-banking.node.js';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const secretKey = ephemeralSecretKey();
let testDb: TestDatabase;
let bank: CoreBankingAdapter;
let cardKey: CardKey;

beforeAll(async () => {
  testDb = await openTestPglite();
  await migrate(testDb.db);
  bank = await createDemoCoreBanking({ db: testDb.db, secretKey, now: () => NOW });
  cardKey = await bank.cardKey();
}, 60_000);
afterAll(async () => {
  await testDb?.dispose();
});

const KIOSK = 'kiosk-demo-1';

async function approve(cardId: string): Promise<CardApproval> {
  const answer = await bank.authoriseCard({ kioskId: KIOSK, card: sealedSeedCard(cardKey, cardId), pin: seedPinBlock(cardId) });
  if (answer.outcome !== 'approved') throw new Error(`expected approval, got ${answer.reason}`);
  return answer;
}

const balanceOf = (accounts: AccountSummary[] | { outcome: 'declined' }, accountId: string): number => {
  if (!Array.isArray(accounts)) throw new Error('declined');
  const account = accounts.find((a) => a.accountId === accountId);
  if (!account) throw new Error(`no account ${accountId}`);
  return account.available.minor;
};

describe('card key and seed', () => {
  it('serves one X25519 card key, kept across restarts, and seeds only once', async () => {
    expect(cardKeySchema.parse(cardKey).keyId).toBe('demo-card-1');
    const again = await createDemoCoreBanking({ db: testDb.db, secretKey, now: () => NOW });
    expect(await again.cardKey()).toEqual(cardKey);
    const { rows } = await testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM demo_bank_customers');
    expect(rows[0]?.n).toBe(4);
  });

  it('refuses to open the card key with another hub secret key', async () => {
    await expect(createDemoCoreBanking({ db: testDb.db, secretKey: ephemeralSecretKey(), now: () => NOW })).rejects.toThrow(/HUB_SECRET_KEY/);
  });

  it('stores no PAN and no PIN anywhere in its tables', async () => {
    const { rows } = await testDb.db.query<{ dump: string }>('SELECT (SELECT json_agg(c)::text FROM demo_bank_cards c) AS dump');
    const dump = rows[0]?.dump ?? '';
    expect(dump).toContain('622202*********0017');
    expect(dump).not.toContain(seedCard('K1001').pan);
    expect(dump).not.toContain('"123456"');
  });
});

describe('billers and bills', () => {
  it('lists the four demo billers in order', async () => {
    const billers = await bank.listBillers();
    expect(billers.map((b) => [b.billerId, b.category])).toEqual([
      ['sgcc-sh', 'electricity'],
      ['water-sh', 'water'],
      ['cmcc', 'phone'],
      ['tuition-fdu', 'tuition'],
    ]);
    expect(billers[0]?.name['zh-CN']).toContain('电费');
    expect(billers[3]?.fee).toEqual({ minor: 200, currency: 'CNY' });
  });

  it('finds the open bill by biller and reference, before the paid one', async () => {
    const found = await bank.lookupBill({ by: 'reference', billerId: 'sgcc-sh', reference: '3100654321' });
    expect(found).toMatchObject({ outcome: 'found', bill: { billId: 'EB-202611-0002', amount: { minor: 41_205, currency: 'CNY' }, status: 'open', dueDate: '2026-12-20' } });
    expect(await bank.lookupBill({ by: 'reference', billerId: 'sgcc-sh', reference: '9999999999' })).toEqual({ outcome: 'declined', reason: 'unknown-bill' });
  });

  it('finds a bill by its QR payload and refuses a payload that does not match it', async () => {
    const payload = { billerId: 'water-sh', reference: '20456790', billId: 'WB-202611-0002', amount: { minor: 6_120, currency: 'CNY' as const } };
    expect(await bank.lookupBill({ by: 'payload', payload: formatBillPayload(payload) })).toMatchObject({ outcome: 'found', bill: { billId: 'WB-202611-0002' } });
    expect(await bank.lookupBill({ by: 'payload', payload: formatBillPayload({ ...payload, amount: { minor: 6_000, currency: 'CNY' } }) })).toEqual({ outcome: 'declined', reason: 'amount-mismatch' });
    expect(await bank.lookupBill({ by: 'payload', payload: formatBillPayload({ ...payload, reference: '20456789' }) })).toEqual({ outcome: 'declined', reason: 'unknown-bill' });
    expect(await bank.lookupBill({ by: 'payload', payload: 'https://example.com/not-a-bill' })).toEqual({ outcome: 'declined', reason: 'unknown-bill' });
  });
});

describe('card authorisation', () => {
  it('approves a chip card with its PIN in format 4 and in format 0, with the accounts masked', async () => {
    const approval = await approve('K1001');
    expect(approval).toMatchObject({ cardRef: 'K1001', maskedPan: '622202*********0017', customer: { customerId: 'C1001', displayName: '张伟' } });
    expect(approval.accounts.map((a) => a.maskedNumber)).toEqual(['6222 **** **** 0001', '6222 **** **** 0002']);
    const format0 = await bank.authoriseCard({ kioskId: KIOSK, card: sealedSeedCard(cardKey, 'K1001'), pin: seedPinBlock('K1001', 0) });
    expect(format0.outcome).toBe('approved');
  });

  it('tells a swiped chip card to insert, before any PIN try counts', async () => {
    const swiped = await bank.authoriseCard({ kioskId: KIOSK, card: sealedSeedCard(cardKey, 'K1001', 'swipe'), pin: seedPinBlock('K1001', 4, '000000') });
    expect(swiped).toEqual({ outcome: 'declined', reason: 'insert-chip' });
    // Also when the stripe hides the chip: the issuer's record knows.
    const hidden = await bank.authoriseCard({ kioskId: KIOSK, card: sealedSeedCard(cardKey, 'K1001', 'swipe', { serviceCode: '101' }), pin: seedPinBlock('K1001') });
    expect(hidden).toEqual({ outcome: 'declined', reason: 'insert-chip' });
    const { rows } = await testDb.db.query<{ wrong_pin_count: number }>("SELECT wrong_pin_count FROM demo_bank_cards WHERE card_id = 'K1001'");
    expect(rows[0]?.wrong_pin_count).toBe(0);
  });

  it('accepts a swiped magstripe-only card', async () => {
    const swiped = await bank.authoriseCard({ kioskId: KIOSK, card: sealedSeedCard(cardKey, 'K1002', 'swipe'), pin: seedPinBlock('K1002', 0) });
    expect(swiped.outcome).toBe('approved');
  });

  it('refuses expired, blocked and unknown cards', async () => {
    expect(await bank.authoriseCard({ kioskId: KIOSK, card: sealedSeedCard(cardKey, 'K1005'), pin: seedPinBlock('K1005') })).toEqual({ outcome: 'declined', reason: 'card-expired' });
    expect(await bank.authoriseCard({ kioskId: KIOSK, card: sealedSeedCard(cardKey, 'K1004'), pin: seedPinBlock('K1004') })).toEqual({ outcome: 'declined', reason: 'card-blocked' });
    const partial = '622202999999999999';
    const pan = `${partial}${luhnCheckDigit(partial)}`;
    expect(await bank.authoriseCard({ kioskId: KIOSK, card: sealedSeedCard(cardKey, 'K1001', 'chip', { pan }), pin: pinBlock(pan, '123456') })).toEqual({ outcome: 'declined', reason: 'unknown-card' });
  });

  it('blocks the card on the third wrong PIN; the right PIN after that is refused', async () => {
    const card = sealedSeedCard(cardKey, 'K1003');
    const wrong = () => bank.authoriseCard({ kioskId: KIOSK, card, pin: seedPinBlock('K1003', 4, '0000') });
    expect(await wrong()).toEqual({ outcome: 'declined', reason: 'wrong-pin', triesLeft: 2 });
    expect(await wrong()).toEqual({ outcome: 'declined', reason: 'wrong-pin', triesLeft: 1 });
    expect(await wrong()).toEqual({ outcome: 'declined', reason: 'pin-tries-exceeded' });
    expect(await bank.authoriseCard({ kioskId: KIOSK, card, pin: seedPinBlock('K1003') })).toEqual({ outcome: 'declined', reason: 'card-blocked' });
    expect(await bank.cards('K1003')).toContainEqual({ cardId: 'K1003', maskedPan: '622202*********0033', expiry: '3106', status: 'blocked' });
  });

  it('resets the wrong-PIN count after a right PIN', async () => {
    const card = sealedSeedCard(cardKey, 'K1002', 'swipe');
    expect(await bank.authoriseCard({ kioskId: KIOSK, card, pin: seedPinBlock('K1002', 4, '111111') })).toMatchObject({ reason: 'wrong-pin', triesLeft: 2 });
    expect((await bank.authoriseCard({ kioskId: KIOSK, card, pin: seedPinBlock('K1002') })).outcome).toBe('approved');
    expect(await bank.authoriseCard({ kioskId: KIOSK, card, pin: seedPinBlock('K1002', 4, '111111') })).toMatchObject({ reason: 'wrong-pin', triesLeft: 2 });
    expect((await bank.authoriseCard({ kioskId: KIOSK, card, pin: seedPinBlock('K1002') })).outcome).toBe('approved');
  });

  it('refuses a PIN block bound to another card or under an unknown key, without counting a try', async () => {
    const card = sealedSeedCard(cardKey, 'K1001');
    expect(await bank.authoriseCard({ kioskId: KIOSK, card, pin: seedPinBlock('K1002', 4, '123456') })).toEqual({ outcome: 'declined', reason: 'pin-block-invalid' });
    expect(await bank.authoriseCard({ kioskId: KIOSK, card, pin: { ...seedPinBlock('K1001', 4), keyId: 'demo-pek-unknown' } })).toEqual({ outcome: 'declined', reason: 'pin-block-invalid' });
    // A format 0 block named as the AES key's: wrong format for that key.
    expect(await bank.authoriseCard({ kioskId: KIOSK, card, pin: { ...seedPinBlock('K1001', 0), keyId: 'demo-pek-aes-1' } })).toEqual({ outcome: 'declined', reason: 'pin-block-invalid' });
    const { rows } = await testDb.db.query<{ wrong_pin_count: number }>("SELECT wrong_pin_count FROM demo_bank_cards WHERE card_id = 'K1001'");
    expect(rows[0]?.wrong_pin_count).toBe(0);
  });

  it('refuses a sealed card that was altered or whose outside lies about it', async () => {
    const card = sealedSeedCard(cardKey, 'K1001');
    const flipped = `${card.ct.slice(0, -2)}${card.ct.endsWith('AA') ? 'AB' : 'AA'}`;
    expect(await bank.authoriseCard({ kioskId: KIOSK, card: { ...card, ct: flipped }, pin: seedPinBlock('K1001') })).toEqual({ outcome: 'declined', reason: 'card-unreadable' });
    expect(await bank.authoriseCard({ kioskId: KIOSK, card: { ...card, masked: '622202*********0025' }, pin: seedPinBlock('K1001') })).toEqual({ outcome: 'declined', reason: 'card-unreadable' });
    expect(await bank.authoriseCard({ kioskId: KIOSK, card: { ...card, keyId: 'other-key' }, pin: seedPinBlock('K1001') })).toEqual({ outcome: 'declined', reason: 'card-unreadable' });
  });
});

describe('bill payment', () => {
  it('debits the bill once, marks it paid, and answers a replay with the first answer', async () => {
    const { cardRef, accounts } = await approve('K1001');
    const before = balanceOf(accounts, 'A1001');
    const input = { kioskId: KIOSK, idempotencyKey: randomUUID(), cardRef, accountId: 'A1001', billId: 'EB-202611-0001', amount: { minor: 25_680, currency: 'CNY' as const } };
    const first = paymentResultSchema.parse(await bank.payBill(input));
    expect(first).toMatchObject({ outcome: 'approved', billId: 'EB-202611-0001', amount: { minor: 25_680 }, fee: { minor: 0 }, balanceAfter: { minor: before - 25_680 } });
    expect(balanceOf(await bank.accounts(cardRef), 'A1001')).toBe(before - 25_680);

    expect(await bank.payBill(input)).toEqual(first);
    expect(balanceOf(await bank.accounts(cardRef), 'A1001')).toBe(before - 25_680);
    await expect(bank.payBill({ ...input, billId: 'WB-202611-0001', amount: { minor: 7_840, currency: 'CNY' } })).rejects.toBeInstanceOf(IdempotencyConflictError);

    expect(await bank.payBill({ ...input, idempotencyKey: randomUUID() })).toEqual({ outcome: 'declined', reason: 'bill-already-paid' });
    expect(await bank.lookupBill({ by: 'reference', billerId: 'sgcc-sh', reference: '3100123456' })).toEqual({ outcome: 'declined', reason: 'bill-already-paid' });
  });

  it('refuses the wrong amount, a stranger\'s account and too little money, moving nothing', async () => {
    const { cardRef } = await approve('K1002');
    const base = { kioskId: KIOSK, cardRef, accountId: 'A2001', billId: 'TU-2026F-0002', amount: { minor: 500_000, currency: 'CNY' as const } };
    expect(await bank.payBill({ ...base, idempotencyKey: randomUUID(), amount: { minor: 400_000, currency: 'CNY' } })).toEqual({ outcome: 'declined', reason: 'amount-mismatch' });
    expect(await bank.payBill({ ...base, idempotencyKey: randomUUID(), accountId: 'A1001' })).toEqual({ outcome: 'declined', reason: 'unknown-account' });
    expect(await bank.payBill({ ...base, idempotencyKey: randomUUID() })).toEqual({ outcome: 'declined', reason: 'insufficient-funds' });
    expect(balanceOf(await bank.accounts(cardRef), 'A2001')).toBe(32_050);
    expect(await bank.lookupBill({ by: 'reference', billerId: 'tuition-fdu', reference: '22307110002' })).toMatchObject({ outcome: 'found' });
  });

  it('charges the biller fee and books both on the statement, newest first', async () => {
    const { cardRef, accounts } = await approve('K1001');
    const before = balanceOf(accounts, 'A1002');
    const paid = await bank.payBill({ kioskId: KIOSK, idempotencyKey: randomUUID(), cardRef, accountId: 'A1002', billId: 'TU-2026F-0001', amount: { minor: 450_000, currency: 'CNY' } });
    expect(paid).toMatchObject({ outcome: 'approved', fee: { minor: 200, currency: 'CNY' }, balanceAfter: { minor: before - 450_200 } });
    const mini = await bank.miniStatement({ cardRef, accountId: 'A1002', limit: 2 });
    if (mini.outcome !== 'ok') throw new Error('declined');
    expect(mini.entries.map((e) => [e.amount.minor, e.balanceAfter.minor])).toEqual([
      [-200, before - 450_200],
      [-450_000, before - 450_000],
    ]);
    expect(mini.truncated).toBe(true);
  });
});

describe('statements and cards', () => {
  it('lists a period oldest first in the bank\'s calendar days, and refuses another customer\'s account', async () => {
    const statement = await bank.statement({ cardRef: 'K1001', accountId: 'A1001', from: '2026-11-05', to: '2026-11-15' });
    if (statement.outcome !== 'ok') throw new Error('declined');
    expect(statement.entries.map((e) => e.description)).toEqual(['工资 / Salary', '超市 / Supermarket', '转账 / Transfer to 李娜']);
    expect(statement.truncated).toBe(false);
    expect(await bank.statement({ cardRef: 'K1001', accountId: 'A2001', from: '2026-11-01', to: '2026-11-30' })).toEqual({ outcome: 'declined', reason: 'unknown-account' });
  });

  it('lists the customer\'s cards masked, with an expired one shown as expired, and blocks one', async () => {
    expect(await bank.cards('K1003')).toEqual(
      expect.arrayContaining([{ cardId: 'K1005', maskedPan: '622202*********0058', expiry: '2511', status: 'expired' }]),
    );
    expect(await bank.changeCard({ cardRef: 'K1003', cardId: 'K1005', status: 'blocked' })).toMatchObject({ outcome: 'ok', card: { cardId: 'K1005', status: 'blocked' } });
    expect(await bank.changeCard({ cardRef: 'K1003', cardId: 'K1001', status: 'blocked' })).toEqual({ outcome: 'declined', reason: 'unknown-card' });
  });
});
