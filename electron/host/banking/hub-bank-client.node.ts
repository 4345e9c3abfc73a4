// The kiosk's side of the hub's banking routes (protocol/core-banking.ts): every request signed
// like sync (hub-send.node.ts), every answer parsed with the shared schemas. A hub that cannot
// answer now — no network, a timeout, a 5xx, "busy" or rate limited — is HubUnreachableError,
// which the journeys turn into store-and-forward or a clear stop; a request the hub refuses as
// malformed is a BankRequestError (a bug, never retried).
import { cardKeySchema, type CardKey, type PinBlock, type SealedCard, type SealedIdentity } from '../../../protocol/card-security.js';
import {
  BANKING_PATHS,
  accountsResponseSchema,
  billersResponseSchema,
  billLookupResultSchema,
  cardAuthorisationResponseSchema,
  endCardSessionResponseSchema,
  idChallengeSchema,
  paymentAnswersResponseSchema,
  paymentResultSchema,
  statementResponseSchema,
  type AccountsResponse,
  type Biller,
  type BillLookup,
  type BillLookupResult,
  type CardAuthorisationResponse,
  type IdChallenge,
  type LocalisedText,
  type PaymentAnswer,
  type PaymentResult,
  type StatementResponse,
} from '../../../protocol/core-banking.js';
import type { Money } from '../../../protocol/money.js';
import { PIN_KEY_PATHS, pinKeyLoadedResponseSchema, pinKeyResponseSchema, type PinKeyLoadedResponse, type PinKeyResponse } from '../../../protocol/pin-keys.js';
import {
  CARD_REPLACEMENT_PATHS,
  cardActionResponseSchema,
  cardsResponseSchema,
  completeIssueResponseSchema,
  issueCardResponseSchema,
  type CardActionResponse,
  type CardsResponse,
  type CompleteIssueResponse,
  type IssueCardRequest,
  type IssueFirstCardRequest,
  type IssueCardResponse,
} from '../../../protocol/card-replacement.js';
import {
  ACCOUNT_OPENING_PATHS,
  applicationStatusResponseSchema,
  fileApplicationResponseSchema,
  openAccountResponseSchema,
  type ApplicationStatusResponse,
  type FileApplicationRequest,
  type FileApplicationResponse,
  type OpenAccountResponse,
  type WithdrawReason,
} from '../../../protocol/account-opening.js';
import { errorCode } from '../sync-push.node.js';
import type { HubReply, Send } from '../hub-send.node.js';
import type { AccountsBankPort } from '../journeys/account-services-ports.js';
import type { CardReplacementBankPort } from '../journeys/card-replacement-ports.js';
import type { AccountOpeningBankPort } from '../journeys/account-opening-ports.js';
import { HubUnreachableError, type BankPort } from '../journeys/bill-payment-ports.js';

export class BankRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
  ) {
    super(`hub refused the banking request: ${status}${code ? ` ${code}` : ''}`);
    this.name = 'BankRequestError';
  }
}

// Statuses that mean "not now" rather than "never": retried by the journey or by sync.
const TRANSIENT = new Set([408, 409, 425, 429, 500, 502, 503, 504]);

/** How long the biller list is trusted before it is asked again (names change rarely). */
const BILLERS_TTL_MS = 10 * 60_000;

export class HubBankClient implements BankPort, AccountsBankPort, CardReplacementBankPort, AccountOpeningBankPort {
  private billers: { at: number; list: readonly Biller[] } | null = null;

  constructor(
    private readonly kioskId: string,
    private readonly send: Send,
    private readonly now: () => number = Date.now,
  ) {}

  private async call<T>(method: 'GET' | 'POST', path: string, body: unknown, parse: (value: unknown) => T): Promise<T> {
    let reply: HubReply;
    try {
      reply = await this.send(method, path, body);
    } catch (err) {
      throw new HubUnreachableError(`hub unreachable for ${path}: ${(err as Error).message}`);
    }
    if (reply.status === 200) return parse(await reply.json());
    const code = await errorCode(reply);
    if (TRANSIENT.has(reply.status)) throw new HubUnreachableError(`hub answered ${reply.status}${code ? ` ${code}` : ''} for ${path}`);
    throw new BankRequestError(reply.status, code);
  }

  async listBillers(): Promise<readonly Biller[]> {
    if (this.billers && this.now() - this.billers.at < BILLERS_TTL_MS) return this.billers.list;
    try {
      const { billers } = await this.call('GET', BANKING_PATHS.billers, undefined, (v) => billersResponseSchema.parse(v));
      this.billers = { at: this.now(), list: billers };
      return billers;
    } catch (err) {
      // Offline, the last list is better than none (names and account formats rarely change).
      if (this.billers && err instanceof HubUnreachableError) return this.billers.list;
      throw err;
    }
  }

  async billerName(billerId: string): Promise<LocalisedText> {
    const biller = (await this.listBillers()).find((b) => b.billerId === billerId);
    if (!biller) throw new Error(`unknown biller ${billerId}`);
    return biller.name;
  }

  lookupBill(lookup: BillLookup): Promise<BillLookupResult> {
    return this.call('POST', BANKING_PATHS.billLookup, { kioskId: this.kioskId, lookup }, (v) => billLookupResultSchema.parse(v));
  }

  authorise(card: SealedCard, pin: PinBlock): Promise<CardAuthorisationResponse> {
    return this.call('POST', BANKING_PATHS.cardSessions, { kioskId: this.kioskId, card, pin }, (v) => cardAuthorisationResponseSchema.parse(v));
  }

  payBill(request: { idempotencyKey: string; sessionId: string; accountId: string; billId: string; amount: Money }): Promise<PaymentResult> {
    return this.call('POST', BANKING_PATHS.payments, { kioskId: this.kioskId, ...request }, (v) => paymentResultSchema.parse(v));
  }

  /** The card holder's accounts, fresh balances; 'declined' when the card session is over. */
  accounts(sessionId: string): Promise<AccountsResponse> {
    return this.call('POST', BANKING_PATHS.accounts, { kioskId: this.kioskId, sessionId }, (v) => accountsResponseSchema.parse(v));
  }

  /** The account's last `limit` entries, newest first. */
  miniStatement(request: { sessionId: string; accountId: string; limit: number }): Promise<StatementResponse> {
    return this.call('POST', BANKING_PATHS.miniStatement, { kioskId: this.kioskId, ...request }, (v) => statementResponseSchema.parse(v));
  }

  /** Entries booked from `from` to `to` (the bank's calendar days, inclusive), oldest first. */
  statement(request: { sessionId: string; accountId: string; from: string; to: string }): Promise<StatementResponse> {
    return this.call('POST', BANKING_PATHS.statement, { kioskId: this.kioskId, ...request }, (v) => statementResponseSchema.parse(v));
  }

  cards(sessionId: string): Promise<CardsResponse> {
    return this.call('POST', CARD_REPLACEMENT_PATHS.cards, { kioskId: this.kioskId, sessionId }, (v) => cardsResponseSchema.parse(v));
  }

  blockCard(request: { sessionId: string; cardId: string; reason: 'lost' | 'stolen' }): Promise<CardActionResponse> {
    return this.call('POST', CARD_REPLACEMENT_PATHS.block, { kioskId: this.kioskId, ...request }, (v) => cardActionResponseSchema.parse(v));
  }

  /** Idempotent on `idempotencyKey` (the replacement's outbox row id): a replay is the first answer. */
  issueCard(request: Omit<IssueCardRequest, 'kioskId'>): Promise<IssueCardResponse> {
    return this.call('POST', CARD_REPLACEMENT_PATHS.issue, { kioskId: this.kioskId, ...request }, (v) => issueCardResponseSchema.parse(v));
  }

  /** A new customer's first card, on the authority of the account-opening application; idempotent like issueCard. */
  issueFirstCard(request: Omit<IssueFirstCardRequest, 'kioskId'>): Promise<IssueCardResponse> {
    return this.call('POST', CARD_REPLACEMENT_PATHS.issueFirst, { kioskId: this.kioskId, ...request }, (v) => issueCardResponseSchema.parse(v));
  }

  completeIssue(request: { idempotencyKey: string; outcome: 'taken' | 'not-taken' }): Promise<CompleteIssueResponse> {
    return this.call('POST', CARD_REPLACEMENT_PATHS.complete, { kioskId: this.kioskId, ...request }, (v) => completeIssueResponseSchema.parse(v));
  }

  /** Account opening (issue 11): the application with its personal data, over TLS to the hub only. */
  fileApplication(request: Omit<FileApplicationRequest, 'kioskId'>): Promise<FileApplicationResponse> {
    return this.call('POST', ACCOUNT_OPENING_PATHS.applications, { kioskId: this.kioskId, ...request }, (v) => fileApplicationResponseSchema.parse(v));
  }

  applicationStatus(applicationId: string): Promise<ApplicationStatusResponse> {
    return this.call('POST', ACCOUNT_OPENING_PATHS.status, { kioskId: this.kioskId, applicationId }, (v) => applicationStatusResponseSchema.parse(v));
  }

  withdrawApplication(applicationId: string, reason: WithdrawReason): Promise<ApplicationStatusResponse> {
    return this.call('POST', ACCOUNT_OPENING_PATHS.withdraw, { kioskId: this.kioskId, applicationId, reason }, (v) => applicationStatusResponseSchema.parse(v));
  }

  openAccount(applicationId: string): Promise<OpenAccountResponse> {
    return this.call('POST', ACCOUNT_OPENING_PATHS.open, { kioskId: this.kioskId, applicationId }, (v) => openAccountResponseSchema.parse(v));
  }

  /** A one-time binding for the PIN block of an ID-card sign-in (one per try). */
  identityChallenge(): Promise<IdChallenge> {
    return this.call('POST', BANKING_PATHS.idChallenges, { kioskId: this.kioskId }, (v) => idChallengeSchema.parse(v));
  }

  /** China ID card + the PIN of the holder's debit card, bound to `challengeId`'s binding. */
  authoriseIdentity(identity: SealedIdentity, challengeId: string, pin: PinBlock): Promise<CardAuthorisationResponse> {
    return this.call('POST', BANKING_PATHS.idSessions, { kioskId: this.kioskId, identity, challengeId, pin }, (v) => cardAuthorisationResponseSchema.parse(v));
  }

  /** What became of this kiosk's synced payments (at most 100 per call). */
  async paymentAnswers(transactionIds: readonly string[]): Promise<PaymentAnswer[]> {
    const { answers } = await this.call('POST', BANKING_PATHS.paymentAnswers, { kioskId: this.kioskId, transactionIds }, (v) => paymentAnswersResponseSchema.parse(v));
    return answers;
  }

  async endSession(sessionId: string): Promise<void> {
    await this.call('POST', BANKING_PATHS.endCardSession, { kioskId: this.kioskId, sessionId }, (v) => endCardSessionResponseSchema.parse(v));
  }

  /** A new PIN working key for this kiosk's pad, as a key block under the pad's TMK. */
  issuePinKey(): Promise<PinKeyResponse> {
    return this.call('POST', PIN_KEY_PATHS.issue, { kioskId: this.kioskId }, (v) => pinKeyResponseSchema.parse(v));
  }

  /** The pad loaded `keyId` and computed `kcv`: the hub makes it this kiosk's key. */
  confirmPinKey(keyId: string, kcv: string): Promise<PinKeyLoadedResponse> {
    return this.call('POST', PIN_KEY_PATHS.loaded, { kioskId: this.kioskId, keyId, kcv }, (v) => pinKeyLoadedResponseSchema.parse(v));
  }

  /** The hub's card-data public key, which the device worker seals card data to. */
  cardKey(): Promise<CardKey> {
    return this.call('GET', BANKING_PATHS.cardKey, undefined, (v) => cardKeySchema.parse(v));
  }
}
