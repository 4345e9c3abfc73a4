// Card + PIN + authorise, once for every journey that needs a card holder (bill payment,
// balances and statements): present the card (a swiped chip card is asked to be inserted),
// read the PIN on the pad (the page sees only the count of digits), ask the bank, and on a
// wrong PIN ask again with the tries left. The journey owns its phases and compensations; this
// module only says which step to show and how it ended. A card read is handed to `onCard` the
// moment it exists, so the journey releases it whatever happens next.
import type { PinBlock, SealedCard, SealedIdentity } from '../../../protocol/card-security.js';
import type { CardSession, DeclineReason } from '../../../protocol/core-banking.js';
import { HubUnreachableError, type BankPort, type CardPort, type DocumentRef } from './bill-payment-ports.js';

/** What the journey shows while this runs; each maps onto the journey's phase of that name. */
export type CardStep =
  | { phase: 'card'; insertChip: boolean }
  | { phase: 'pin'; maskedPan: string; digits: number; triesLeft?: number }
  | { phase: 'authorising'; maskedPan: string };

export type CardAuthorisation =
  /**
   * `card` and `pin`: what the session was opened with, for a journey that books a payment
   * with them as its fallback (bill payment); a journey that does not, drops them.
   */
  | { outcome: 'approved'; maskedPan: string; session: CardSession; card: SealedCard; pin: PinBlock }
  | { outcome: 'declined'; reason: DeclineReason }
  /** A China ID card was placed instead (a port that accepts one): the journey goes on with identity-authorisation.ts. */
  | { outcome: 'identity'; sealed: SealedIdentity; document?: DocumentRef }
  /** The hub did not answer: the journey decides (store and forward, or stop). */
  | { outcome: 'unreachable'; maskedPan: string; card: SealedCard; pin: PinBlock; error: HubUnreachableError }
  /**
   * The journey moved on meanwhile (cancel, session end). `orphanSession`: the bank approved
   * after that, so the journey, already compensated, ends this session too.
   */
  | { outcome: 'left'; orphanSession?: string };

export interface CardAuthorisationDeps {
  card: CardPort;
  bank: Pick<BankPort, 'authorise'>;
  signal: AbortSignal;
  /** The journey's phase now: an answer that arrives after it moved on is dropped. */
  phase(): string;
  /** Shows the step; false when the journey refuses the move (it has ended). */
  show(step: CardStep, cause: string): boolean;
  /** The card is read: from now on the journey must release it. */
  onCard(maskedPan: string): void;
}

/** Runs card, PIN and authorisation. Device failures reject (see `cardStopOf`). */
export async function authoriseCard(deps: CardAuthorisationDeps): Promise<CardAuthorisation> {
  if (!deps.show({ phase: 'card', insertChip: false }, 'card requested')) return { outcome: 'left' };
  let presented = await deps.card.presentCard(deps.signal);
  while (presented.kind === 'insert-chip') {
    if (!deps.show({ phase: 'card', insertChip: true }, 'a chip card was swiped: insert it')) return { outcome: 'left' };
    presented = await deps.card.presentCard(deps.signal);
  }
  if (presented.kind === 'identity') return deps.signal.aborted ? { outcome: 'left' } : { outcome: 'identity', sealed: presented.sealed, ...(presented.document ? { document: presented.document } : {}) };
  const card = presented.sealed;
  const maskedPan = card.masked;
  // A card read in the same turn as the journey's compensation (cancel, session end) arrives
  // after that compensation looked for a card to release: release it here, or it stays held.
  if (deps.signal.aborted) {
    await deps.card.release().catch(() => undefined);
    return { outcome: 'left' };
  }
  deps.onCard(maskedPan);
  let triesLeft: number | undefined;
  for (;;) {
    const tries = triesLeft === undefined ? {} : { triesLeft };
    if (!deps.show({ phase: 'pin', maskedPan, digits: 0, ...tries }, triesLeft === undefined ? 'card read' : 'wrong PIN: try again')) return { outcome: 'left' };
    const pin = await deps.card.readPin((digits) => {
      if (deps.phase() === 'pin') deps.show({ phase: 'pin', maskedPan, digits: Math.min(digits, 12), ...tries }, 'PIN digit');
    }, deps.signal);
    if (deps.signal.aborted || !deps.show({ phase: 'authorising', maskedPan }, 'PIN entered')) return { outcome: 'left' };
    let answer;
    try {
      answer = await deps.bank.authorise(card, pin);
    } catch (err) {
      if (err instanceof HubUnreachableError && !deps.signal.aborted) return { outcome: 'unreachable', maskedPan, card, pin, error: err };
      if (deps.signal.aborted) return { outcome: 'left' };
      throw err;
    }
    // The journey may still show 'authorising' while its compensation is under way (it awaits
    // the card's release): the abort, set first thing, is what says it has ended.
    if (deps.signal.aborted || deps.phase() !== 'authorising') return answer.outcome === 'approved' ? { outcome: 'left', orphanSession: answer.session.sessionId } : { outcome: 'left' };
    if (answer.outcome === 'approved') return { outcome: 'approved', maskedPan, session: answer.session, card, pin };
    if (answer.reason !== 'wrong-pin' || (answer.triesLeft ?? 0) <= 0) return { outcome: 'declined', reason: answer.reason };
    triesLeft = answer.triesLeft;
  }
}

/** How a journey that waited on the card reader or PIN pad ends when one of them fails. */
export type CardStop = { reason: 'customer' | 'timeout' | 'card-removed' | 'hub-unreachable' | 'device'; cause: string };

/** The stop for an error from `authoriseCard` (or any card wait); null when the journey aborted it itself. */
export function cardStopOf(err: unknown, signal: AbortSignal): CardStop | null {
  if (signal.aborted) return null;
  const code = (err as { code?: string }).code;
  if (code === 'PIN_CANCELLED') return { reason: 'customer', cause: 'cancel pressed on the PIN pad' };
  if (code === 'PIN_TIMEOUT') return { reason: 'timeout', cause: 'PIN entry timed out on the pad' };
  if (code === 'CARD_REMOVED') return { reason: 'card-removed', cause: 'card removed' };
  if (err instanceof HubUnreachableError) return { reason: 'hub-unreachable', cause: err.message };
  return { reason: 'device', cause: `device failure${code ? `: ${code}` : ''}` };
}
