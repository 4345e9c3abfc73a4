// Where a host card-replacement phase sits in the customer's five steps (DESIGN §6: "step N of
// M"): 1 sign in (card or ID card, then the PIN), 2 which card and why, 3 the fee, 4 the new
// card (dispensed, its PIN set twice, issued, taken from the slot), 5 done — or stopped, shown
// as the last step like the other journeys. The id is what the expert's console is told; a
// dispenser fault has its own, so the expert knows at once why the customer called.
// Also the navigation rules the session applies to this journey (Back, Home, idle).
import type { CardReplacementPhase, CardReplacementState } from '../../../electron/bridge/card-replacement-contract.js';
import type { Phase } from '../session/journey.js';

export const REPLACEMENT_STEPS = 5;

export type ReplacementStepId = 'sign-in' | 'choose' | 'review' | 'dispensing' | 'new-pin' | 'issuing' | 'take-card' | 'done' | 'stopped' | 'device-fault';

export function replacementStepOf(state: CardReplacementState): { id: ReplacementStepId; current: number; total: number } {
  const at = (id: ReplacementStepId, current: number) => ({ id, current, total: REPLACEMENT_STEPS });
  switch (state.phase) {
    case 'idle':
    case 'card':
    case 'pin':
    case 'authorising':
    case 'face':
      return at('sign-in', 1);
    case 'choose':
      return at('choose', 2);
    case 'review':
      return at('review', 3);
    case 'dispensing':
    case 'new-pin':
    case 'issuing':
    case 'take-card':
      return at(state.phase, 4);
    case 'done':
      return at('done', 5);
    case 'stopped':
      return at(state.reason === 'device' ? 'device-fault' : 'stopped', 5);
  }
}

/** Before a card is dispensed, Back leaves the journey (the host ends it and releases the sign-in card). */
const LEAVE_BY_BACK: ReadonlySet<CardReplacementPhase> = new Set(['idle', 'card', 'pin', 'face', 'choose', 'stopped']);

export function leavesReplacementByBack(phase: CardReplacementPhase): boolean {
  return LEAVE_BY_BACK.has(phase);
}

/** Back on the fee goes back to the list of cards through the host (the choice is not lost). */
export function backGoesToCards(phase: Phase): boolean {
  return phase.name === 'cardReplacement' && phase.status.state.phase === 'review';
}

/**
 * While a card is moving or being issued the customer stays: the host finishes it (taken, or
 * captured and refunded) and says what happened. Home, Back and the idle timeout wait.
 */
const HOLDS: ReadonlySet<CardReplacementPhase> = new Set(['dispensing', 'issuing', 'take-card']);

export function replacementHoldsHome(phase: Phase): boolean {
  return phase.name === 'cardReplacement' && HOLDS.has(phase.status.state.phase);
}
