// Synced bill payments (outbox rows of type bill.payment, protocol/bill-payment-item.ts) meet the bank here, after the sync
// ingest stored them (DESIGN §5, §9):
//  - `forward` (paid offline, store-and-forward): the hub authorises the sealed card + PIN block
//    and pays through the adapter with the transaction id as idempotency key — the key the kiosk
//    would have used online, so a payment that did reach the bank is answered, never repeated.
//  - `session` (paid online): the hub looks up the answer it stored for that key. None yet is
//    waited for while the card session lives or a call holds the key (the row arrives before the
//    kiosk's call ends, or even starts). None after that means the call never reached the bank
//    (or died there): the row's `fallback` — the sealed card and PIN block the session was opened
//    with — is forwarded exactly as an offline payment, from the account the customer confirmed,
//    under the same key, so the customer's "pending" receipt comes true and the bank's own
//    idempotency on the key rules out a late second debit. A row without a fallback (a kiosk
//    older than it) is 'unconfirmed': a person must look at it.
// Declined, unconfirmed and invalid ones land on the staff follow-up list. Work is found by an
// anti-join of kiosk_transactions against banking_stored_payments, so nothing depends on a hook
// in the ingest path and a hub killed mid-way picks up where it was. Several instances may apply
// the same row at once: the idempotency store gives them one debit and one answer.
import type { Logger } from 'pino';
import { BILL_PAYMENT_TYPE, billPaymentItemSchema, fromStoredPinBlock, type BillPaymentItem, type PaymentFallback } from '../../protocol/bill-payment-item.js';
import type { AccountSummary, FollowUpState, PaymentAnswer, PaymentResult, StoredPayment, StoredPaymentStatus } from '../../protocol/core-banking.js';
import { moneySchema } from '../../protocol/money.js';
import type { Queryable } from '../storage/queryable.js';
import { toIsoString, toSafeInteger } from '../storage/row-values.js';
import type { Banking } from './banking-service.js';
import { CoreBankingUnavailableError, IdempotencyConflictError } from './core-banking-adapter.js';
import { IdempotencyInProgressError } from './idempotency-store.js';

interface Outcome {
  mode: 'online' | 'forward';
  status: StoredPaymentStatus;
  reason: string | null;
  paymentReference: string | null;
}

const fromResult = (mode: Outcome['mode'], result: PaymentResult): Outcome =>
  result.outcome === 'approved' ? { mode, status: 'approved', reason: null, paymentReference: result.reference } : { mode, status: 'declined', reason: result.reason, paymentReference: null };

export interface ApplierOptions {
  db: Queryable;
  banking: Banking;
  logger: Logger;
  /** Rows per round. */
  batch?: number;
  now?: () => number;
}

export class StoredPaymentApplier {
  private readonly batch: number;
  private readonly now: () => number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(private readonly options: ApplierOptions) {
    this.batch = options.batch ?? 50;
    this.now = options.now ?? Date.now;
  }

  /** Applies what is waiting, one round; returns how many rows it dealt with. Rounds never overlap. */
  runOnce(): Promise<number> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Runs a round every `intervalMs` until stop(); a failed round is logged and retried next time. */
  start(intervalMs = 5_000): void {
    this.stopped = false;
    const tick = () => {
      this.timer = null;
      void this.runOnce()
        .catch((error: Error) => this.options.logger.warn({ errMessage: error.message }, 'banking: stored payments round failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, intervalMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private async round(): Promise<number> {
    const { rows } = await this.options.db.query<{ kiosk_id: string; tx_id: string; payload: unknown }>(
      `SELECT t.kiosk_id, t.tx_id, t.payload FROM kiosk_transactions t
       WHERE t.type = $1 AND NOT EXISTS (SELECT 1 FROM banking_stored_payments s WHERE s.kiosk_id = t.kiosk_id AND s.tx_id = t.tx_id)
       ORDER BY t.received_at LIMIT $2`,
      [BILL_PAYMENT_TYPE, this.batch],
    );
    let done = 0;
    for (const row of rows) {
      const parsed = billPaymentItemSchema.safeParse(row.payload);
      let outcome: Outcome | null;
      try {
        outcome = parsed.success ? await this.apply(row.kiosk_id, row.tx_id, parsed.data) : { mode: 'forward', status: 'invalid', reason: 'payload does not match bill.payment', paymentReference: null };
      } catch (error) {
        // The bank is away, or another instance is applying this very row: next round.
        if (error instanceof CoreBankingUnavailableError || error instanceof IdempotencyInProgressError) continue;
        throw error;
      }
      if (!outcome) continue;
      await this.record(row.kiosk_id, row.tx_id, parsed.success ? parsed.data : null, outcome);
      done += 1;
    }
    return done;
  }

  /** The row's outcome, or null when it cannot be known yet (next round). */
  private async apply(kioskId: string, txId: string, payment: BillPaymentItem): Promise<Outcome | null> {
    const { banking } = this.options;
    const { authorisation } = payment;
    if (authorisation.kind === 'session') {
      const request = { accountId: authorisation.accountId, billId: payment.billId, amount: payment.amount };
      const answered = async (): Promise<Outcome | null> => {
        try {
          const stored = await banking.storedPayment(kioskId, txId, request);
          return stored && fromResult('online', stored);
        } catch (error) {
          if (error instanceof IdempotencyConflictError) return { mode: 'online', status: 'unconfirmed', reason: 'the bank answered a different request under this id', paymentReference: null };
          throw error;
        }
      };
      const first = await answered();
      if (first) return first;
      // No answer yet is not "never answered": the kiosk syncs the row before it makes the call,
      // and the call may be inside the bank right now (a slow bank, or a kiosk killed while it
      // waited). Recorded as unconfirmed then, a payment the bank goes on to approve would stay
      // "unconfirmed" with no reference. So: wait while the card session lives (the call may
      // still come) and while a call holds the key; the session first, because once it is over
      // no new call can start (a first payment needs a live session).
      if (await banking.sessions.isLive(kioskId, authorisation.sessionId)) return null;
      const claim = await banking.idempotency.claimOf(kioskId, txId);
      if (claim === 'running') return null;
      if (claim === 'answered') return answered();
      // 'none' (the call never reached the hub, or failed before the bank) or 'abandoned' (a hub
      // died inside the call): no new online call can come (the session is over), and whatever
      // reached the bank is the bank's own answer to this key — forwarding asks for exactly that.
      if (!authorisation.fallback) return { mode: 'online', status: 'unconfirmed', reason: 'no answer from the bank is recorded for this payment', paymentReference: null };
      this.options.logger.info({ kioskId, transactionId: txId, claim }, 'banking: online payment never answered, forwarding its fallback');
      // The account the customer confirmed on the review screen, and the very request the online
      // call would have made: the same key with a different request would be a conflict.
      return this.forward(kioskId, txId, payment, authorisation.fallback, (accounts) => accounts.find((candidate) => candidate.accountId === authorisation.accountId));
    }
    return this.forward(kioskId, txId, payment, authorisation, (accounts) => accounts.find((candidate) => candidate.available.currency === payment.amount.currency));
  }

  /** Store and forward: authorise the sealed card + PIN block, then pay under the row's key. */
  private async forward(kioskId: string, txId: string, payment: BillPaymentItem, forwardable: PaymentFallback, pick: (accounts: readonly AccountSummary[]) => AccountSummary | undefined): Promise<Outcome> {
    const { banking } = this.options;
    // Already paid under this key (a round that died before recording): the answer stands, and
    // the card is not checked again (it may have been blocked since, or a wrong PIN counted twice).
    const answered = await banking.idempotency.answerOf<PaymentResult>(kioskId, txId);
    if (answered) return fromResult('forward', answered);
    const card = await banking.adapter.authoriseCard({ kioskId, card: forwardable.card, pin: fromStoredPinBlock(forwardable.pin) });
    if (card.outcome === 'declined') return { mode: 'forward', status: 'declined', reason: card.reason, paymentReference: null };
    const account = pick(card.accounts);
    if (!account) return { mode: 'forward', status: 'declined', reason: 'unknown-account', paymentReference: null };
    try {
      const { result } = await banking.payByCardRef(kioskId, txId, card.cardRef, { accountId: account.accountId, billId: payment.billId, amount: payment.amount });
      return fromResult('forward', result);
    } catch (error) {
      if (error instanceof IdempotencyConflictError) return { mode: 'forward', status: 'unconfirmed', reason: 'the bank answered a different request under this id', paymentReference: null };
      throw error;
    }
  }

  private async record(kioskId: string, txId: string, payment: BillPaymentItem | null, outcome: Outcome): Promise<void> {
    await this.options.db.query(
      `INSERT INTO banking_stored_payments (kiosk_id, tx_id, mode, status, reason, bill_id, amount_minor, currency, masked_pan, payment_reference, applied_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (kiosk_id, tx_id) DO NOTHING`,
      [
        kioskId,
        txId,
        outcome.mode,
        outcome.status,
        outcome.reason,
        payment?.billId ?? null,
        payment?.amount.minor ?? null,
        payment?.amount.currency ?? null,
        payment?.maskedPan ?? null,
        outcome.paymentReference,
        new Date(this.now()).toISOString(),
      ],
    );
    if (outcome.status !== 'approved') this.options.logger.warn({ kioskId, transactionId: txId, mode: outcome.mode, status: outcome.status, reason: outcome.reason }, 'banking: stored payment needs a follow-up');
  }
}

interface StoredRow {
  kiosk_id: string;
  tx_id: string;
  mode: 'online' | 'forward';
  status: StoredPaymentStatus;
  reason: string | null;
  bill_id: string | null;
  amount_minor: unknown;
  currency: string | null;
  masked_pan: string | null;
  payment_reference: string | null;
  branch_id: string | null;
  stored_at: unknown;
  biller_id: string | null;
  reference: string | null;
  applied_at: unknown;
  followed_up_at: unknown;
  follow_up_note: string | null;
  followed_up_by: string | null;
  followed_up_by_name: string | null;
}

function storedPayment(row: StoredRow): StoredPayment {
  return {
    kioskId: row.kiosk_id,
    transactionId: row.tx_id,
    mode: row.mode,
    status: row.status,
    reason: row.reason,
    billId: row.bill_id,
    amount: row.amount_minor === null || row.currency === null ? null : moneySchema.parse({ minor: toSafeInteger(row.amount_minor), currency: row.currency }),
    maskedPan: row.masked_pan,
    paymentReference: row.payment_reference,
    branchId: row.branch_id,
    storedAt: row.stored_at === null ? null : toIsoString(row.stored_at),
    billerId: row.biller_id,
    // The bank's biller list is not in this database: Banking names it (banking-service.ts).
    billerName: null,
    reference: row.reference,
    appliedAt: toIsoString(row.applied_at),
    followedUpAt: row.followed_up_at === null ? null : toIsoString(row.followed_up_at),
    followUpNote: row.follow_up_note,
    followedUpBy: row.followed_up_by === null ? null : { staffId: row.followed_up_by, name: row.followed_up_by_name ?? row.followed_up_by },
  };
}

// What staff need to call the customer back, from the synced transaction itself: the kiosk's
// branch, when the customer paid (the kiosk's clock) and the biller and bill reference they
// entered. An invalid payload gives nothing from the payload: it did not parse, so its fields
// are not shown as if they were facts.
const SELECT_FOLLOW_UPS = `
  SELECT s.*, k.branch_id, t.created_at AS stored_at,
         CASE WHEN s.status <> 'invalid' THEN t.payload->>'billerId' END AS biller_id,
         CASE WHEN s.status <> 'invalid' THEN t.payload->>'reference' END AS reference
  FROM banking_stored_payments s
  LEFT JOIN kiosks k ON k.kiosk_id = s.kiosk_id
  LEFT JOIN kiosk_transactions t ON t.kiosk_id = s.kiosk_id AND t.tx_id = s.tx_id`;

const NEEDS_FOLLOW_UP = `s.status IN ('declined', 'unconfirmed', 'invalid')`;

/**
 * Declined, unconfirmed and invalid stored payments: `open` ones nobody has followed up yet,
 * oldest first (the longest-waiting customer first), or the latest `resolved` ones, newest first.
 */
export async function listFollowUps(db: Queryable, state: FollowUpState = 'open', limit = 200): Promise<StoredPayment[]> {
  const { rows } = await db.query<StoredRow>(
    state === 'open'
      ? `${SELECT_FOLLOW_UPS} WHERE ${NEEDS_FOLLOW_UP} AND s.followed_up_at IS NULL ORDER BY s.applied_at, s.kiosk_id, s.tx_id LIMIT $1`
      : `${SELECT_FOLLOW_UPS} WHERE ${NEEDS_FOLLOW_UP} AND s.followed_up_at IS NOT NULL ORDER BY s.followed_up_at DESC, s.kiosk_id, s.tx_id LIMIT $1`,
    [limit],
  );
  return rows.map(storedPayment);
}

export interface Resolver {
  staffId: string;
  name: string;
}

/** Marks one follow-up done, with who did it; null when there is no such open follow-up. */
export async function resolveFollowUp(db: Queryable, kioskId: string, txId: string, note: string, by: Resolver, at: Date): Promise<StoredPayment | null> {
  const { rows } = await db.query<{ kiosk_id: string }>(
    `UPDATE banking_stored_payments SET followed_up_at = $3, follow_up_note = $4, followed_up_by = $5, followed_up_by_name = $6
     WHERE kiosk_id = $1 AND tx_id = $2 AND status <> 'approved' AND followed_up_at IS NULL RETURNING kiosk_id`,
    [kioskId, txId, at.toISOString(), note, by.staffId, by.name],
  );
  if (rows.length === 0) return null;
  const resolved = await db.query<StoredRow>(`${SELECT_FOLLOW_UPS} WHERE s.kiosk_id = $1 AND s.tx_id = $2`, [kioskId, txId]);
  return resolved.rows[0] ? storedPayment(resolved.rows[0]) : null;
}

/** What became of these transactions of one kiosk: the bank's answer, or 'waiting' while it has none. */
export async function paymentAnswers(db: Queryable, kioskId: string, txIds: readonly string[]): Promise<PaymentAnswer[]> {
  const { rows } = await db.query<{ tx_id: string; status: StoredPaymentStatus; payment_reference: string | null; reason: string | null }>(
    `SELECT tx_id, status, payment_reference, reason FROM banking_stored_payments WHERE kiosk_id = $1 AND tx_id = ANY($2::uuid[])`,
    [kioskId, [...txIds]],
  );
  const known = new Map(rows.map((r) => [r.tx_id.toLowerCase(), r]));
  return txIds.map((id) => {
    const row = known.get(id.toLowerCase());
    // Only a decline's reason is the customer's business; why a row is unconfirmed is staff's.
    return row
      ? { transactionId: id, status: row.status, reference: row.status === 'approved' ? row.payment_reference : null, reason: row.status === 'declined' ? row.reason : null }
      : { transactionId: id, status: 'waiting', reference: null, reason: null };
  });
}
