// What the card-replacement journey (issue 11) needs from the world, as narrow ports so the
// machine is tested with fakes: the hub's card routes behind a signed-in card session, the card
// dispenser with its IC module (the new card is read and kept in the device worker, sealed to the
// hub's key), the PIN pad bound to that card, the outbox, and the receipt printer.
import type { CardActionResponse, CardsResponse, CompleteIssueResponse, IssueCardRequest, IssueCardResponse, IssueFirstCardRequest, ReplacementReason } from '../../../protocol/card-replacement.js';
import type { PinBlock, SealedCard } from '../../../protocol/card-security.js';
import type { InlineImage } from '../../../protocol/account-opening.js';
import type { Money } from '../../../protocol/money.js';
import type { DocumentRef } from './bill-payment-ports.js';
import type { AccountsBankPort } from './account-services-ports.js';

export interface CardReplacementBankPort extends Pick<AccountsBankPort, 'authorise' | 'endSession' | 'accounts' | 'identityChallenge' | 'authoriseIdentity'> {
  cards(sessionId: string): Promise<CardsResponse>;
  blockCard(request: { sessionId: string; cardId: string; reason: 'lost' | 'stolen' }): Promise<CardActionResponse>;
  issueCard(request: Omit<IssueCardRequest, 'kioskId'>): Promise<IssueCardResponse>;
  issueFirstCard(request: Omit<IssueFirstCardRequest, 'kioskId'>): Promise<IssueCardResponse>;
  completeIssue(request: { idempotencyKey: string; outcome: 'taken' | 'not-taken' }): Promise<CompleteIssueResponse>;
}

/** A card from stock, at the dispenser's read position, its chip read: the PAN stays in the worker. */
export interface DispensedCard {
  cardRef: string;
  sealed: SealedCard;
}

export interface NewCardPort {
  /** Moves a stock card to the read position and reads its chip. */
  dispense(signal: AbortSignal): Promise<DispensedCard>;
  /** The new card's PIN on the pad, bound to it; `onDigits` gets only the count. */
  readPin(cardRef: string, onDigits: (count: number) => void, signal: AbortSignal): Promise<PinBlock>;
  /** Presents the card at the throat; resolves 'taken', or 'captured' when the customer did not take it in time (the dispenser took it back). */
  present(timeoutMs: number): Promise<'taken' | 'captured'>;
  /** Compensation: a card in the dispenser's channel goes to the capture bin; the worker forgets it. */
  capture(cardRef: string): Promise<void>;
}

/** Why a new card is issued: a replacement's reason, or a new customer's first card. */
export type IssueReason = ReplacementReason | 'first-card';

/** The replacement's record: booked before the bank is asked (its id is the idempotency key), then each answer kept. */
export interface ReplacementBook {
  /** `replaces`: null for a first card. */
  book(row: { replaces: string | null; reason: IssueReason; fee: Money; newCard: string }): Promise<{ id: string }>;
  /**
   * 'issued' (with the bank's reference), 'declined', 'unknown' (no answer); then how the issue was
   * completed — or 'pending' with the completion still to send (the hub did not answer), for a
   * later round to send again.
   */
  keep(
    id: string,
    state: { issue: 'issued'; reference: string } | { issue: 'declined'; reason: string } | { issue: 'unknown' } | { completed: 'activated' | 'voided' } | { completed: 'pending'; outcome: 'taken' | 'not-taken' },
  ): Promise<void>;
}

/** The chip photo of the ID card a customer signed in with, for the face check; null when it cannot be had or decoded. */
export interface IdentityPhotoPort {
  photo(document: DocumentRef): Promise<InlineImage | null>;
}

export interface ReplacementReceiptPort {
  print(receipt: { reference: string; maskedPan: string; fee: Money; reason: IssueReason }): Promise<boolean>;
}
