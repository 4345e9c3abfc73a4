// What the kiosk-facing banking routes call: the registered CoreBankingAdapter behind the
// hub's own guarantees — card sessions bound to a kiosk, idempotent payments, per-kiosk rate
// limits, and every adapter answer checked against the protocol before a kiosk sees it.
import type { Logger } from 'pino';
import type { CardKey, PinBlock, SealedCard, SealedIdentity } from '../../protocol/card-security.js';
import { cardKeySchema } from '../../protocol/card-security.js';
import {
  accountSummarySchema,
  billerSchema,
  billLookupResultSchema,
  declinedSchema,
  paymentResultSchema,
  statementResponseSchema,
  type AccountsResponse,
  type BillLookup,
  type BillLookupResult,
  type Biller,
  type CardAuthorisationResponse,
  type MiniStatementRequest,
  type PayBillRequest,
  type PaymentAnswer,
  type PaymentResult,
  type StatementRequest,
  type StatementResponse,
  type FollowUpState,
  type IdChallenge,
  type LocalisedText,
  type StoredPayment,
} from '../../protocol/core-banking.js';
import { TokenBucket, type BucketOptions } from '../assist/token-bucket.js';
import type { Queryable } from '../storage/queryable.js';
import { CardSessionStore, type CardSessionOptions, type OpenSession } from './card-sessions.js';
import type { CardApproval, CoreBankingAdapter } from './core-banking-adapter.js';
import { IdChallengeStore } from './id-challenges.js';
import { CardReplacement, type OpenedAccountLookup } from './card-replacement-service.js';
import { AccountOpening } from './account-opening-service.js';
import type { HubSecretKey } from '../auth/hub-secret-key.node.js';
import { AdapterContractError, checked, sessionExpired } from './adapter-answers.js';

export { AdapterContractError };
import { IdempotencyStore, type IdempotencyOptions } from './idempotency-store.js';
import { listFollowUps, paymentAnswers, resolveFollowUp, StoredPaymentApplier, type Resolver } from './stored-payments.js';
import type { PinKeyLoadedResponse, PinKeyResponse } from '../../protocol/pin-keys.js';
import { PinPadKeyError, type PinPadKeyStore } from './pinpad-keys.node.js';

export type RateKind = 'authorise' | 'lookup' | 'read' | 'pay';

/** Per kiosk. A person at a kiosk does a few of each per minute; a script does hundreds. */
/** How long the follow-up list reuses the bank's biller names. */
const BILLER_NAMES_TTL_MS = 5 * 60_000;

export const DEFAULT_RATES: Record<RateKind, BucketOptions> = {
  authorise: { capacity: 10, refillPerSec: 1 / 6 },
  lookup: { capacity: 30, refillPerSec: 1 },
  read: { capacity: 60, refillPerSec: 2 },
  pay: { capacity: 20, refillPerSec: 1 / 3 },
};

const PAY_OPERATION = 'bill.pay';

export interface BankingOptions {
  db: Queryable;
  adapter: CoreBankingAdapter;
  logger: Logger;
  idempotency?: IdempotencyOptions;
  sessions?: CardSessionOptions;
  rates?: Partial<Record<RateKind, BucketOptions>>;
  now?: () => number;
  /**
   * Per-kiosk PIN pad keys (pinpad-keys.node.ts); without them a kiosk asking for a key is
   * told 'not-managed' and its pad keeps what it has. `ceremony`: the TMK components of a kiosk
   * that has none yet (the demo's simulated key ceremony; a bank enrolls its pads itself).
   */
  pinKeys?: { store: PinPadKeyStore; ceremony?: (kioskId: string) => Buffer[] };
  /** Accounts opened at kiosks (account opening), for a first debit card; without it none is offered. */
  openedAccounts?: OpenedAccountLookup;
  /** Seals account applications' personal data at rest; without it the hub takes no applications. */
  secretKey?: HubSecretKey;
}

export class Banking {
  private readonly pinKeys: BankingOptions['pinKeys'];
  readonly adapter: CoreBankingAdapter;
  readonly idempotency: IdempotencyStore;
  readonly sessions: CardSessionStore;
  private readonly idChallenges: IdChallengeStore;
  /** Card replacement at the kiosk (issue 11). */
  readonly cardReplacement: CardReplacement;
  /** Account opening at the kiosk (issue 11): null without a secret key to seal applications with. */
  readonly accountOpening: AccountOpening | null;
  /** Applies synced bill.payment transactions (start() it; close() stops it). */
  readonly storedPayments: StoredPaymentApplier;
  private readonly db: Queryable;
  private readonly logger: Logger;
  private readonly rates: Record<RateKind, BucketOptions>;
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly clock: { now: () => number };
  private billerNameCache: { at: number; names: Map<string, LocalisedText> } | null = null;

  constructor(options: BankingOptions) {
    const now = options.now ?? Date.now;
    this.adapter = options.adapter;
    this.logger = options.logger;
    this.clock = { now };
    this.idempotency = new IdempotencyStore(options.db, { now, ...options.idempotency });
    this.sessions = new CardSessionStore(options.db, { now, ...options.sessions });
    this.idChallenges = new IdChallengeStore(options.db, now);
    this.accountOpening = options.secretKey ? new AccountOpening({ db: options.db, adapter: this.adapter, secretKey: options.secretKey, logger: this.logger, now }) : null;
    // A first debit card needs the account an application opened (account opening) as its authority.
    const openedAccounts = options.openedAccounts ?? this.accountOpening ?? undefined;
    this.cardReplacement = new CardReplacement({ adapter: this.adapter, sessions: this.sessions, idempotency: this.idempotency, logger: this.logger, ...(openedAccounts ? { openedAccounts } : {}) });
    this.rates = { ...DEFAULT_RATES, ...options.rates };
    this.db = options.db;
    this.pinKeys = options.pinKeys;
    this.storedPayments = new StoredPaymentApplier({ db: options.db, banking: this, logger: options.logger, now });
  }

  /** False when this kiosk has used up its allowance of `kind` for now. */
  allow(kioskId: string, kind: RateKind): boolean {
    const key = `${kind}\u0000${kioskId}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      // Forget idle kiosks before the map grows without bound.
      if (this.buckets.size > 10_000) for (const [k, b] of this.buckets) if (b.isFull()) this.buckets.delete(k);
      bucket = new TokenBucket(this.rates[kind], this.clock);
      this.buckets.set(key, bucket);
    }
    return bucket.take();
  }

  /** A new PIN working key for this kiosk's pad, as a key block under its TMK (rotation: every call is a new key). */
  async issuePinKey(kioskId: string): Promise<PinKeyResponse> {
    if (!this.pinKeys) return { outcome: 'unavailable', reason: 'not-managed' };
    const { store, ceremony } = this.pinKeys;
    if (!(await store.hasMasterKey(kioskId))) {
      if (!ceremony) return { outcome: 'unavailable', reason: 'no-master-key' };
      const components = ceremony(kioskId);
      const { kcv } = await store.enrollMasterKey(kioskId, components);
      components.forEach((c) => c.fill(0));
      this.logger.info({ kioskId, tmkKcv: kcv }, 'banking: PIN pad master key enrolled (simulated key ceremony)');
    }
    const issued = await store.issueWorkingKey(kioskId);
    this.logger.info({ kioskId, keyId: issued.keyId, kcv: issued.kcv }, 'banking: PIN working key issued');
    return { outcome: 'issued', ...issued };
  }

  /** The pad loaded `keyId` and computed `kcv`: it becomes the kiosk's key; the older ones are retired. */
  async confirmPinKey(kioskId: string, keyId: string, kcv: string): Promise<PinKeyLoadedResponse> {
    if (!this.pinKeys) return { confirmed: false, reason: 'not-managed' };
    try {
      await this.pinKeys.store.confirmLoaded(kioskId, keyId, kcv);
    } catch (error) {
      if (!(error instanceof PinPadKeyError) || (error.code !== 'UNKNOWN_KEY' && error.code !== 'KCV_MISMATCH')) throw error;
      this.logger.warn({ kioskId, keyId, kcv, code: error.code }, 'banking: PIN working key not confirmed');
      return { confirmed: false, reason: error.code === 'UNKNOWN_KEY' ? 'unknown-key' : 'kcv-mismatch' };
    }
    this.logger.info({ kioskId, keyId, kcv }, 'banking: PIN working key loaded by the pad');
    return { confirmed: true };
  }

  async cardKey(): Promise<CardKey> {
    return checked(cardKeySchema, await this.adapter.cardKey(), 'the card key');
  }

  async billers(): Promise<Biller[]> {
    return (await this.adapter.listBillers()).map((biller) => checked(billerSchema, biller, 'a biller'));
  }

  async lookupBill(kioskId: string, lookup: BillLookup): Promise<BillLookupResult> {
    const result = checked(billLookupResultSchema, await this.adapter.lookupBill(lookup), 'a bill lookup');
    this.logger.info({ kioskId, by: lookup.by, outcome: result.outcome, ...(result.outcome === 'declined' ? { reason: result.reason } : {}) }, 'banking: bill lookup');
    return result;
  }

  async authorise(kioskId: string, card: SealedCard, pin: PinBlock): Promise<CardAuthorisationResponse> {
    const answer = await this.adapter.authoriseCard({ kioskId, card, pin });
    if (answer.outcome === 'declined') {
      const declined = checked(declinedSchema, answer, 'a card decline');
      this.logger.info({ kioskId, entry: card.entry, outcome: 'declined', reason: declined.reason }, 'banking: card authorisation');
      return declined;
    }
    return this.openSession(kioskId, answer, card.entry);
  }

  private async openSession(kioskId: string, answer: CardApproval, by: string): Promise<CardAuthorisationResponse> {
    const session = await this.sessions.open(kioskId, answer.cardRef, answer.maskedPan);
    this.logger.info({ kioskId, entry: by, outcome: 'approved' }, 'banking: card authorisation');
    return {
      outcome: 'approved',
      session: {
        sessionId: session.sessionId,
        expiresAt: session.expiresAt,
        maskedPan: answer.maskedPan,
        customer: answer.customer,
        accounts: answer.accounts.map((account) => checked(accountSummarySchema, account, 'an account')),
      },
    };
  }

  /** A one-time binding for the PIN block of an ID-card sign-in (one per try). */
  identityChallenge(kioskId: string): Promise<IdChallenge> {
    return this.idChallenges.issue(kioskId);
  }

  /**
   * China ID card + the PIN of the holder's debit card, bound to a challenge this kiosk took out:
   * approved, it opens the same card session a card sign-in would (for balances and statements).
   */
  async authoriseIdentity(kioskId: string, identity: SealedIdentity, challengeId: string, pin: PinBlock): Promise<CardAuthorisationResponse> {
    const binding = await this.idChallenges.take(kioskId, challengeId);
    // Used, lapsed, or another kiosk's: the kiosk asks for a new one and the customer types again.
    if (!binding) return sessionExpired;
    const answer = this.adapter.authoriseIdentity ? await this.adapter.authoriseIdentity({ kioskId, identity, pin, binding }) : ({ outcome: 'declined', reason: 'unknown-customer' } as const);
    if (answer.outcome === 'declined') {
      const declined = checked(declinedSchema, answer, 'an ID decline');
      this.logger.info({ kioskId, by: 'id-card', outcome: 'declined', reason: declined.reason }, 'banking: card authorisation');
      return declined;
    }
    return this.openSession(kioskId, answer, 'id-card');
  }

  async accounts(kioskId: string, sessionId: string): Promise<AccountsResponse> {
    const session = await this.sessions.use(kioskId, sessionId);
    if (!session) return sessionExpired;
    const answer = await this.adapter.accounts(session.cardRef);
    if (!Array.isArray(answer)) return checked(declinedSchema, answer, 'an accounts decline');
    return { outcome: 'ok', accounts: answer.map((account) => checked(accountSummarySchema, account, 'an account')) };
  }

  async miniStatement(request: MiniStatementRequest): Promise<StatementResponse> {
    const session = await this.sessions.use(request.kioskId, request.sessionId);
    if (!session) return sessionExpired;
    return checked(statementResponseSchema, await this.adapter.miniStatement({ cardRef: session.cardRef, accountId: request.accountId, limit: request.limit }), 'a mini-statement');
  }

  async statement(request: StatementRequest): Promise<StatementResponse> {
    const session = await this.sessions.use(request.kioskId, request.sessionId);
    if (!session) return sessionExpired;
    return checked(statementResponseSchema, await this.adapter.statement({ cardRef: session.cardRef, accountId: request.accountId, from: request.from, to: request.to }), 'a statement');
  }

  /**
   * Idempotent on (kiosk, idempotencyKey). A replay is answered from the store even after the
   * card session ended; a first call needs a live session (no money moves without one, so
   * 'session-expired' is not stored and the same key may be used again after re-authorising).
   */
  async payBill(request: PayBillRequest): Promise<{ result: PaymentResult; replayed: boolean }> {
    const { kioskId, idempotencyKey: key, sessionId, ...rest } = request;
    // The session is not part of the request's identity: a retry after re-authorising is the same payment.
    const call = { kioskId, key, operation: PAY_OPERATION, request: { accountId: rest.accountId, billId: rest.billId, amount: rest.amount } };
    const session: OpenSession | null = await this.sessions.use(kioskId, sessionId);
    if (!session) {
      const stored = await this.idempotency.peek<PaymentResult>(call);
      return stored ? { result: stored, replayed: true } : { result: sessionExpired, replayed: false };
    }
    return this.payByCardRef(kioskId, key, session.cardRef, rest);
  }

  /** The idempotent payment itself, for a card the bank already verified (online session, or a forwarded stored payment). */
  async payByCardRef(kioskId: string, key: string, cardRef: string, payment: Pick<PayBillRequest, 'accountId' | 'billId' | 'amount'>): Promise<{ result: PaymentResult; replayed: boolean }> {
    const request = { accountId: payment.accountId, billId: payment.billId, amount: payment.amount };
    const { answer, replayed } = await this.idempotency.run({
      kioskId,
      key,
      operation: PAY_OPERATION,
      request,
      run: async () => checked(paymentResultSchema, await this.adapter.payBill({ kioskId, idempotencyKey: key, cardRef, ...request }), 'a payment'),
    });
    this.logger.info({ kioskId, idempotencyKey: key, replayed, outcome: answer.outcome, ...(answer.outcome === 'declined' ? { reason: answer.reason } : { reference: answer.reference }) }, 'banking: bill payment');
    return { result: answer, replayed };
  }

  /** The stored answer of a payment made with this key, if any (no claim, no call to the bank). */
  storedPayment(kioskId: string, key: string, payment: Pick<PayBillRequest, 'accountId' | 'billId' | 'amount'>): Promise<PaymentResult | null> {
    return this.idempotency.peek<PaymentResult>({ kioskId, key, operation: PAY_OPERATION, request: { accountId: payment.accountId, billId: payment.billId, amount: payment.amount } });
  }

  endSession(kioskId: string, sessionId: string): Promise<boolean> {
    return this.sessions.end(kioskId, sessionId);
  }

  /** What became of a kiosk's own synced payments, so its outbox rows keep the bank's answer. */
  paymentAnswers(kioskId: string, transactionIds: readonly string[]): Promise<PaymentAnswer[]> {
    return paymentAnswers(this.db, kioskId, transactionIds);
  }

  /** Stored payments the bank declined, or that need a person: not yet followed up, or recently resolved. */
  async followUps(state?: FollowUpState, limit?: number): Promise<StoredPayment[]> {
    const [items, named] = await Promise.all([listFollowUps(this.db, state, limit), this.billerNames()]);
    return items.map((item) => named(item));
  }

  async resolveFollowUp(kioskId: string, transactionId: string, note: string, by: Resolver): Promise<StoredPayment | null> {
    const resolved = await resolveFollowUp(this.db, kioskId, transactionId, note, by, new Date(this.clock.now()));
    return resolved && (await this.billerNames())(resolved);
  }

  /**
   * Staff read "State Grid Shanghai", not "sgcc-sh". The bank's list is kept for a few minutes
   * (every console refreshes its list every 30 s); a bank that does not answer leaves the
   * names out, not the list.
   */
  private async billerNames(): Promise<(item: StoredPayment) => StoredPayment> {
    const now = this.clock.now();
    if (!this.billerNameCache || now - this.billerNameCache.at > BILLER_NAMES_TTL_MS) {
      try {
        this.billerNameCache = { at: now, names: new Map((await this.billers()).map((biller) => [biller.billerId, biller.name])) };
      } catch (error) {
        this.logger.warn({ errName: error instanceof Error ? error.name : typeof error }, 'banking: no biller names for the follow-up list');
      }
    }
    const names = this.billerNameCache?.names ?? new Map<string, LocalisedText>();
    return (item) => ({ ...item, billerName: (item.billerId === null ? undefined : names.get(item.billerId)) ?? null });
  }

  async close(): Promise<void> {
    await this.storedPayments.stop();
    await this.adapter.close?.();
  }
}
