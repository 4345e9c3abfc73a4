// The customer's choices in "Replace a card", passed to the host as they are made. The host runs
// the journey (sign-in, the bank, the dispenser, the PIN pad, the printer) and answers each
// request with its status; the page keeps only the newest state (journey.ts) and decides
// nothing about the card or the fee.
import type { Dispatch } from 'react';
import type { CardReplacementStatus } from '../../../electron/bridge/card-replacement-contract.js';
import type { BridgeClient } from '../../../electron/bridge/client.js';
import type { FaceEvidence } from '../../../protocol/account-opening.js';
import type { ReplacementReason } from '../../../protocol/card-replacement.js';
import type { FeedbackSubject } from '../session/journey.js';
import type { SessionEvent, SessionState } from '../session/session.js';

export interface CardReplacementActions {
  /** From the Home tile: sign in with the card (or ID card) and PIN. */
  open(): Promise<void>;
  /** The face step's answer after an ID-card sign-in. */
  face(evidence: FaceEvidence): Promise<void>;
  /** "Issue a debit card now" after an account was opened: straight to the dispenser (the host knows which account). */
  issueFirst(): Promise<void>;
  choose(cardId: string, reason: ReplacementReason): Promise<void>;
  /** From the fee back to the list of cards. */
  backToCards(): Promise<void>;
  /** The customer accepts the fee: the new card is dispensed; the receipt prints in the language on screen. */
  confirm(): Promise<void>;
  /** Cancel before the card is dispensed: back to Home once the host has stopped (sign-in card released). */
  cancel(): Promise<void>;
  /** Start again after a stop. */
  restart(): Promise<void>;
  /** Done: after a new card, the satisfaction question; after a stop, the visit ends. */
  finish(): Promise<void>;
  /** Leaving by navigation (Home, Back): the host ends the journey; after done, it finishes it. */
  leave(): void;
}

export interface CardReplacementActionDeps {
  client: BridgeClient;
  dispatch: Dispatch<SessionEvent>;
  current(): SessionState;
  /** Ends the visit without a question (nothing was replaced to ask about). */
  endVisit(): void;
}

/** The satisfaction answer is about a card that was replaced: the reason, and the bank's reference. */
export function replacementFeedbackSubject(status: CardReplacementStatus, reason: ReplacementReason | 'first-card' | null): FeedbackSubject | null {
  const { state } = status;
  if (state.phase !== 'done') return null;
  return { journey: 'card-replacement', service: reason ?? 'card', reference: state.reference };
}

export function createCardReplacementActions({ client, dispatch, current, endVisit }: CardReplacementActionDeps): CardReplacementActions {
  const show = (status: CardReplacementStatus) => dispatch({ type: 'cardReplacementStatus', status });
  // A refused or lost request leaves the screen as the host's last state event left it.
  const request = async (call: () => Promise<CardReplacementStatus>) => {
    try {
      show(await call());
    } catch {
      /* the host's state events still say where the journey is */
    }
  };
  const phaseOf = () => {
    const phase = current().phase;
    return phase.name === 'cardReplacement' ? phase.status.state.phase : null;
  };
  // The reason the customer gave, for the satisfaction answer (the done state no longer carries it).
  let reason: ReplacementReason | null = null;
  let firstCard = false;

  return {
    async open() {
      if (current().phase.name !== 'home') return;
      reason = null;
      firstCard = false;
      dispatch({ type: 'openCardReplacement' });
      await request(() => client.request('cardReplacement.start', {}));
    },
    face: (evidence) => request(() => client.request('cardReplacement.face', evidence)),
    async issueFirst() {
      const phase = current().phase;
      if (phase.name !== 'accountOpening' || phase.status.state.phase !== 'opened') return;
      reason = null;
      firstCard = true;
      // The card's journey takes the screen first, so the opening's end (its personal data dropped) is not taken for the visit's.
      dispatch({ type: 'openCardReplacement' });
      await client.request('accountOpening.finish', {}).catch(() => undefined);
      await request(() => client.request('cardReplacement.issueFirst', { locale: current().locale }));
    },
    async choose(cardId, chosen) {
      reason = chosen;
      await request(() => client.request('cardReplacement.choose', { cardId, reason: chosen }));
    },
    backToCards: () => request(() => client.request('cardReplacement.backToCards', {})),
    confirm: () => request(() => client.request('cardReplacement.confirm', { locale: current().locale })),
    async cancel() {
      try {
        show(await client.request('cardReplacement.cancel', {}));
      } catch {
        /* Home all the same: the host ends the journey with the session */
      }
      dispatch({ type: 'home' });
    },
    restart() {
      reason = null;
      return request(() => client.request('cardReplacement.start', {}));
    },
    async finish() {
      const phase = current().phase;
      const about = phase.name === 'cardReplacement' ? replacementFeedbackSubject(phase.status, firstCard ? 'first-card' : reason) : null;
      await client.request('cardReplacement.finish', {}).catch(() => undefined);
      if (about) dispatch({ type: 'askFeedback', about });
      else endVisit();
    },
    leave() {
      const phase = phaseOf();
      if (phase === null) return;
      const method = phase === 'done' ? 'cardReplacement.finish' : 'cardReplacement.cancel';
      client.request(method, {}).catch(() => undefined);
    },
  };
}
