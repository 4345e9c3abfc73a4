// Card + PIN + authorise as both journeys run it: the steps it asks the journey to show, the
// wrong-PIN loop with the tries left, and each way it ends (approved, declined, hub away, the
// journey gone — with a late approval's session handed back to be ended).
import { describe, expect, it } from 'vitest';
import { CARD_SEAL_ALGORITHM, type PinBlock, type SealedCard } from '../../../protocol/card-security.js';
import type { CardAuthorisationResponse } from '../../../protocol/core-banking.js';
import { HubUnreachableError, type CardPort, type PresentedCard } from './bill-payment-ports.js';
import { authoriseCard, cardStopOf, type CardStep } from './card-authorisation.js';

const CARD: SealedCard = { alg: CARD_SEAL_ALGORITHM, keyId: 'demo-card-1', epk: 'A'.repeat(43), iv: 'B'.repeat(16), ct: 'C'.repeat(40), tag: 'D'.repeat(22), masked: '622202******0017', entry: 'chip' };
const PIN: PinBlock = { format: 4, keyId: 'demo-pek-aes-1', block: '0'.repeat(32) };
const SESSION = { sessionId: '0194c1a2-7b3c-7d4e-8f90-a1b2c3d4e5f6', expiresAt: '2026-12-04T10:05:00Z', maskedPan: CARD.masked, customer: { customerId: 'C1', displayName: '张伟' }, accounts: [] };

function run(answers: (() => Promise<CardAuthorisationResponse>)[], opts: { cards?: PresentedCard[]; refuse?: CardStep['phase']; phaseAfterBank?: string } = {}) {
  const shown: CardStep[] = [];
  const cards = [...(opts.cards ?? [{ kind: 'card', sealed: CARD } as const])];
  let phase = 'idle';
  let onCard = '';
  const card: CardPort = {
    presentCard: async () => cards.shift() ?? { kind: 'card', sealed: CARD },
    readPin: async (onDigits) => {
      for (let i = 1; i <= 4; i++) onDigits(i);
      return PIN;
    },
    release: async () => undefined,
  };
  const result = authoriseCard({
    card,
    bank: {
      authorise: async () => {
        const answer = await (answers.shift() ?? (async () => ({ outcome: 'approved', session: SESSION }) as const))();
        if (opts.phaseAfterBank) phase = opts.phaseAfterBank;
        return answer;
      },
    },
    signal: new AbortController().signal,
    phase: () => phase,
    show: (step) => {
      if (step.phase === opts.refuse) return false;
      shown.push(step);
      phase = step.phase;
      return true;
    },
    onCard: (masked) => (onCard = masked),
  });
  return { result, shown, onCard: () => onCard };
}

describe('authoriseCard', () => {
  it('card (asked to insert after a swiped chip card), PIN digits, authorising, approved', async () => {
    const r = run([], { cards: [{ kind: 'insert-chip' }, { kind: 'card', sealed: CARD }] });
    // The card and PIN block the session was opened with: a payment books them as its fallback.
    expect(await r.result).toEqual({ outcome: 'approved', maskedPan: CARD.masked, session: SESSION, card: CARD, pin: PIN });
    expect(r.shown.map((s) => (s.phase === 'pin' ? `pin ${s.digits}` : s.phase === 'card' ? `card ${s.insertChip}` : s.phase))).toEqual([
      'card false',
      'card true',
      'pin 0',
      'pin 1',
      'pin 2',
      'pin 3',
      'pin 4',
      'authorising',
    ]);
    expect(r.onCard()).toBe(CARD.masked);
  });

  it('a wrong PIN asks again with the tries left; out of tries is declined', async () => {
    const r = run([async () => ({ outcome: 'declined', reason: 'wrong-pin', triesLeft: 2 }), async () => ({ outcome: 'declined', reason: 'wrong-pin', triesLeft: 0 })]);
    expect(await r.result).toEqual({ outcome: 'declined', reason: 'wrong-pin' });
    expect(r.shown.filter((s) => s.phase === 'pin' && s.digits === 0)).toEqual([{ phase: 'pin', maskedPan: CARD.masked, digits: 0 }, { phase: 'pin', maskedPan: CARD.masked, digits: 0, triesLeft: 2 }]);
  });

  it('the hub away hands back the sealed card and PIN block for the journey to decide', async () => {
    const r = run([async () => Promise.reject(new HubUnreachableError('timeout'))]);
    expect(await r.result).toMatchObject({ outcome: 'unreachable', maskedPan: CARD.masked, card: CARD, pin: PIN });
  });

  it('the journey gone: a refused step ends it quietly; an approval after that comes back to be ended', async () => {
    expect(await run([], { refuse: 'pin' }).result).toEqual({ outcome: 'left' });
    expect(await run([], { phaseAfterBank: 'stopped' }).result).toEqual({ outcome: 'left', orphanSession: SESSION.sessionId });
    expect(await run([async () => ({ outcome: 'declined', reason: 'card-blocked' })], { phaseAfterBank: 'idle' }).result).toEqual({ outcome: 'left' });
  });
});

describe('cardStopOf', () => {
  it('maps the pad and reader codes to the journey’s stop reasons; an abort by the journey is no stop', () => {
    const live = new AbortController().signal;
    const code = (c: string) => Object.assign(new Error(c), { code: c });
    expect(cardStopOf(code('PIN_CANCELLED'), live)?.reason).toBe('customer');
    expect(cardStopOf(code('PIN_TIMEOUT'), live)?.reason).toBe('timeout');
    expect(cardStopOf(code('CARD_REMOVED'), live)?.reason).toBe('card-removed');
    expect(cardStopOf(new HubUnreachableError('x'), live)?.reason).toBe('hub-unreachable');
    expect(cardStopOf(code('NO_DEVICE'), live)).toEqual({ reason: 'device', cause: 'device failure: NO_DEVICE' });
    const aborted = new AbortController();
    aborted.abort();
    expect(cardStopOf(code('PIN_CANCELLED'), aborted.signal)).toBeNull();
  });
});
