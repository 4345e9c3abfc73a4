// The session's rules for card replacement, without a page: the newest host state wins and a
// late one is ignored, "step N of 5" and the expert's step id per phase, where Back leads and
// when Home waits (a card moving or at the slot), and what the satisfaction answer is about.
import { describe, expect, it } from 'vitest';
import type { CardReplacementState } from '../../../electron/bridge/card-replacement-contract.js';
import { canGoHome, hasBack, journeyReducer, type Phase } from '../session/journey.js';
import { replacementFeedbackSubject } from './replacement-actions.js';
import { backGoesToCards, replacementStepOf } from './replacement-steps.js';

const at = (seq: number, state: CardReplacementState): Phase => ({ name: 'cardReplacement', status: { seq, state } });
const fee = { minor: 500, currency: 'CNY' } as const;

describe('card replacement in the session', () => {
  it('opens from Home only; keeps the newest state; ignores it once the customer left', () => {
    expect(journeyReducer({ name: 'queue.choose' }, { type: 'openCardReplacement' })).toEqual({ name: 'queue.choose' });
    const opened = journeyReducer({ name: 'home' }, { type: 'openCardReplacement' });
    expect(opened).toEqual(at(-1, { phase: 'idle' }));
    const card = journeyReducer(opened, { type: 'cardReplacementStatus', status: { seq: 3, state: { phase: 'card', insertChip: false } } });
    expect(card).toEqual(at(3, { phase: 'card', insertChip: false }));
    expect(journeyReducer(card, { type: 'cardReplacementStatus', status: { seq: 2, state: { phase: 'dispensing' } } })).toBe(card);
    expect(journeyReducer({ name: 'home' }, { type: 'cardReplacementStatus', status: { seq: 9, state: { phase: 'dispensing' } } })).toEqual({ name: 'home' });
  });

  it.each([
    [{ phase: 'idle' }, 1, 'sign-in'],
    [{ phase: 'pin', digits: 0 }, 1, 'sign-in'],
    [{ phase: 'choose', cards: [], fees: { lost: fee, stolen: fee, damaged: fee } }, 2, 'choose'],
    [{ phase: 'dispensing' }, 4, 'dispensing'],
    [{ phase: 'new-pin', step: 1, digits: 0, mismatch: false }, 4, 'new-pin'],
    [{ phase: 'take-card', maskedPan: '622202*********0015', seconds: 30 }, 4, 'take-card'],
    [{ phase: 'done', maskedPan: '622202*********0015', reference: 'CR-1-ABCDEF', fee, receipt: 'printed' }, 5, 'done'],
    [{ phase: 'stopped', reason: 'device' }, 5, 'device-fault'],
    [{ phase: 'stopped', reason: 'not-taken', refunded: true }, 5, 'stopped'],
  ] as [CardReplacementState, number, string][])('%o is step %i of 5 (%s)', (state, current, id) => {
    expect(replacementStepOf(state)).toEqual({ id, current, total: 5 });
  });

  it('Back leaves before a card moves, returns to the cards from the fee, and is not offered while a card moves; Home waits while it moves', () => {
    const review = at(1, { phase: 'review', card: { cardId: 'K1', maskedPan: '622202*********0025', expiry: '2908', status: 'active' }, reason: 'damaged', fee, account: { accountId: 'A1', maskedNumber: '6222 **** 0001', kind: 'current', name: { 'zh-CN': '活期', en: 'Current' }, available: fee, ledger: fee }, blocked: false });
    expect(journeyReducer(at(1, { phase: 'choose', cards: [], fees: { lost: fee, stolen: fee, damaged: fee } }), { type: 'back' })).toEqual({ name: 'home' });
    expect(journeyReducer(review, { type: 'back' })).toBe(review);
    expect(backGoesToCards(review) && hasBack(review)).toBe(true);
    for (const state of [{ phase: 'dispensing' }, { phase: 'issuing' }, { phase: 'take-card', maskedPan: '622202*********0015', seconds: 9 }] as CardReplacementState[]) {
      expect(hasBack(at(2, state)), state.phase).toBe(false);
      expect(canGoHome(at(2, state)), state.phase).toBe(false);
      expect(journeyReducer(at(2, state), { type: 'home' })).toEqual(at(2, state));
    }
    expect(canGoHome(at(2, { phase: 'new-pin', step: 1, digits: 0, mismatch: false }))).toBe(true);
  });

  it('asks about a replacement only when a new card was taken', () => {
    const done = { seq: 4, state: { phase: 'done', maskedPan: '622202*********0015', reference: 'CR-1-ABCDEF', fee, receipt: 'printed' } } as const;
    expect(replacementFeedbackSubject(done, 'lost')).toEqual({ journey: 'card-replacement', service: 'lost', reference: 'CR-1-ABCDEF' });
    expect(replacementFeedbackSubject({ seq: 5, state: { phase: 'stopped', reason: 'not-taken', refunded: true } }, 'lost')).toBeNull();
    const subject = replacementFeedbackSubject(done, null);
    expect(journeyReducer(at(4, done.state), { type: 'askFeedback', ...(subject ? { about: subject } : {}) })).toEqual({ name: 'feedback', about: { journey: 'card-replacement', service: 'card', reference: 'CR-1-ABCDEF' } });
  });
});
