// The seeded demo bank behind the CoreBankingAdapter interface, on tables in the hub's own
// database (migration 9, seeded by demo-seed.node.ts). It backs every money journey end to end
// in a lab; a bank replaces it with its own system (hub/banking/README.md).
import { createHash, randomUUID } from 'node:crypto';
import type { PinBlock } from '../../../protocol/card-security.js';
import type { BillLookupResult, Declined, PaymentResult, StatementResponse } from '../../../protocol/core-banking.js';
import { parseBillPayload } from '../../../protocol/core-banking.js';
import { moneyEquals } from '../../../protocol/money.js';
import type { HubSecretKey } from '../../auth/hub-secret-key.node.js';
import type { Database, Queryable } from '../../storage/queryable.js';
import { cardKeyOf } from '../card-seal.node.js';
import { loadOrCreateCardKey } from '../card-key-store.node.js';
import { CoreBankingUnavailableError, IdempotencyConflictError, type CoreBankingAdapter, type PayBillInput } from '../core-banking-adapter.js';
import { PinPadKeyStore } from '../pinpad-keys.node.js';
import { checkCardAndPin } from './demo-card-check.node.js';
import { demoCustomerSegment } from './demo-segments.node.js';
import { DEMO_CARD_KEY_ID, DEMO_PIN_KEYS } from './demo-keys.js';
import { DEMO_MARKETING_CONSENT } from './demo-seed-data.js';
import * as q from './demo-queries.js';
import { seedDemoBank, seedDemoIdentities } from './demo-seed.node.js';
import { checkIdentityAndPin } from './demo-identity-check.node.js';
import { completeDemoCardIssue, DEMO_REPLACEMENT_FEES, issueDemoCard, issueDemoFirstCard } from './demo-card-issue.node.js';
import { openDemoAccount } from './demo-account-opening.node.js';

/** The demo's single-payment limit (¥50,000.00): above it, 'limit-exceeded'. */
export const DEMO_PAYMENT_LIMIT_MINOR = 5_000_000;

export interface DemoCoreBankingOptions {
  db: Database;
  /** Seals the card-data private key at rest. */
  secretKey: HubSecretKey;
  /** Expiry checks and booking times; defaults to the system clock. */
  now?: () => number;
}

const declined = (reason: Declined['reason']): Declined => ({ outcome: 'declined', reason });

function requestHash(input: PayBillInput): string {
  const { cardRef, accountId, billId, amount } = input;
  return createHash('sha256').update(JSON.stringify([cardRef, accountId, billId, amount.minor, amount.currency])).digest('hex');
}

/** "BP-20261203-1A2B3C4D5E6F": on the receipt and in its QR code. */
const paymentReference = (paymentId: string, at: Date): string => `BP-${at.toISOString().slice(0, 10).replaceAll('-', '')}-${paymentId.replaceAll('-', '').slice(0, 12).toUpperCase()}`;

// The bank's own debit, in the caller's transaction. Declines leave no trace but the payment row.
async function debitForBill(tx: Queryable, input: PayBillInput, paymentId: string, at: Date): Promise<PaymentResult> {
  const card = await q.cardById(tx, input.cardRef);
  if (!card || card.status !== 'active') return declined('card-blocked');
  if (q.isExpired(card.expiry, at)) return declined('card-expired');
  const account = await q.accountOf(tx, card.customer_id, input.accountId);
  if (!account) return declined('unknown-account');
  const bill = await q.billById(tx, input.billId, true);
  if (!bill) return declined('unknown-bill');
  if (bill.status === 'paid') return declined('bill-already-paid');
  if (!moneyEquals(bill.amount, input.amount)) return declined('amount-mismatch');
  if (account.available.currency !== bill.amount.currency) return declined('currency-mismatch');
  if (bill.amount.minor > DEMO_PAYMENT_LIMIT_MINOR) return declined('limit-exceeded');

  const total = bill.amount.minor + bill.fee.minor;
  const debited = await tx.query<{ balance_minor: unknown }>(
    'UPDATE demo_bank_accounts SET balance_minor = balance_minor - $2 WHERE account_id = $1 AND balance_minor >= $2 RETURNING balance_minor',
    [account.accountId, total],
  );
  const after = debited.rows[0];
  if (!after) return declined('insufficient-funds');
  const balanceAfter = Number(after.balance_minor);
  await tx.query("UPDATE demo_bank_bills SET status = 'paid', paid_by = $2 WHERE bill_id = $1", [bill.billId, paymentId]);
  const reference = paymentReference(paymentId, at);
  const bookings: Array<[number, string]> = [[-bill.amount.minor, `缴费 / Bill payment ${bill.billerId} ${bill.reference} ${reference}`]];
  if (bill.fee.minor > 0) bookings.push([-bill.fee.minor, `手续费 / Fee ${reference}`]);
  let running = balanceAfter + total;
  for (const [amount, description] of bookings) {
    running += amount;
    await tx.query('INSERT INTO demo_bank_ledger (account_id, amount_minor, balance_after_minor, description, booked_at, payment_id) VALUES ($1, $2, $3, $4, $5, $6)', [
      account.accountId,
      amount,
      running,
      description,
      at.toISOString(),
      paymentId,
    ]);
  }
  return {
    outcome: 'approved',
    paymentId,
    reference,
    billId: bill.billId,
    amount: bill.amount,
    fee: bill.fee,
    balanceAfter: { minor: balanceAfter, currency: account.available.currency },
    approvedAt: at.toISOString(),
  };
}

export async function createDemoCoreBanking({ db, secretKey, now = Date.now }: DemoCoreBankingOptions): Promise<CoreBankingAdapter> {
  await seedDemoBank(db);
  await seedDemoIdentities(db);
  const cardKey = await loadOrCreateCardKey(db, secretKey, DEMO_CARD_KEY_ID);
  const pinKeys = new PinPadKeyStore(db, secretKey);

  // A database that fails is the bank being unreachable, as far as the kiosk is concerned.
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof IdempotencyConflictError) throw error;
      throw new CoreBankingUnavailableError('the demo bank could not answer', { cause: error });
    }
  };

  const cardHolder = async (cardRef: string) => {
    const card = await q.cardById(db, cardRef);
    return card && card.status === 'active' && !q.isExpired(card.expiry, new Date(now())) ? card : null;
  };

  // The shared demo keys stay valid from every kiosk (published: they protect demo data only,
  // and a pad that has not loaded its own key this run still uses them); any other key id must
  // be a key issued to this kiosk.
  const pinKeyOf = (kioskId: string) => async (block: PinBlock) => (DEMO_PIN_KEYS.some((k) => k.keyId === block.keyId) ? ('shared-demo' as const) : pinKeys.keyFor(kioskId, block.keyId));

  const approval = async (card: q.CardRow) => {
    const customer = await db.query<{ display_name: string }>('SELECT display_name FROM demo_bank_customers WHERE customer_id = $1', [card.customer_id]);
    return {
      outcome: 'approved' as const,
      cardRef: card.card_id,
      maskedPan: card.masked_pan,
      customer: { customerId: card.customer_id, displayName: customer.rows[0]?.display_name ?? card.customer_id },
      accounts: await q.accountsOf(db, card.customer_id),
    };
  };

  async function statementFor(cardRef: string, accountId: string, read: (account: NonNullable<Awaited<ReturnType<typeof q.accountOf>>>) => ReturnType<typeof q.latestEntries>): Promise<StatementResponse> {
    const card = await cardHolder(cardRef);
    if (!card) return declined('card-blocked');
    const account = await q.accountOf(db, card.customer_id, accountId);
    if (!account) return declined('unknown-account');
    return { outcome: 'ok', account, ...(await read(account)) };
  }

  return {
    name: 'demo',
    cardKey: async () => cardKeyOf(cardKey),
    customerSegment: (card) => guarded(() => demoCustomerSegment(db, cardKey, card)),
    listBillers: () => guarded(() => q.listBillers(db)),

    lookupBill: (lookup) =>
      guarded(async (): Promise<BillLookupResult> => {
        if (lookup.by === 'reference') {
          const bills = await q.billsByReference(db, lookup.billerId, lookup.reference);
          const first = bills[0];
          if (!first) return declined('unknown-bill');
          return first.status === 'open' ? { outcome: 'found', bill: first } : declined('bill-already-paid');
        }
        const payload = parseBillPayload(lookup.payload);
        if (!payload) return declined('unknown-bill');
        const bill = await q.billById(db, payload.billId);
        if (!bill || bill.billerId !== payload.billerId || bill.reference !== payload.reference) return declined('unknown-bill');
        if (bill.status === 'paid') return declined('bill-already-paid');
        if (!moneyEquals(bill.amount, payload.amount)) return declined('amount-mismatch');
        return { outcome: 'found', bill };
      }),

    authoriseCard: ({ kioskId, card, pin }) =>
      guarded(async () => {
        const checked = await checkCardAndPin(db, cardKey, card, pin, new Date(now()), pinKeyOf(kioskId));
        return checked.ok ? approval(checked.card) : checked.declined;
      }),

    authoriseIdentity: ({ kioskId, identity, pin, binding }) =>
      guarded(async () => {
        const checked = await checkIdentityAndPin(db, cardKey, identity, pin, binding, new Date(now()), pinKeyOf(kioskId));
        return checked.ok ? approval(checked.card) : checked.declined;
      }),

    accounts: (cardRef) =>
      guarded(async () => {
        const card = await cardHolder(cardRef);
        return card ? q.accountsOf(db, card.customer_id) : declined('card-blocked');
      }),

    miniStatement: ({ cardRef, accountId, limit }) => guarded(() => statementFor(cardRef, accountId, (account) => q.latestEntries(db, account, limit))),
    statement: ({ cardRef, accountId, from, to }) => guarded(() => statementFor(cardRef, accountId, (account) => q.entriesBetween(db, account, from, to, 500))),

    payBill: (input) =>
      guarded(() =>
        db.transaction(async (tx): Promise<PaymentResult> => {
          const hash = requestHash(input);
          const paymentId = randomUUID();
          const at = new Date(now());
          // Claimed first: a concurrent call with the same key waits here on the unique key
          // (PostgreSQL) until this one commits, then reads its answer below.
          const claimed = await tx.query(
            `INSERT INTO demo_bank_payments (payment_id, kiosk_id, idem_key, request_hash, result, created_at)
             VALUES ($1, $2, $3, $4, '{}'::jsonb, $5) ON CONFLICT (kiosk_id, idem_key) DO NOTHING RETURNING payment_id`,
            [paymentId, input.kioskId, input.idempotencyKey, hash, at.toISOString()],
          );
          if (claimed.rows.length === 0) {
            const { rows } = await tx.query<{ request_hash: string; result: PaymentResult }>('SELECT request_hash, result FROM demo_bank_payments WHERE kiosk_id = $1 AND idem_key = $2', [
              input.kioskId,
              input.idempotencyKey,
            ]);
            const first = rows[0];
            if (!first) throw new Error('demo bank: payment row vanished');
            if (first.request_hash !== hash) throw new IdempotencyConflictError(input.idempotencyKey);
            return first.result;
          }
          const result = await debitForBill(tx, input, paymentId, at);
          await tx.query('UPDATE demo_bank_payments SET result = $2 WHERE payment_id = $1', [paymentId, JSON.stringify(result)]);
          return result;
        }),
      ),

    marketingConsent: (cardRef) =>
      guarded(async () => {
        const card = await q.cardById(db, cardRef);
        return card !== null && DEMO_MARKETING_CONSENT.has(card.customer_id);
      }),

    cards: (cardRef) =>
      guarded(async () => {
        const card = await q.cardById(db, cardRef);
        if (!card) return declined('unknown-card');
        // A card never taken (voided) is nobody's business any more.
        const { rows } = await db.query<q.CardRow>("SELECT card_id, customer_id, masked_pan, expiry, service_code, status, pvv, wrong_pin_count FROM demo_bank_cards WHERE customer_id = $1 AND status <> 'voided' ORDER BY card_id", [card.customer_id]);
        const at = new Date(now());
        return rows.map((row) => q.cardSummary(row, at));
      }),

    replacementFees: async () => DEMO_REPLACEMENT_FEES,
    issueCard: (input) => guarded(() => issueDemoCard(db, cardKey, input, new Date(now()), pinKeyOf(input.kioskId))),
    completeCardIssue: (input) => guarded(() => completeDemoCardIssue(db, input, new Date(now()))),
    issueFirstCard: (input) => guarded(() => issueDemoFirstCard(db, cardKey, input, new Date(now()), pinKeyOf(input.kioskId))),
    openAccount: (input) => guarded(() => openDemoAccount(db, input, new Date(now()))),

    changeCard: ({ cardRef, cardId, status }) =>
      guarded(async () => {
        const holder = await q.cardById(db, cardRef);
        if (!holder) return declined('unknown-card');
        const { rows } = await db.query<q.CardRow>(
          `UPDATE demo_bank_cards SET status = $3 WHERE card_id = $1 AND customer_id = $2
           RETURNING card_id, customer_id, masked_pan, expiry, service_code, status, pvv, wrong_pin_count`,
          [cardId, holder.customer_id, status],
        );
        const row = rows[0];
        return row ? { outcome: 'ok' as const, card: q.cardSummary(row, new Date(now())) } : declined('unknown-card');
      }),
  };
}
