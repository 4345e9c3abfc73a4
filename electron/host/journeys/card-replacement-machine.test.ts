// The card-replacement journey against fake ports (issue 11): the rule is "no fee without a card
// in the customer's hand". Each path checks what the bank was asked, what happened to the
// dispensed card (taken, or captured), what the booked row keeps, and that the sign-in is undone.
import { describe, expect, it, vi } from 'vitest';
import { cardReplacementStateSchema, type CardReplacementState } from '../../bridge/card-replacement-contract.js';
import type { CardsResponse, CompleteIssueResponse, IssueCardResponse } from '../../../protocol/card-replacement.js';
import { CARD_SEAL_ALGORITHM, type PinBlock, type SealedCard, type SealedIdentity } from '../../../protocol/card-security.js';
import type { FaceEvidence, InlineImage } from '../../../protocol/account-opening.js';
import type { AccountSummary, CardAuthorisationResponse } from '../../../protocol/core-banking.js';
import { HubUnreachableError } from './bill-payment-ports.js';
import { CardReplacementJourney, MAX_PIN_MISMATCHES, TAKE_CARD_MS } from './card-replacement-machine.js';
import type { CardReplacementBankPort, NewCardPort, ReplacementBook } from './card-replacement-ports.js';

const seal = (masked: string): SealedCard => ({ alg: CARD_SEAL_ALGORITHM, keyId: 'demo-card-1', epk: 'A'.repeat(43), iv: 'B'.repeat(16), ct: 'C'.repeat(40), tag: 'D'.repeat(22), masked, entry: 'chip' });
const OLD = seal('622202*********0017');
const NEW = seal('622202*********1005');
const PIN: PinBlock = { format: 4, keyId: 'demo-pek-aes-1', block: '1'.repeat(32) };
const SESSION = '0194c1a2-7b3c-7d4e-8f90-a1b2c3d4e5f6';
const cny = (minor: number) => ({ minor, currency: 'CNY' as const });
const ACCOUNT: AccountSummary = { accountId: 'A1001', maskedNumber: '6222 **** **** 0001', kind: 'current', name: { 'zh-CN': '活期账户', en: 'Current account' }, available: cny(1_234_567), ledger: cny(1_234_567) };
const SIGNED_IN: CardAuthorisationResponse = { outcome: 'approved', session: { sessionId: SESSION, expiresAt: '2026-12-05T10:05:00Z', maskedPan: OLD.masked, customer: { customerId: 'C1001', displayName: '张伟' }, accounts: [ACCOUNT] } };
const CARDS: CardsResponse = {
  outcome: 'ok',
  cards: [
    { cardId: 'K1001', maskedPan: OLD.masked, expiry: '3012', status: 'active' },
    { cardId: 'K9', maskedPan: '622202*********0099', expiry: '3012', status: 'voided' },
  ],
  fees: { lost: cny(1_000), stolen: cny(1_000), damaged: cny(500) },
};
const IDENTITY: SealedIdentity = { alg: CARD_SEAL_ALGORITHM, keyId: 'demo-card-1', epk: 'A'.repeat(43), iv: 'B'.repeat(16), ct: 'C'.repeat(40), tag: 'D'.repeat(22), kind: 'cn-id', masked: '310101********031X' };
const ID_PHOTO: InlineImage = { mime: 'image/jpeg', base64: '/9j/4AAQSkZJRgABAQ==' };
const faceResult = (decision: 'match' | 'no-match' | 'not-live', score: number) => ({
  score,
  threshold: 0.6,
  decision,
  liveness: { passed: decision !== 'not-live', reason: decision === 'not-live' ? ('no-movement' as const) : ('live' as const), challenge: decision === 'not-live' ? null : ('blink' as const), framesAnalysed: 20, antiSpoofScore: null },
  timings: { idPhotoMs: 10, framesMs: 100, answerMs: 90 },
  engine: 'test',
});
const checked = (decision: 'match' | 'no-match' | 'not-live', score: number): FaceEvidence => ({ outcome: 'checked', result: faceResult(decision, score), livePhoto: ID_PHOTO });
const ISSUED: IssueCardResponse = { outcome: 'issued', cardId: 'KNEW', maskedPan: NEW.masked, fee: cny(1_000), reference: 'CR-20261205-ABCDEF012345' };

function harness(opts: { issue?: Array<IssueCardResponse | Error>; taken?: 'taken' | 'captured'; complete?: () => Promise<CompleteIssueResponse>; dispense?: () => Promise<never>; idCard?: { photo: InlineImage | null }; book?: () => Promise<never> } = {}) {
  const states: CardReplacementState[] = [];
  const effects: string[] = [];
  const kept: string[] = [];
  const issueAnswers = [...(opts.issue ?? [ISSUED])];
  let rows = 0;
  const bank: CardReplacementBankPort = {
    authorise: async () => SIGNED_IN,
    identityChallenge: async () => ({ challengeId: '0194c1a2-0000-7000-8000-0000000000aa', binding: '9000000000000001', expiresAt: '2026-12-05T10:03:00Z' }),
    authoriseIdentity: async () => SIGNED_IN,
    endSession: async (id) => void effects.push(`end-session ${id}`),
    accounts: async () => ({ outcome: 'ok', accounts: [ACCOUNT] }),
    cards: async () => CARDS,
    blockCard: vi.fn(async ({ cardId }) => (effects.push(`block ${cardId}`), { outcome: 'ok' as const, card: { cardId, maskedPan: OLD.masked, expiry: '3012', status: 'blocked' as const } })),
    issueCard: vi.fn(async (request) => {
      effects.push(`issue ${request.idempotencyKey}`);
      const next = issueAnswers.shift() ?? ISSUED;
      if (next instanceof Error) throw next;
      return next;
    }),
    issueFirstCard: vi.fn(async (request) => {
      effects.push(`issue-first ${request.applicationId}`);
      const next = issueAnswers.shift() ?? ISSUED;
      if (next instanceof Error) throw next;
      return next;
    }),
    completeIssue: vi.fn(opts.complete ?? (async ({ outcome }: { outcome: 'taken' | 'not-taken' }) => (effects.push(`complete ${outcome}`), outcome === 'taken' ? { outcome: 'activated' as const, card: { cardId: 'KNEW', maskedPan: NEW.masked, expiry: '3112', status: 'active' as const } } : { outcome: 'voided' as const, refunded: cny(1_000) }))),
  };
  const newCard: NewCardPort = {
    dispense: opts.dispense ?? (async () => (effects.push('dispense'), { cardRef: 'new-ref', sealed: NEW })),
    readPin: async (cardRef, onDigits) => {
      effects.push(`pin ${cardRef}`);
      for (let i = 1; i <= 6; i++) onDigits(i);
      return PIN;
    },
    present: async (ms) => (effects.push(`present ${ms}`), opts.taken ?? 'taken'),
    capture: async (cardRef) => void effects.push(`capture ${cardRef}`),
  };
  const booked: unknown[] = [];
  const book: ReplacementBook = {
    book: opts.book ?? (async (row) => (booked.push(row), { id: `0194c1a2-0000-7000-8000-00000000000${++rows}` })),
    keep: async (id, state) => void kept.push(`${id.slice(-1)} ${JSON.stringify(state)}`),
  };
  const journey = new CardReplacementJourney({
    bank,
    card: {
      presentCard: async () => (opts.idCard ? { kind: 'identity', sealed: IDENTITY, document: { role: 'idcard', docRef: '0194c1a2-2222-7000-8000-000000000001' } } : { kind: 'card', sealed: OLD }),
      readPin: async () => PIN,
      release: async () => void effects.push('card-released'),
    },
    ...(opts.idCard ? { acceptsIdCard: true, identityPhoto: { photo: async (doc: { docRef: string }) => (effects.push(`photo ${doc.docRef}`), opts.idCard!.photo) }, faceThreshold: 0.6 } : {}),
    newCard,
    book,
    receipt: { print: async (r) => (effects.push(`receipt ${r.reference}`), true) },
    log: { info: () => undefined, debug: () => undefined, warn: () => undefined },
    onChange: (state) => states.push(cardReplacementStateSchema.parse(state)),
  });
  return { journey, bank, states, effects, kept, booked };
}

const toReview = async (h: ReturnType<typeof harness>, reason: 'lost' | 'damaged' = 'lost') => {
  await h.journey.start();
  expect(h.journey.state).toMatchObject({ phase: 'choose' });
  await h.journey.choose('K1001', reason);
  expect(h.journey.state.phase).toBe('review');
};

describe('card replacement journey', () => {
  it('lost card: blocked at once, new card dispensed, PIN twice, issued, taken, receipt; the sign-in undone once at Done', async () => {
    const h = harness();
    await h.journey.start();
    // A card never taken is not offered again.
    expect(h.journey.state).toEqual({ phase: 'choose', cards: [CARDS.outcome === 'ok' && CARDS.cards[0]], fees: CARDS.outcome === 'ok' && CARDS.fees });
    await h.journey.choose('K1001', 'lost');
    expect(h.journey.state).toMatchObject({ phase: 'review', reason: 'lost', fee: cny(1_000), blocked: true, account: { accountId: 'A1001' } });
    expect(h.effects).toEqual(['block K1001']);
    await h.journey.confirm();
    expect(h.states.filter((s) => s.phase === 'new-pin' && s.digits === 6).map((s) => s.phase === 'new-pin' && s.step)).toEqual([1, 2]);
    expect(h.journey.state).toEqual({ phase: 'done', maskedPan: NEW.masked, reference: ISSUED.outcome === 'issued' ? ISSUED.reference : '', fee: cny(1_000), receipt: 'printed', returnsCard: true });
    expect(h.effects).toEqual(['block K1001', 'dispense', 'pin new-ref', 'pin new-ref', 'issue 0194c1a2-0000-7000-8000-000000000001', `present ${TAKE_CARD_MS}`, 'complete taken', 'receipt CR-20261205-ABCDEF012345']);
    expect(h.kept).toEqual(['1 {"issue":"issued","reference":"CR-20261205-ABCDEF012345"}', '1 {"completed":"activated"}']);
    await h.journey.finish();
    expect(h.journey.state.phase).toBe('idle');
    expect(h.effects.filter((e) => e === `end-session ${SESSION}` || e === 'card-released')).toEqual([`end-session ${SESSION}`, 'card-released']);
  });

  it('a card not taken in time is captured and the issue voided (fee refunded); the customer is told', async () => {
    const h = harness({ taken: 'captured' });
    await toReview(h, 'damaged');
    expect(h.bank.blockCard).not.toHaveBeenCalled();
    await h.journey.confirm();
    expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'not-taken', refunded: true });
    expect(h.effects).toContain('complete not-taken');
    expect(h.kept.at(-1)).toBe('1 {"completed":"voided"}');
    // The dispenser already took it back: nothing captured twice.
    expect(h.effects.filter((e) => e.startsWith('capture'))).toEqual([]);
  });

  it('PINs that differ are asked again under a new row; too many, and the card is captured with nothing charged', async () => {
    const mismatch: IssueCardResponse = { outcome: 'declined', reason: 'pin-mismatch' };
    const again = harness({ issue: [mismatch, ISSUED] });
    await toReview(again);
    await again.journey.confirm();
    expect(again.states.some((s) => s.phase === 'new-pin' && s.mismatch)).toBe(true);
    expect(again.journey.state.phase).toBe('done');
    expect(again.kept[0]).toBe('1 {"issue":"declined","reason":"pin-mismatch"}');
    expect(again.kept[1]).toBe('2 {"issue":"issued","reference":"CR-20261205-ABCDEF012345"}');

    const giveUp = harness({ issue: Array.from({ length: MAX_PIN_MISMATCHES }, () => mismatch) });
    await toReview(giveUp);
    await giveUp.journey.confirm();
    expect(giveUp.journey.state).toEqual({ phase: 'stopped', reason: 'declined', declined: 'pin-mismatch' });
    expect(giveUp.effects.filter((e) => e.startsWith('capture'))).toEqual(['capture new-ref']);
    expect(giveUp.effects.some((e) => e.startsWith('present') || e.startsWith('complete'))).toBe(false);
  });

  it('a hub that does not answer the issue: the card is captured and the row says the completion is pending', async () => {
    const h = harness({ issue: [new HubUnreachableError('timeout')] });
    await toReview(h);
    await h.journey.confirm();
    expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'hub-unreachable' });
    expect(h.kept).toEqual(['1 {"issue":"unknown"}', '1 {"completed":"pending","outcome":"not-taken"}']);
    expect(h.effects).toContain('capture new-ref');
  });

  it('a replacement the outbox will not book (the kiosk knows the hub is away): the bank is not asked, the card is captured', async () => {
    const h = harness({ book: async () => Promise.reject(Object.assign(new Error('card.replacement: not available while the hub is unreachable'), { code: 'OFFLINE_NOT_ALLOWED' })) });
    await toReview(h, 'damaged');
    await h.journey.confirm();
    expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'hub-unreachable' });
    expect(h.bank.issueCard).not.toHaveBeenCalled();
    expect(h.effects.filter((e) => e.startsWith('capture'))).toEqual(['capture new-ref']);
    expect(h.kept).toEqual([]);

    const full = harness({ book: async () => Promise.reject(Object.assign(new Error('storage full'), { code: 'STORAGE_FULL' })) });
    await toReview(full, 'damaged');
    await full.journey.confirm();
    expect(full.journey.state).toEqual({ phase: 'stopped', reason: 'device' });
    expect(full.effects.filter((e) => e.startsWith('capture'))).toEqual(['capture new-ref']);
  });

  it('a jammed dispenser stops with a device reason before anything is charged; cancel at review undoes the sign-in', async () => {
    const jam = harness({ dispense: async () => Promise.reject(Object.assign(new Error('jam'), { code: 'JAM' })) });
    await toReview(jam);
    await jam.journey.confirm();
    expect(jam.journey.state).toEqual({ phase: 'stopped', reason: 'device' });
    expect(jam.bank.issueCard).not.toHaveBeenCalled();

    const cancel = harness();
    await toReview(cancel, 'damaged');
    await cancel.journey.cancel();
    expect(cancel.journey.state).toEqual({ phase: 'stopped', reason: 'customer' });
    expect(cancel.effects).toEqual([`end-session ${SESSION}`, 'card-released']);
  });

  it('a completion the hub did not answer is kept pending (the card is in the customer hand; the fee stays)', async () => {
    const h = harness({ complete: async () => Promise.reject(new HubUnreachableError('down')) });
    await toReview(h);
    await h.journey.confirm();
    expect(h.journey.state.phase).toBe('done');
    expect(h.kept.at(-1)).toBe('1 {"completed":"pending","outcome":"taken"}');
  });

  it('a first card for a just-opened account: no sign-in, no choice, no fee; dispensed, PIN twice, issued on the application, taken, receipt', async () => {
    const APPLICATION = '0194c1a2-1111-7000-8000-000000000001';
    const free: IssueCardResponse = { ...ISSUED, fee: cny(0) } as IssueCardResponse;
    const h = harness({ issue: [free] });
    await h.journey.issueFirst({ applicationId: APPLICATION, currency: 'CNY' });
    expect(h.states[0]).toEqual({ phase: 'dispensing' });
    expect(h.effects).toEqual(['dispense', 'pin new-ref', 'pin new-ref', `issue-first ${APPLICATION}`, `present ${TAKE_CARD_MS}`, 'complete taken', 'receipt CR-20261205-ABCDEF012345']);
    expect(h.booked).toEqual([{ replaces: null, reason: 'first-card', fee: cny(0), newCard: NEW.masked }]);
    // No card was signed in with: the done screen asks for none back.
    expect(h.journey.state).toMatchObject({ phase: 'done', fee: cny(0), receipt: 'printed', returnsCard: false });
    expect(h.bank.issueCard).not.toHaveBeenCalled();
    // Only from a journey at rest: a second press mid-way changes nothing.
    await h.journey.issueFirst({ applicationId: APPLICATION, currency: 'CNY' });
    expect(h.effects.filter((e) => e === 'dispense')).toHaveLength(1);
  });

  it('a first card not taken is captured and voided, like a replacement', async () => {
    const h = harness({ taken: 'captured', issue: [{ ...ISSUED, fee: cny(0) } as IssueCardResponse] });
    await h.journey.issueFirst({ applicationId: '0194c1a2-1111-7000-8000-000000000002', currency: 'CNY' });
    // Nothing was charged, so nothing is said to be refunded.
    expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'not-taken', refunded: false });
    expect(h.effects).toContain('complete not-taken');
  });

  it('signed in by ID card: the face is checked against the chip photo before any card is shown; a match goes on', async () => {
    const h = harness({ idCard: { photo: ID_PHOTO } });
    const started = h.journey.start();
    await vi.waitFor(() => expect(h.journey.state.phase).toBe('face'));
    expect(h.journey.state).toEqual({ phase: 'face', idPhoto: ID_PHOTO, threshold: 0.6 });
    expect(h.effects).toEqual(['photo 0194c1a2-2222-7000-8000-000000000001']);
    h.journey.face(checked('match', 0.9));
    await started;
    expect(h.journey.state.phase).toBe('choose');
    // Through to the new card: the customer keeps the ID card, so there is no card to give back.
    await h.journey.choose('K1001', 'damaged');
    await h.journey.confirm();
    expect(h.journey.state).toMatchObject({ phase: 'done', receipt: 'printed', returnsCard: false });
  });

  it('signed in by ID card: another face, no live face, a refused camera or no chip photo stops the journey and ends the session', async () => {
    for (const answer of [checked('no-match', 0.3), checked('not-live', 0.9), { outcome: 'needs-staff', reason: 'camera-denied' } as FaceEvidence]) {
      const h = harness({ idCard: { photo: ID_PHOTO } });
      const started = h.journey.start();
      await vi.waitFor(() => expect(h.journey.state.phase).toBe('face'));
      h.journey.face(answer);
      await started;
      expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'face-check' });
      expect(h.effects).toContain(`end-session ${SESSION}`);
      expect(h.states.some((s) => s.phase === 'choose')).toBe(false);
    }
    const noPhoto = harness({ idCard: { photo: null } });
    await noPhoto.journey.start();
    expect(noPhoto.journey.state).toEqual({ phase: 'stopped', reason: 'face-check' });
    expect(noPhoto.states.some((s) => s.phase === 'face')).toBe(false);
  });
});
