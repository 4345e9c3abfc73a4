// The one seam between the hub and a bank's core system (DESIGN §9). The hub's banking
// routes speak only to this interface; the seeded demo (demo/demo-core-banking.node.ts)
// implements it on tables in the hub's database, and a bank registers its own implementation
// through startHub's `coreBanking` option (see README.md in this folder).
//
// Contract every implementation keeps:
//  - Inputs have already passed the protocol/ schemas; outputs must pass them too (the hub
//    parses them before they reach a kiosk, and answers 500 otherwise).
//  - A refusal the customer can act on is an answer (`{ outcome: 'declined', reason }`),
//    never a throw. Throw CoreBankingUnavailableError when the bank cannot answer now: the
//    kiosk retries later with the same idempotency key.
//  - Card data and PIN arrive encrypted (SealedCard, PinBlock) and are opened only inside the
//    implementation (an HSM, for a real bank); nothing here logs or returns a PAN or PIN.
//  - payBill honours `idempotencyKey` itself as well: the hub also keeps the first answer per
//    (kiosk, key) for at least 24 h, but if the hub dies between the bank's debit and storing
//    that answer, the retry reaches the bank again, which must answer it without a second debit.
import type { ApplicationRefusal, DocumentRead, KycAnswers } from '../../protocol/account-opening.js';
import type { CardKey, PinBlock, SealedCard, SealedIdentity } from '../../protocol/card-security.js';
import type { CompleteIssueResponse, IssueCardResponse, ReplacementFees, ReplacementReason } from '../../protocol/card-replacement.js';
import type { CustomerSegment } from '../../protocol/customer-segment.js';
import type {
  AccountSummary,
  Biller,
  BillLookup,
  BillLookupResult,
  CardStatus,
  CardSummary,
  Customer,
  Declined,
  PaymentResult,
  StatementResponse,
} from '../../protocol/core-banking.js';
import type { Money } from '../../protocol/money.js';

export class CoreBankingUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CoreBankingUnavailableError';
  }
}

/** The idempotency key was first used for a different request: a kiosk bug, never retried as is. */
export class IdempotencyConflictError extends Error {
  constructor(readonly idempotencyKey: string) {
    super(`idempotency key ${idempotencyKey} was already used for a different request`);
    this.name = 'IdempotencyConflictError';
  }
}

/**
 * A verified card. `cardRef` is the bank's own opaque handle for it (never the PAN): the hub
 * keeps it in the kiosk's short-lived card session and hands it back on the calls that follow.
 */
export interface CardApproval {
  outcome: 'approved';
  cardRef: string;
  maskedPan: string;
  customer: Customer;
  accounts: AccountSummary[];
}

export type CardAuthorisation = CardApproval | Declined;

export interface AuthoriseCardInput {
  kioskId: string;
  card: SealedCard;
  pin: PinBlock;
}

export interface AuthoriseIdentityInput {
  kioskId: string;
  identity: SealedIdentity;
  pin: PinBlock;
  /** The PAN-shaped one-time value the hub issued for this try: the PIN block is bound to it. */
  binding: string;
}

export interface PayBillInput {
  kioskId: string;
  /** The kiosk's outbox row id. */
  idempotencyKey: string;
  cardRef: string;
  accountId: string;
  billId: string;
  /** What the customer approved; a bill of another amount is 'amount-mismatch'. */
  amount: Money;
}

export type CardActionResult = { outcome: 'ok'; card: CardSummary } | Declined;

export interface IssueCardInput {
  kioskId: string;
  /** The kiosk's outbox row id: a replay answers the first time, never a second fee or card. */
  idempotencyKey: string;
  /** The signed-in holder's card (the session's), naming the customer. */
  cardRef: string;
  replaces: string;
  reason: ReplacementReason;
  feeAccountId: string;
  /** The fee the customer saw; another amount is 'amount-mismatch'. */
  fee: Money;
  newCard: SealedCard;
  pin: PinBlock;
  confirm: PinBlock;
}

/** A first card for an account just opened at a kiosk: the account names the customer; no fee. */
export interface IssueFirstCardInput {
  kioskId: string;
  idempotencyKey: string;
  accountId: string;
  newCard: SealedCard;
  pin: PinBlock;
  confirm: PinBlock;
}

export type IssueCardResult = Extract<IssueCardResponse, { outcome: 'issued' }> | Declined;
export type CompleteIssueResult = Exclude<CompleteIssueResponse, Declined> | Declined;

export interface OpenAccountInput {
  kioskId: string;
  branchId: string;
  /** The application's id (the kiosk's outbox row id): a replay answers the first opening, never a second account. */
  applicationId: string;
  /** The document as read at the kiosk, checked there and at the hub (check digits, expiry, age). */
  document: DocumentRead;
  kyc: KycAnswers;
  /** The terms version the customer signed. */
  consentVersion: string;
  locale: 'zh-CN' | 'en';
  /** The expert's approval the hub recorded and signed (assist_decisions). */
  decisionId: string;
}

export type OpenAccountResult = { outcome: 'opened'; accountId: string; maskedAccount: string; reference: string } | { outcome: 'refused'; reason: ApplicationRefusal };

export interface CoreBankingAdapter {
  /** Shown in logs and /health-style diagnostics ("demo", "acme-core"). */
  readonly name: string;
  /** The X25519 public key kiosks seal card data to. */
  cardKey(): Promise<CardKey>;
  listBillers(): Promise<Biller[]>;
  lookupBill(lookup: BillLookup): Promise<BillLookupResult>;
  /** Opens the card, checks PIN, status, expiry and fallback rules; counts wrong PINs. */
  authoriseCard(input: AuthoriseCardInput): Promise<CardAuthorisation>;
  /**
   * China ID card + the PIN of the holder's debit card (the account password), for balances and
   * statements without the card: opens the identity, checks its validity, finds the customer and
   * the PIN as `authoriseCard` does (wrong tries counted), and answers as if that card was used.
   * Absent: ID cards are 'unknown-customer' and customers use their card.
   */
  authoriseIdentity?(input: AuthoriseIdentityInput): Promise<CardAuthorisation>;
  accounts(cardRef: string): Promise<AccountSummary[] | Declined>;
  /** The last `limit` entries, newest first. */
  miniStatement(input: { cardRef: string; accountId: string; limit: number }): Promise<StatementResponse>;
  /** Entries booked from `from` to `to` (dates inclusive, bank's time zone), oldest first. */
  statement(input: { cardRef: string; accountId: string; from: string; to: string }): Promise<StatementResponse>;
  /** Moves money: debits the account, marks the bill paid. Idempotent on (kioskId, idempotencyKey). */
  payBill(input: PayBillInput): Promise<PaymentResult>;
  /** The customer's cards, masked. */
  cards(cardRef: string): Promise<CardSummary[] | Declined>;
  /** Blocks one of the customer's cards (lost, stolen) or orders its replacement. */
  changeCard(input: { cardRef: string; cardId: string; status: Extract<CardStatus, 'blocked' | 'replacement-ordered'> }): Promise<CardActionResult>;
  /**
   * Card replacement at the kiosk (protocol/card-replacement.ts). Optional as a whole: without
   * them the kiosk does not offer it. `issueCard` links the dispensed card to the customer, sets
   * its PIN (both blocks bound to the new card, equal), charges the fee and answers `issued` — not
   * yet usable; idempotent on (kioskId, idempotencyKey). `completeCardIssue` activates it once
   * taken, or voids it and refunds the fee; idempotent too.
   */
  replacementFees?(): Promise<ReplacementFees>;
  issueCard?(input: IssueCardInput): Promise<IssueCardResult>;
  completeCardIssue?(input: { kioskId: string; idempotencyKey: string; taken: boolean }): Promise<CompleteIssueResult>;
  /**
   * A new customer's first debit card, right after their account was opened at the kiosk: linked
   * to that account's holder with the PIN typed twice, no fee, `issued` until completed with
   * `completeCardIssue` like a replacement. Optional: without it the kiosk does not offer one.
   */
  issueFirstCard?(input: IssueFirstCardInput): Promise<IssueCardResult>;
  /**
   * The card holder's segment for the branch queue (VIP by card, issue 13), from the sealed card
   * alone — no PIN, since nothing moves and nothing is shown. Absent: every card counts as
   * 'unknown' and nobody is recognised as VIP by card.
   */
  customerSegment?(card: SealedCard): Promise<CustomerSegment>;
  /**
   * Whether the card holder accepts marketing (recommendations after a journey). Only the flag
   * leaves the bank; an implementation without it is treated as "no consent recorded".
   */
  marketingConsent?(cardRef: string): Promise<boolean>;
  /**
   * Account opening at the kiosk (issue 11, protocol/account-opening.ts). The hub calls it only
   * for an application an expert approved over video (the signed decision is `decisionId`), and
   * once per application — but a hub that died between the bank's answer and storing it asks
   * again, so it must be idempotent on `applicationId` itself: the same account, never a second.
   * A bank's core system creates (or finds) the customer by the document, opens a current
   * account, and answers its masked number (first 4, last 4: 6222****1234) and a reference for
   * the welcome receipt; a refusal the customer can act on ('already-customer', …) is an answer.
   * The photos and signature stay at the hub (the application), for the bank's own archive to
   * fetch. Absent: the kiosk does not offer account opening.
   */
  openAccount?(input: OpenAccountInput): Promise<OpenAccountResult>;
  /** Releases whatever the implementation holds; the hub calls it on shutdown. */
  close?(): Promise<void>;
}
