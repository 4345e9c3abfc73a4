// Card replacement as the host runs it (issue 11, DESIGN §9): named phases, one setter with an
// allowed-moves table that logs "old → new", a deadline on every phase that waits on the
// customer, and a compensation for each effect. The rule it keeps: no fee without a card in the
// customer's hand.
//  - Signed in (card + PIN, or ID card + the debit card's PIN) until the end: the card session
//    is ended and the card released on every way out.
//  - A lost or stolen card is blocked the moment the customer says so, and stays blocked.
//  - A dispensed card that was not issued (cancel, PINs that differ, a decline, a hub that does
//    not answer) goes to the capture bin; nothing was charged — or, when the bank's answer never
//    came, the booked row says so and completing it 'not-taken' later voids whatever the bank did.
//  - An issued card not taken in time is captured by the dispenser and the issue completed
//    'not-taken': the bank voids it and refunds the fee.
import type { CardReplacementPhase, CardReplacementState, CardReplacementStop } from '../../bridge/card-replacement-contract.js';
import type { IssueCardResponse, ReplacementFees, ReplacementReason } from '../../../protocol/card-replacement.js';
import type { PinBlock, SealedIdentity } from '../../../protocol/card-security.js';
import type { AccountSummary, CardSummary, DeclineReason } from '../../../protocol/core-banking.js';
import type { Money } from '../../../protocol/money.js';
import type { MachineLogger } from '../assist/assist-machine.js';
import type { AccountCardPort } from './account-services-ports.js';
import { HubUnreachableError, systemTimers, type JourneyTimers } from './bill-payment-ports.js';
import { authoriseCard, cardStopOf } from './card-authorisation.js';
import type { CardReplacementBankPort, DispensedCard, IdentityPhotoPort, NewCardPort, ReplacementBook, ReplacementReceiptPort } from './card-replacement-ports.js';
import type { FaceEvidence } from '../../../protocol/account-opening.js';
import { DEFAULT_FACE_MATCH_THRESHOLD } from '../../../protocol/face-check.js';
import type { DocumentRef } from './bill-payment-ports.js';
import { signInByIdentity, type IdentityAuthorisation } from './identity-authorisation.js';

const ALLOWED: Record<CardReplacementPhase, readonly CardReplacementPhase[]> = {
  // A first card (after an account opened at the kiosk) skips sign-in and choice.
  idle: ['card', 'dispensing'],
  card: ['card', 'pin'],
  pin: ['pin', 'authorising'],
  authorising: ['choose', 'pin', 'face'],
  face: ['choose'],
  choose: ['review'],
  review: ['choose', 'dispensing'],
  dispensing: ['new-pin'],
  'new-pin': ['new-pin', 'issuing'],
  issuing: ['new-pin', 'take-card'],
  'take-card': ['done'],
  done: ['done'],
  stopped: ['card', 'dispensing'],
};

export function canMove(from: CardReplacementPhase, to: CardReplacementPhase): boolean {
  return to === 'idle' || to === 'stopped' || ALLOWED[from].includes(to);
}

/** How long each phase waits for the customer before the journey ends with `timeout`. */
export const PHASE_DEADLINE_MS: Partial<Record<CardReplacementPhase, number>> = { card: 60_000, pin: 75_000, face: 150_000, choose: 120_000, review: 120_000, 'new-pin': 90_000, done: 60_000 };
/** How long the new card waits at the slot before the dispenser takes it back. */
export const TAKE_CARD_MS = 30_000;
/** PIN pairs that differ before the journey gives up (the card is captured, nothing charged). */
export const MAX_PIN_MISMATCHES = 2;

/** A card the customer may replace: not one already waiting to be taken, nor one never taken. */
const replaceable = (card: CardSummary): boolean => card.status !== 'issued' && card.status !== 'voided';

export interface CardReplacementDeps {
  bank: CardReplacementBankPort;
  card: AccountCardPort;
  acceptsIdCard?: boolean;
  newCard: NewCardPort;
  book: ReplacementBook;
  receipt: ReplacementReceiptPort;
  log: MachineLogger;
  onChange(state: CardReplacementState): void;
  timers?: JourneyTimers;
  /** How long the new card waits at the slot (TAKE_CARD_MS). */
  takeCardMs?: number;
  /** The ID card's chip photo for the face check after an ID-card sign-in; without it an ID card cannot sign in here. */
  identityPhoto?: IdentityPhotoPort;
  faceThreshold?: number;
}

type SignedIn = { sessionId: string; accounts: AccountSummary[]; cards: CardSummary[]; fees: ReplacementFees };
type Choice = { card: CardSummary; reason: ReplacementReason; fee: Money; account: AccountSummary };
type Pins = { pin: PinBlock; confirm: PinBlock };
/** What is issued once the new card is read and its PIN typed twice: a replacement, or a new customer's first card. */
type IssueOrder = {
  row: Omit<Parameters<ReplacementBook['book']>[0], 'newCard'>;
  ask(idempotencyKey: string, card: DispensedCard, pins: Pins): Promise<IssueCardResponse>;
};

export class CardReplacementJourney {
  private current: CardReplacementState = { phase: 'idle' };
  private deadline: unknown = null;
  private abort = new AbortController();
  private heldCard = false;
  private sessionId: string | null = null;
  private signedIn: SignedIn | null = null;
  private choice: Choice | null = null;
  /** The new card in the dispenser's channel, until it is issued and taken, or captured. */
  private dispensed: DispensedCard | null = null;
  private readonly timers: JourneyTimers;
  /** The page's face-step answer, while the journey waits for it. */
  private faceAnswer: ((evidence: FaceEvidence | null) => void) | null = null;

  constructor(private readonly deps: CardReplacementDeps) {
    this.timers = deps.timers ?? systemTimers;
  }

  get state(): CardReplacementState {
    return this.current;
  }

  private phase(): CardReplacementPhase {
    return this.current.phase;
  }

  private set(next: CardReplacementState, cause: string): boolean {
    const from = this.current.phase;
    if (!canMove(from, next.phase)) {
      this.deps.log.warn({ from, to: next.phase, cause }, `card-replacement: refused ${from} → ${next.phase}`);
      return false;
    }
    this.current = next;
    if (from === next.phase) this.deps.log.debug({ from, to: next.phase, cause }, `card-replacement: ${from} → ${next.phase}`);
    else {
      this.deps.log.info({ from, to: next.phase, cause }, `card-replacement: ${from} → ${next.phase}`);
      this.armDeadline(next.phase);
    }
    this.deps.onChange(next);
    return true;
  }

  private armDeadline(phase: CardReplacementPhase): void {
    if (this.deadline !== null) this.timers.clearTimeout(this.deadline);
    this.deadline = null;
    const ms = PHASE_DEADLINE_MS[phase];
    if (ms === undefined) return;
    this.deadline = this.timers.setTimeout(() => {
      this.deadline = null;
      if (this.phase() === phase) void (phase === 'done' ? this.finish() : this.stop('timeout', `no answer in ${phase} for ${ms} ms`));
    }, ms);
  }

  /** Sign in, then the list of the customer's cards. */
  async start(): Promise<void> {
    const { phase } = this.current;
    if (phase !== 'idle' && phase !== 'stopped') return;
    this.abort = new AbortController();
    const signal = this.abort.signal;
    try {
      const answer = await authoriseCard({
        card: this.deps.card,
        bank: this.deps.bank,
        signal,
        phase: () => this.phase(),
        show: (step, cause) => this.set(step.phase === 'card' && this.deps.acceptsIdCard ? { ...step, idCard: true } : step, cause),
        onCard: () => void (this.heldCard = true),
      });
      const signedIn = answer.outcome === 'identity' ? await this.signInById(answer.sealed, signal) : answer;
      if (signedIn.outcome === 'left') return this.endSession(signedIn.orphanSession);
      if (signal.aborted) return signedIn.outcome === 'approved' ? this.endSession(signedIn.session.sessionId) : undefined;
      if (signedIn.outcome === 'declined') return this.stop('declined', `sign-in declined: ${signedIn.reason}`, signedIn.reason);
      if (signedIn.outcome === 'unreachable') return this.stop('hub-unreachable', signedIn.error.message);
      this.sessionId = signedIn.session.sessionId;
      // An ID card is a document anyone may have found: its holder's face is checked too.
      if (answer.outcome === 'identity' && !(await this.checkFace(answer.document, signal))) return;
      const listed = await this.deps.bank.cards(signedIn.session.sessionId);
      if (signal.aborted) return;
      if (listed.outcome === 'declined') return this.stop('declined', `cards not listed: ${listed.reason}`, listed.reason);
      const cards = listed.cards.filter(replaceable);
      if (cards.length === 0) return this.stop('declined', 'no card to replace', 'unknown-card');
      this.signedIn = { sessionId: signedIn.session.sessionId, accounts: signedIn.session.accounts, cards, fees: listed.fees };
      this.set({ phase: 'choose', cards, fees: listed.fees }, 'signed in');
    } catch (err) {
      if (err instanceof HubUnreachableError && !signal.aborted) return this.stop('hub-unreachable', err.message);
      const stop = cardStopOf(err, signal);
      if (stop) await this.stop(stop.reason, stop.cause);
    }
  }

  private signInById(identity: SealedIdentity, signal: AbortSignal): Promise<IdentityAuthorisation> {
    return signInByIdentity(this.deps.bank, { identity, card: this.deps.card, signal, phase: () => this.phase(), show: (step, cause) => this.set(step, cause) });
  }


  /** Only a live face that is the ID card's holder goes on; anything else stops the journey (card + PIN, or the counter). */
  private async checkFace(document: DocumentRef | undefined, signal: AbortSignal): Promise<boolean> {
    const idPhoto = document && this.deps.identityPhoto ? await this.deps.identityPhoto.photo(document).catch(() => null) : null;
    if (signal.aborted) return false;
    if (!idPhoto) {
      await this.stop('face-check', 'no ID card photo to check the face against');
      return false;
    }
    const answered = new Promise<FaceEvidence | null>((resolve) => {
      this.faceAnswer = resolve;
      signal.addEventListener('abort', () => resolve(null), { once: true });
    });
    if (!this.set({ phase: 'face', idPhoto, threshold: this.deps.faceThreshold ?? DEFAULT_FACE_MATCH_THRESHOLD }, 'signed in by ID card: face check')) return false;
    const evidence = await answered;
    this.faceAnswer = null;
    if (!evidence || signal.aborted) return false;
    if (evidence.outcome === 'checked' && evidence.result.decision === 'match') return true;
    await this.stop('face-check', `face check: ${evidence.outcome === 'checked' ? evidence.result.decision : evidence.reason}`);
    return false;
  }

  /** The page's face step answered. */
  face(evidence: FaceEvidence): void {
    if (this.phase() === 'face') this.faceAnswer?.(evidence);
  }

  /** The card and why; a lost or stolen one is blocked at once, then the fee is shown. */
  async choose(cardId: string, reason: ReplacementReason): Promise<void> {
    const s = this.signedIn;
    const card = s?.cards.find((c) => c.cardId === cardId);
    if (!s || !card || this.phase() !== 'choose') return;
    const fee = s.fees[reason];
    // The fee comes from the first account in its currency that can pay it.
    const account = s.accounts.find((a) => a.available.currency === fee.currency && a.available.minor >= fee.minor);
    if (!account) return this.stop('declined', 'no account can pay the fee', 'insufficient-funds');
    let blocked = card.status === 'blocked';
    if (reason !== 'damaged' && !blocked) {
      try {
        const answer = await this.deps.bank.blockCard({ sessionId: s.sessionId, cardId, reason });
        if (answer.outcome === 'declined') return this.stop('declined', `card not blocked: ${answer.reason}`, answer.reason);
        blocked = answer.card.status === 'blocked';
      } catch (err) {
        if (err instanceof HubUnreachableError) return this.stop('hub-unreachable', err.message);
        throw err;
      }
    }
    this.choice = { card, reason, fee, account };
    this.set({ phase: 'review', card, reason, fee, account, blocked }, `card ${cardId}: ${reason}`);
  }

  backToCards(): void {
    const s = this.signedIn;
    if (s && this.phase() === 'review') this.set({ phase: 'choose', cards: s.cards, fees: s.fees }, 'customer chose another card');
  }

  /** The customer accepts the fee: the new card is dispensed and read, its PIN set twice, and the bank issues it. */
  async confirm(): Promise<void> {
    const choice = this.choice;
    const s = this.signedIn;
    if (!choice || !s || this.phase() !== 'review') return;
    this.set({ phase: 'dispensing' }, 'customer accepted the fee');
    await this.dispenseAndIssue({
      row: { replaces: choice.card.cardId, reason: choice.reason, fee: choice.fee },
      ask: (idempotencyKey, card, pins) =>
        this.deps.bank.issueCard({ sessionId: s.sessionId, idempotencyKey, replaces: choice.card.cardId, reason: choice.reason, feeAccountId: choice.account.accountId, fee: choice.fee, newCard: card.sealed, ...pins }),
    });
  }

  /**
   * A first debit card for the account the customer has just opened at this kiosk (account
   * opening): no sign-in (they have no card yet; the application is the authority) and no fee.
   */
  async issueFirst(application: { applicationId: string; currency: Money['currency'] }): Promise<void> {
    const { phase } = this.current;
    if (phase !== 'idle' && phase !== 'stopped') return;
    this.abort = new AbortController();
    this.set({ phase: 'dispensing' }, 'customer asked for a debit card for the new account');
    await this.dispenseAndIssue({
      row: { replaces: null, reason: 'first-card', fee: { minor: 0, currency: application.currency } },
      ask: (idempotencyKey, card, pins) => this.deps.bank.issueFirstCard({ idempotencyKey, applicationId: application.applicationId, newCard: card.sealed, ...pins }),
    });
  }

  private async dispenseAndIssue(order: IssueOrder): Promise<void> {
    const signal = this.abort.signal;
    try {
      this.dispensed = await this.deps.newCard.dispense(signal);
    } catch (err) {
      this.deps.log.warn({ code: (err as { code?: string }).code }, 'card-replacement: no card dispensed');
      return this.stop('device', `dispenser: ${(err as { code?: string }).code ?? (err as Error).message}`);
    }
    if (signal.aborted) return;
    for (let mismatches = 0; ; ) {
      const pins = await this.readNewPin(mismatches > 0, signal).catch(async (err: unknown) => {
        const stop = cardStopOf(err, signal);
        if (stop) await this.stop(stop.reason, stop.cause);
        return null;
      });
      if (!pins || signal.aborted) return;
      const outcome = await this.issue(order, pins);
      if (outcome !== 'pin-mismatch') return;
      mismatches += 1;
      if (mismatches >= MAX_PIN_MISMATCHES) return this.stop('declined', 'the PINs differed too often', 'pin-mismatch');
    }
  }

  private async readNewPin(mismatch: boolean, signal: AbortSignal) {
    const card = this.dispensed;
    if (!card) throw new Error('no dispensed card');
    const entry = async (step: 1 | 2) => {
      if (!this.set({ phase: 'new-pin', step, digits: 0, mismatch }, step === 1 ? 'new card read' : 'first PIN entered')) throw Object.assign(new Error('left'), { code: 'ABORTED' });
      return this.deps.newCard.readPin(card.cardRef, (digits) => void (this.phase() === 'new-pin' && this.set({ phase: 'new-pin', step, digits: Math.min(digits, 12), mismatch }, 'PIN digit')), signal);
    };
    const pin = await entry(1);
    const confirm = await entry(2);
    return { pin, confirm };
  }

  /** One issue under a freshly booked row: 'done' when it ended the journey one way or the other. */
  private async issue(order: IssueOrder, pins: Pins): Promise<'done' | 'pin-mismatch'> {
    const card = this.dispensed;
    if (!card || !this.set({ phase: 'issuing' }, 'second PIN entered')) return 'done';
    let id: string;
    try {
      ({ id } = await this.deps.book.book({ ...order.row, newCard: card.sealed.masked }));
    } catch (err) {
      // Not booked (the kiosk knows the hub is away, or its storage is full): the bank is not
      // asked, nothing is charged, and the dispensed card goes to the capture bin with the stop.
      const code = (err as { code?: string }).code;
      await this.stop(code === 'OFFLINE_NOT_ALLOWED' || code === 'OFFLINE_LIMIT' ? 'hub-unreachable' : 'device', `replacement not booked: ${(err as Error).message}`);
      return 'done';
    }
    let answer;
    try {
      answer = await order.ask(id, card, pins);
    } catch (err) {
      // No answer: the bank may have issued it. The row says so; completing it 'not-taken' voids it.
      await this.keep(id, { issue: 'unknown' });
      await this.keep(id, { completed: 'pending', outcome: 'not-taken' });
      await this.stop(err instanceof HubUnreachableError ? 'hub-unreachable' : 'device', `issue not answered: ${(err as Error).message}`);
      return 'done';
    }
    if (answer.outcome === 'declined') {
      await this.keep(id, { issue: 'declined', reason: answer.reason });
      if (answer.reason === 'pin-mismatch') return 'pin-mismatch';
      await this.stop('declined', `issue declined: ${answer.reason}`, answer.reason);
      return 'done';
    }
    await this.keep(id, { issue: 'issued', reference: answer.reference });
    const takeMs = this.deps.takeCardMs ?? TAKE_CARD_MS;
    if (!this.set({ phase: 'take-card', maskedPan: answer.maskedPan, seconds: Math.max(1, Math.round(takeMs / 1000)) }, 'card issued')) return 'done';
    const taken = await this.deps.newCard.present(takeMs).catch(() => 'captured' as const);
    // Either way the card has left the channel: taken, or in the capture bin.
    this.dispensed = null;
    const completed = await this.deps.bank.completeIssue({ idempotencyKey: id, outcome: taken === 'taken' ? 'taken' : 'not-taken' }).catch((err: Error) => {
      this.deps.log.warn({ outboxId: id, err: err.message }, 'card-replacement: completion not answered; the row keeps it for later');
      return null;
    });
    const outcome = taken === 'taken' ? 'taken' : 'not-taken';
    await this.keep(id, completed === null || completed.outcome === 'declined' ? { completed: 'pending', outcome } : { completed: completed.outcome });
    if (taken !== 'taken') {
      await this.stop('not-taken', 'the new card was not taken: captured', undefined, answer.fee.minor > 0);
      return 'done';
    }
    const done = { phase: 'done', maskedPan: answer.maskedPan, reference: answer.reference, fee: answer.fee, returnsCard: this.heldCard } as const;
    this.set({ ...done, receipt: 'printing' }, 'new card taken');
    const printed = await this.deps.receipt.print({ reference: answer.reference, maskedPan: answer.maskedPan, fee: answer.fee, reason: order.row.reason }).catch(() => false);
    if (this.phase() === 'done') this.set({ ...done, receipt: printed ? 'printed' : 'not-printed' }, printed ? 'receipt printed' : 'receipt not printed');
    return 'done';
  }

  private async keep(id: string, state: Parameters<ReplacementBook['keep']>[1]): Promise<void> {
    await this.deps.book.keep(id, state).catch((err: Error) => this.deps.log.warn({ outboxId: id, err: err.message }, 'card-replacement: state not kept with the row'));
  }

  /** The customer pressed Cancel (before the card is issued). */
  async cancel(): Promise<void> {
    const phase = this.phase();
    // The bank is issuing or the card is at the slot: the journey ends by itself (taken, or captured).
    if (phase === 'issuing' || phase === 'take-card') return;
    await this.stop('customer', 'customer cancelled');
  }

  async finish(): Promise<void> {
    if (this.phase() !== 'done') return;
    await this.compensate();
    this.set({ phase: 'idle' }, 'customer finished');
  }

  /** The kiosk session ended (idle timeout, Home): like a cancel, but the issued card still waits its 30 s. */
  async sessionEnded(reason: string): Promise<void> {
    const phase = this.phase();
    if (phase === 'idle' || phase === 'stopped' || phase === 'issuing' || phase === 'take-card') return;
    if (phase === 'done') return this.finish();
    await this.stop('customer', `session ended: ${reason}`);
  }

  /** `refunded`: with 'not-taken', whether a fee was charged and so refunded (a first card has none). */
  private async stop(reason: CardReplacementStop, cause: string, declined?: DeclineReason, refunded = true): Promise<void> {
    const { phase } = this.current;
    if (phase === 'idle' || phase === 'stopped') return;
    await this.compensate();
    this.set({ phase: 'stopped', reason, ...(declined ? { declined } : {}), ...(reason === 'not-taken' ? { refunded } : {}) }, cause);
  }

  private async endSession(sessionId: string | undefined): Promise<void> {
    if (sessionId) await this.deps.bank.endSession(sessionId).catch((err: Error) => this.deps.log.warn({ err: err.message }, 'card-replacement: card session not ended (it expires)'));
  }

  // Every effect so far, undone: waits aborted, a dispensed card captured, the session ended, the sign-in card released.
  private async compensate(): Promise<void> {
    this.abort.abort();
    if (this.deadline !== null) this.timers.clearTimeout(this.deadline);
    this.deadline = null;
    const dispensed = this.dispensed;
    this.dispensed = null;
    if (dispensed) await this.deps.newCard.capture(dispensed.cardRef).catch((err: Error) => this.deps.log.warn({ err: err.message }, 'card-replacement: dispensed card not captured'));
    const sessionId = this.sessionId;
    this.sessionId = null;
    this.signedIn = null;
    this.choice = null;
    await this.endSession(sessionId ?? undefined);
    if (this.heldCard) {
      this.heldCard = false;
      await this.deps.card.release().catch((err: Error) => this.deps.log.warn({ err: err.message }, 'card-replacement: sign-in card not released'));
    }
  }
}
