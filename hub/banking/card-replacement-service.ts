// Card replacement through the hub (protocol/card-replacement.ts): every call but the
// completion needs the kiosk's live card session (the customer signed in), the issue is
// idempotent on the kiosk's outbox row id like a payment (IdempotencyStore, and the adapter
// honours the key too), and every answer is parsed against the protocol before a kiosk sees it
// (banking-service.ts `checked`: an answer outside it is the adapter's fault, as for payments).
// The completion needs no session: a card is captured 30 s after the customer walked away.
import type { Logger } from 'pino';
import {
  cardActionResponseSchema,
  cardsResponseSchema,
  completeIssueResponseSchema,
  issueCardResponseSchema,
  type BlockCardRequest,
  type CardActionResponse,
  type CardsResponse,
  type CompleteIssueRequest,
  type CompleteIssueResponse,
  type IssueCardRequest,
  type IssueCardResponse,
  type IssueFirstCardRequest,
} from '../../protocol/card-replacement.js';
import type { Declined } from '../../protocol/core-banking.js';
import type { CardSessionStore } from './card-sessions.js';
import { checked, sessionExpired } from './adapter-answers.js';
import type { CoreBankingAdapter } from './core-banking-adapter.js';
import type { IdempotencyStore } from './idempotency-store.js';

const ISSUE_OPERATION = 'card.issue';
const FIRST_ISSUE_OPERATION = 'card.issue-first';

/**
 * The account an account-opening application opened for this kiosk a few minutes ago: the only
 * authority for a first card, since its holder has no card to sign in with. Null when there is
 * none, it is another kiosk's, or too old.
 */
export interface OpenedAccountLookup {
  openedAccount(kioskId: string, applicationId: string): Promise<{ accountId: string } | null>;
}
const notOffered: Declined = { outcome: 'declined', reason: 'card-not-issuable' };

export class CardReplacement {
  constructor(
    private readonly deps: { adapter: CoreBankingAdapter; sessions: CardSessionStore; idempotency: IdempotencyStore; logger: Logger; openedAccounts?: OpenedAccountLookup },
  ) {}

  /** Whether a first card can be issued after an account is opened at a kiosk. */
  get firstCardOffered(): boolean {
    return Boolean(this.deps.adapter.issueFirstCard && this.deps.adapter.completeCardIssue && this.deps.openedAccounts);
  }

  /** A first card for the account the application opened; idempotent on the kiosk's key like `issue`. */
  async issueFirst(request: IssueFirstCardRequest): Promise<{ answer: IssueCardResponse; replayed: boolean }> {
    const { adapter, idempotency, logger, openedAccounts } = this.deps;
    const issueFirstCard = adapter.issueFirstCard?.bind(adapter);
    if (!issueFirstCard || !openedAccounts) return { answer: notOffered, replayed: false };
    const { kioskId, idempotencyKey: key, applicationId, newCard, pin, confirm } = request;
    const call = { kioskId, key, operation: FIRST_ISSUE_OPERATION, request: { applicationId, newCard: newCard.masked } };
    const opened = await openedAccounts.openedAccount(kioskId, applicationId);
    if (!opened) {
      const stored = await idempotency.peek<IssueCardResponse>(call);
      return stored ? { answer: stored, replayed: true } : { answer: { outcome: 'declined', reason: 'unknown-account' }, replayed: false };
    }
    const { answer, replayed } = await idempotency.run({
      ...call,
      run: async () => checked(issueCardResponseSchema, await issueFirstCard({ kioskId, idempotencyKey: key, accountId: opened.accountId, newCard, pin, confirm }), 'a first card issue'),
    });
    logger.info({ kioskId, idempotencyKey: key, replayed, outcome: answer.outcome, ...(answer.outcome === 'declined' ? { declined: answer.reason } : { reference: answer.reference, card: answer.maskedPan }) }, 'banking: first card issued');
    return { answer, replayed };
  }

  /** Whether this bank replaces cards at kiosks at all. */
  get offered(): boolean {
    const { adapter } = this.deps;
    return Boolean(adapter.replacementFees && adapter.issueCard && adapter.completeCardIssue);
  }

  async cards(kioskId: string, sessionId: string): Promise<CardsResponse> {
    const { adapter, sessions } = this.deps;
    if (!adapter.replacementFees) return notOffered;
    const session = await sessions.use(kioskId, sessionId);
    if (!session) return sessionExpired;
    const cards = await adapter.cards(session.cardRef);
    if (!Array.isArray(cards)) return checked(cardsResponseSchema, cards, 'a card list');
    return checked(cardsResponseSchema, { outcome: 'ok', cards, fees: await adapter.replacementFees() }, 'a card list');
  }

  async block(request: BlockCardRequest): Promise<CardActionResponse> {
    const session = await this.deps.sessions.use(request.kioskId, request.sessionId);
    if (!session) return sessionExpired;
    const answer = checked(cardActionResponseSchema, await this.deps.adapter.changeCard({ cardRef: session.cardRef, cardId: request.cardId, status: 'blocked' }), 'a card block');
    this.deps.logger.info({ kioskId: request.kioskId, cardId: request.cardId, reason: request.reason, outcome: answer.outcome }, 'banking: card blocked');
    return answer;
  }

  async issue(request: IssueCardRequest): Promise<{ answer: IssueCardResponse; replayed: boolean }> {
    const { adapter, sessions, idempotency, logger } = this.deps;
    const { kioskId, idempotencyKey: key, sessionId, ...rest } = request;
    // The session and the PIN blocks are not the request's identity: a retry re-authorised is the same issue.
    const call = { kioskId, key, operation: ISSUE_OPERATION, request: { replaces: rest.replaces, reason: rest.reason, feeAccountId: rest.feeAccountId, fee: rest.fee, newCard: rest.newCard.masked } };
    const issueCard = adapter.issueCard?.bind(adapter);
    if (!issueCard) return { answer: notOffered, replayed: false };
    const session = await sessions.use(kioskId, sessionId);
    if (!session) {
      const stored = await idempotency.peek<IssueCardResponse>(call);
      return stored ? { answer: stored, replayed: true } : { answer: sessionExpired, replayed: false };
    }
    const { answer, replayed } = await idempotency.run({
      ...call,
      run: async () => checked(issueCardResponseSchema, await issueCard({ kioskId, idempotencyKey: key, cardRef: session.cardRef, ...rest }), 'a card issue'),
    });
    logger.info({ kioskId, idempotencyKey: key, replayed, reason: rest.reason, outcome: answer.outcome, ...(answer.outcome === 'declined' ? { declined: answer.reason } : { reference: answer.reference, card: answer.maskedPan }) }, 'banking: card issued');
    return { answer, replayed };
  }

  async complete(request: CompleteIssueRequest): Promise<CompleteIssueResponse> {
    const completeCardIssue = this.deps.adapter.completeCardIssue?.bind(this.deps.adapter);
    if (!completeCardIssue) return notOffered;
    const answer = checked(completeIssueResponseSchema, await completeCardIssue({ kioskId: request.kioskId, idempotencyKey: request.idempotencyKey, taken: request.outcome === 'taken' }), 'a card issue completion');
    this.deps.logger.info({ kioskId: request.kioskId, idempotencyKey: request.idempotencyKey, customer: request.outcome, outcome: answer.outcome }, 'banking: card issue completed');
    return answer;
  }
}
