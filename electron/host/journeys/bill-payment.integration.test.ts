// The bill-payment journey end to end against a real hub with the demo bank: the kiosk's signed
// banking client, the outbox as the payment book (the row id is the idempotency key), and a
// card port that presents a demo card sealed to the hub's key with its PIN block — what the
// device worker will do with the real card reader and PIN pad. Also the hub lost in the middle
// of the payment for longer than the card session: the receipt says "pending", and sync makes
// that true (the row's fallback, forwarded by the hub), once.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { enrollLocalKiosk } from '../../../hub/auth/enroll-local.node.js';
import { createDemoCoreBanking } from '../../../hub/banking/demo/demo-core-banking.node.js';
import { startHub, type RunningHub } from '../../../hub/start-hub.node.js';
import type { Database } from '../../../hub/storage/queryable.js';
import { TEST_TOKENS } from '../../../hub/testing/kiosk-auth.js';
import { sealedSeedCard, seedPinBlock } from '../../../hub/testing/banking.node.js';
import { billPaymentItemSchema, fromStoredPinBlock } from '../../../protocol/bill-payment-item.js';
import type { CardKey } from '../../../protocol/card-security.js';
import { formatBillPayload, type PaymentResult } from '../../../protocol/core-banking.js';
import type { KioskCredentials } from '../../../protocol/kiosk-auth.js';
import { HubBankClient } from '../banking/hub-bank-client.node.js';
import { FieldCipher, fieldKey } from '../field-crypto.node.js';
import { hubSender } from '../hub-send.node.js';
import { openLocalStore } from '../local-store.node.js';
import { silentLogger } from '../log.node.js';
import { outboxConfigSchema } from '../outbox-config.js';
import { Outbox } from '../outbox.node.js';
import { signRequest } from '../request-signer.js';
import { SyncEngine } from '../sync-engine.node.js';
import { BillPaymentJourney } from './bill-payment-machine.js';
import { HubUnreachableError, type BankPort, type CardPort } from './bill-payment-ports.js';
import { outboxPaymentBook } from './outbox-payment-book.node.js';

let hub: RunningHub;
let bank: HubBankClient;
let cardKey: CardKey;
let credentials: KioskCredentials;
/** The hub's own database: what the bank and the hub recorded. */
let hubDb: Database;
const KIOSK = 'KBP1';

beforeAll(async () => {
  hub = await startHub({
    port: 0,
    host: '127.0.0.1',
    dataDir: 'memory://',
    auth: { tokens: TEST_TOKENS },
    coreBanking: async (context) => {
      hubDb = context.db;
      return createDemoCoreBanking({ db: context.db, secretKey: context.secretKey });
    },
  });
  credentials = await enrollLocalKiosk(hub, KIOSK);
  const send = hubSender({ hubUrl: hub.url, sign: async (method, url, body) => ({ ...signRequest({ method, url, body, credentials }) }) });
  bank = new HubBankClient(KIOSK, send);
  cardKey = await bank.cardKey();
}, 60_000);
afterAll(async () => {
  await hub?.close();
});

async function kioskOutbox() {
  const db = await openLocalStore(mkdtempSync(path.join(os.tmpdir(), 'bk-billpay-')));
  const key = fieldKey(randomBytes(32));
  const sensitive = outboxConfigSchema.parse({}).sensitiveFields;
  const outbox = new Outbox(db, { cipher: new FieldCipher({ current: async () => key, byId: async (kid) => (kid === key.kid ? key.key : null) }), sensitiveFields: (t) => sensitive[t] ?? [] });
  return { db, outbox };
}

// The demo card K1001 (PIN 123456) as the device worker would present it.
function demoCard(pin?: string): CardPort & { released: number } {
  const port = {
    released: 0,
    presentCard: async () => ({ kind: 'card' as const, sealed: sealedSeedCard(cardKey, 'K1001') }),
    readPin: async (onDigits: (n: number) => void) => {
      for (let i = 1; i <= 6; i++) onDigits(i);
      return seedPinBlock('K1001', 4, pin);
    },
    release: async () => void (port.released += 1),
  };
  return port;
}

function journeyWith(card: CardPort, outbox: Outbox, bankPort: BankPort = bank) {
  const printed: unknown[] = [];
  const journey = new BillPaymentJourney({
    bank: bankPort,
    card,
    book: outboxPaymentBook(outbox, silentLogger()),
    receipt: { printPayment: async (r) => (printed.push(r), true) },
    offline: { mayPayOffline: async () => false },
    log: { info: () => undefined, debug: () => undefined, warn: () => undefined },
    onChange: () => undefined,
  });
  return { journey, printed };
}

describe('bill payment against the demo bank', () => {
  it('scans a bill, pays it with card + PIN once, and a replay of the outbox key is answered, not paid again', async () => {
    const { db, outbox } = await kioskOutbox();
    const card = demoCard();
    const { journey, printed } = journeyWith(card, outbox);
    journey.start();
    await journey.findBill({ by: 'payload', payload: formatBillPayload({ billerId: 'water-sh', reference: '20456789', billId: 'WB-202611-0001', amount: { minor: 7_840, currency: 'CNY' } }) });
    expect(journey.state).toMatchObject({ phase: 'bill-shown', bill: { billId: 'WB-202611-0001', payeeName: '张*' }, billerName: { en: expect.any(String) } });
    await journey.payWithCard();
    const review = journey.state;
    expect(review).toMatchObject({ phase: 'review', offline: false, total: { minor: 7_840, currency: 'CNY' } });
    const before = review.phase === 'review' ? review.account?.available?.minor ?? 0 : 0;
    await journey.confirm();
    const result = journey.state;
    expect(result).toMatchObject({ phase: 'result', outcome: 'approved', receipt: 'printed', reference: expect.stringMatching(/^[A-Z0-9-]{6,40}$/) });
    expect(printed).toHaveLength(1);

    // The outbox row: the session authorisation, encrypted at rest; its id is the key the hub saw.
    const [row] = await outbox.pending(10);
    const item = billPaymentItemSchema.parse(row?.payload);
    expect(item.authorisation.kind).toBe('session');
    const stored = await db.get<{ payload: string }>('SELECT payload FROM outbox WHERE id = ?', [row?.id ?? '']);
    expect(stored?.payload).not.toContain(item.authorisation.kind === 'session' ? item.authorisation.sessionId : 'x');

    // What sync would do later: the same key again is the first answer, never a second debit.
    const session = item.authorisation.kind === 'session' ? item.authorisation : null;
    const again: PaymentResult = await bank.payBill({ idempotencyKey: row!.id, sessionId: session!.sessionId, accountId: session!.accountId, billId: item.billId, amount: item.amount });
    expect(again).toMatchObject({ outcome: 'approved', reference: result.phase === 'result' ? result.reference : '' });
    if (again.outcome === 'approved') expect(again.balanceAfter.minor).toBe(before - 7_840);

    await journey.finish();
    expect(card.released).toBe(1);
    // The same bill cannot be paid twice with a new key: the bank says it is paid.
    journey.start();
    await journey.findBill({ by: 'reference', billerId: 'water-sh', reference: '20456789' });
    expect(journey.state).toEqual({ phase: 'bill-entry', problem: 'bill-already-paid' });
    await db.close();
  });

  it('a wrong PIN is asked again with the tries left, and nothing is booked', async () => {
    const { db, outbox } = await kioskOutbox();
    let tries = 0;
    const card = demoCard();
    const wrongThenRight: CardPort = { ...card, readPin: async (onDigits, signal) => (tries++ === 0 ? seedPinBlock('K1001', 4, '000000') : card.readPin(onDigits, signal)) };
    const { journey } = journeyWith(wrongThenRight, outbox);
    journey.start();
    await journey.findBill({ by: 'reference', billerId: 'cmcc', reference: '13800138000' });
    await journey.payWithCard();
    expect(tries).toBe(2);
    expect(journey.state).toMatchObject({ phase: 'review' });
    expect(await outbox.pending(10)).toEqual([]);
    await journey.cancel();
    expect(journey.state).toEqual({ phase: 'stopped', reason: 'customer' });
    await db.close();
  });

  it('the hub lost during the payment for longer than the card session: the receipt says pending, and sync pays it once with the bank\'s reference', async () => {
    const { db, outbox } = await kioskOutbox();
    // The hub goes away the moment the payment call is made: that call never reaches it, nor
    // does anything else (the session end, sync) until it is back.
    let hubAway = false;
    const unreachable = () => new HubUnreachableError('connect ECONNREFUSED (hub away)');
    const kioskBank: BankPort = {
      lookupBill: (lookup) => bank.lookupBill(lookup),
      billerName: (billerId) => bank.billerName(billerId),
      authorise: (card, pin) => bank.authorise(card, pin),
      payBill: async () => {
        hubAway = true;
        throw unreachable();
      },
      endSession: async (sessionId) => {
        if (hubAway) throw unreachable();
        return bank.endSession(sessionId);
      },
    };
    const sync = new SyncEngine({
      hubUrl: hub.url,
      kioskId: KIOSK,
      branchId: 'B-BP',
      version: 'test',
      outbox,
      log: silentLogger(),
      intervalMs: 60_000,
      sign: async (method, url, body) => ({ ...signRequest({ method, url, body, credentials }) }),
      fetchImpl: (input, init) => (hubAway ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init)),
      onStatus: () => undefined,
    });
    const hubRows = async <T>(sql: string, params: unknown[]) => (await hubDb.query<T & Record<string, unknown>>(sql, params)).rows;
    const balance = async () => Number((await hubRows<{ balance_minor: unknown }>('SELECT balance_minor FROM demo_bank_accounts WHERE account_id = $1', ['A1001']))[0]?.balance_minor);

    const card = demoCard();
    const { journey, printed } = journeyWith(card, outbox, kioskBank);
    journey.start();
    await journey.findBill({ by: 'reference', billerId: 'cmcc', reference: '13800138000' });
    await journey.payWithCard();
    expect(journey.state).toMatchObject({ phase: 'review', offline: false, account: { accountId: 'A1001' }, total: { minor: 10_000, currency: 'CNY' } });
    const before = await balance();
    await journey.confirm();
    expect(journey.state).toMatchObject({ phase: 'result', outcome: 'pending', receipt: 'printed' });
    expect(printed).toEqual([expect.objectContaining({ pending: true, reference: null })]);
    await journey.finish();
    expect(card.released).toBe(1);
    const [row] = await outbox.pending(10);
    if (!row) throw new Error('the payment was not booked');
    const item = billPaymentItemSchema.parse(row.payload);
    if (item.authorisation.kind !== 'session') throw new Error('booked as offline');
    expect(item.authorisation.fallback?.card.masked).toBe(item.maskedPan);
    // Sync cannot reach the hub either: the row waits on the kiosk.
    await sync.runNow();
    expect((await outbox.pending(10)).map((r) => r.id)).toEqual([row.id]);
    // Nothing reached the bank, and its session was not ended by the kiosk (the hub was away).
    expect(await hubRows('SELECT 1 FROM demo_bank_payments WHERE idem_key = $1', [row.id])).toEqual([]);
    const { sessionId } = item.authorisation;
    expect(await hubRows('SELECT ended_at FROM banking_card_sessions WHERE session_id = $1', [sessionId])).toEqual([{ ended_at: null }]);

    // The outage outlasts the card session (3 min idle): it runs out at the hub meanwhile.
    await hubDb.query("UPDATE banking_card_sessions SET expires_at = now() - interval '1 second' WHERE session_id = $1", [sessionId]);
    hubAway = false;
    await sync.runNow();
    expect(await outbox.pending(10)).toEqual([]);
    // The hub's own stored-payment round (every 5 s) forwards the row with its fallback.
    await vi.waitFor(async () => expect(await hubRows('SELECT 1 FROM banking_stored_payments WHERE tx_id = $1', [row.id])).toHaveLength(1), { timeout: 20_000, interval: 200 });

    const payments = await hubRows<{ payment_id: string; result: PaymentResult }>('SELECT payment_id, result FROM demo_bank_payments WHERE kiosk_id = $1 AND idem_key = $2', [KIOSK, row.id]);
    expect(payments.map((p) => p.result.outcome)).toEqual(['approved']);
    const paid = payments[0]!;
    const reference = paid.result.outcome === 'approved' ? paid.result.reference : '';
    expect(await hubRows('SELECT status, payment_reference FROM banking_stored_payments WHERE kiosk_id = $1 AND tx_id = $2', [KIOSK, row.id])).toEqual([{ status: 'approved', payment_reference: reference }]);
    expect(await hubRows('SELECT amount_minor FROM demo_bank_ledger WHERE payment_id = $1', [paid.payment_id])).toHaveLength(1);
    expect(await hubRows('SELECT status, paid_by FROM demo_bank_bills WHERE bill_id = $1', ['PB-202611-0001'])).toEqual([{ status: 'paid', paid_by: paid.payment_id }]);
    expect(await balance()).toBe(before - 10_000);

    // The kiosk's own call, replayed late under the same key, is that answer — not a debit.
    const replay = await bank.payBill({ idempotencyKey: row.id, sessionId, accountId: item.authorisation.accountId, billId: item.billId, amount: item.amount });
    expect(replay).toEqual(paid.result);
    expect(await balance()).toBe(before - 10_000);
    await sync.stop();
    await db.close();
  }, 60_000);

  it('the forwarded PIN block survives the outbox byte for byte', () => {
    const pin = seedPinBlock('K1001');
    const item = billPaymentItemSchema.parse({
      billId: 'PB-202611-0002',
      billerId: 'cmcc',
      reference: '13912345678',
      amount: { minor: 5_800, currency: 'CNY' },
      fee: { minor: 0, currency: 'CNY' },
      maskedPan: '622202*********0017',
      authorisation: { kind: 'forward', card: sealedSeedCard(cardKey, 'K1001'), pin: { format: 4, keyId: pin.keyId, block64: Buffer.from(pin.block, 'hex').toString('base64url') } },
    });
    expect(item.authorisation.kind === 'forward' && fromStoredPinBlock(item.authorisation.pin)).toEqual(pin);
  });
});
