// Bill payment as the host runs it (DESIGN §9), after the assist call machine: named phases,
// one setter with an allowed-moves table that logs "old → new", a deadline per phase that waits
// on the customer, and a compensation for every step with an effect — the PIN entry is
// cancelled, the card released, the hub's card session ended — so cancel, timeout or a device
// failure leaves nothing half done. Money moves only in `paying`, which cannot be cancelled:
// the payment is in the outbox first (its row id is the idempotency key), so a kill after that
// point is finished by sync, and a replay never debits twice. An online row carries the sealed
// card and PIN block its session was opened with as a fallback (encrypted at rest, like an
// offline row's): if the online call never reached the bank, the hub forwards the row with it
// once the session is over (hub/banking/stored-payments.ts). The journey holds them only until
// the row does.
import type { BillPaymentPhase, BillPaymentState, BillPaymentStatus, BillPaymentStop, PayingAccount } from '../../bridge/bill-payment-contract.js';
import type { PinBlock, SealedCard } from '../../../protocol/card-security.js';
import { authoriseCard, cardStopOf } from './card-authorisation.js';
import type { AccountSummary, Bill, BillLookup, DeclineReason, LocalisedText } from '../../../protocol/core-banking.js';
import { parseBillPayload } from '../../../protocol/core-banking.js';
import { addMoney, type Money } from '../../../protocol/money.js';
import type { MachineLogger } from '../assist/assist-machine.js';
import { HubUnreachableError, systemTimers, type BankPort, type CardPort, type JourneyTimers, type OfflinePolicy, type PaymentBook, type ReceiptPort } from './bill-payment-ports.js';

const ALLOWED: Record<BillPaymentPhase, readonly BillPaymentPhase[]> = {
  idle: ['bill-entry'],
  'bill-entry': ['finding-bill'],
  'finding-bill': ['bill-shown', 'bill-entry'],
  'bill-shown': ['card'],
  card: ['card', 'pin'],
  pin: ['pin', 'authorising'],
  authorising: ['review', 'pin'],
  review: ['paying'],
  paying: ['result'],
  result: ['result'],
  stopped: ['bill-entry'],
};

export function canMove(from: BillPaymentPhase, to: BillPaymentPhase): boolean {
  // Any phase may end (stopped) or be wiped with the session (idle) — except while money moves.
  if (from === 'paying') return to === 'result';
  return to === 'idle' || to === 'stopped' || ALLOWED[from].includes(to);
}

/** How long each phase waits for the customer before the journey ends with `timeout`. */
export const PHASE_DEADLINE_MS: Partial<Record<BillPaymentPhase, number>> = {
  'bill-entry': 120_000,
  'bill-shown': 90_000,
  card: 60_000,
  // The pad has its own entry timeout; this only catches a pad that never answers.
  pin: 75_000,
  review: 90_000,
  result: 60_000,
};

type Shown = { bill: Bill; billerName: LocalisedText };
type Authorised = Shown & { maskedPan: string; total: Money } & ({ offline: false; sessionId: string; account: AccountSummary } | { offline: true });
/** The sealed card and PIN block the customer authorised with, until the payment row holds them. */
type Forwardable = { card: SealedCard; pin: PinBlock };

export interface BillPaymentDeps {
  bank: BankPort;
  card: CardPort;
  book: PaymentBook;
  receipt: ReceiptPort;
  offline: OfflinePolicy;
  log: MachineLogger;
  onChange(status: BillPaymentStatus): void;
  timers?: JourneyTimers;
  /** Today, for a bill read from its code while the hub is away (due date unknown). */
  today?: () => string;
}

// The account a bill is paid from: the first one in the bill's currency that covers it, else
// the first in that currency (the bank then declines with insufficient-funds, which we show).
function payingAccount(accounts: readonly AccountSummary[], total: Money): AccountSummary | null {
  const same = accounts.filter((a) => a.available.currency === total.currency);
  return same.find((a) => a.available.minor >= total.minor) ?? same[0] ?? null;
}

const shownAccount = (account: AccountSummary): PayingAccount => ({ accountId: account.accountId, maskedNumber: account.maskedNumber, name: account.name, available: account.available });

export class BillPaymentJourney {
  private current: BillPaymentStatus = { seq: 0, state: { phase: 'idle' } };
  private deadline: unknown = null;
  private abort = new AbortController();
  private shown: Shown | null = null;
  private maskedPan: string | null = null;
  private sessionId: string | null = null;
  private authorised: Authorised | null = null;
  private forwardable: Forwardable | null = null;
  private readonly timers: JourneyTimers;
  private unwatchCard: (() => void) | null = null;

  constructor(private readonly deps: BillPaymentDeps) {
    this.timers = deps.timers ?? systemTimers;
  }

  get state(): BillPaymentState {
    return this.current.state;
  }

  /** The hub card session still open (until finish or a compensation); null offline. Only its id: no card data. */
  get cardSessionId(): string | null {
    return this.sessionId;
  }

  status(): BillPaymentStatus {
    return this.current;
  }

  /** The only way the state changes; a move the table forbids is refused and logged. */
  private set(next: BillPaymentState, cause: string): boolean {
    const from = this.current.state.phase;
    if (!canMove(from, next.phase)) {
      this.deps.log.warn({ from, to: next.phase, cause }, `bill-payment: refused ${from} → ${next.phase}`);
      return false;
    }
    this.current = { seq: this.current.seq + 1, state: next };
    const fields = { from, to: next.phase, cause };
    if (from === next.phase) this.deps.log.debug(fields, `bill-payment: ${from} → ${next.phase}`);
    else this.deps.log.info(fields, `bill-payment: ${from} → ${next.phase}`);
    this.armDeadline(next.phase, from !== next.phase);
    this.deps.onChange(this.current);
    return true;
  }

  private armDeadline(phase: BillPaymentPhase, changed: boolean): void {
    if (!changed) return;
    if (this.deadline !== null) this.timers.clearTimeout(this.deadline);
    this.deadline = null;
    const ms = PHASE_DEADLINE_MS[phase];
    if (ms === undefined) return;
    this.deadline = this.timers.setTimeout(() => {
      this.deadline = null;
      if (phase === 'result') void this.finish();
      else void this.stop('timeout', `no answer in ${phase} for ${ms} ms`);
    }, ms);
  }

  start(): boolean {
    const { phase } = this.current.state;
    if (phase !== 'idle' && phase !== 'stopped') return false;
    this.reset();
    return this.set({ phase: 'bill-entry' }, 'customer chose bill payment');
  }

  /** A scanned code or a typed biller + reference. */
  async findBill(lookup: BillLookup): Promise<void> {
    if (!this.set({ phase: 'finding-bill' }, `look up by ${lookup.by}`)) return;
    try {
      const found = await this.deps.bank.lookupBill(lookup);
      if (this.current.state.phase !== 'finding-bill') return;
      if (found.outcome === 'declined') {
        const problem = found.reason === 'bill-already-paid' ? 'bill-already-paid' : 'unknown-bill';
        this.set({ phase: 'bill-entry', problem }, `bill lookup declined: ${found.reason}`);
        return;
      }
      await this.showBill(found.bill, 'bill found');
    } catch (err) {
      if (!(err instanceof HubUnreachableError)) this.deps.log.warn({ err: (err as Error).message }, 'bill-payment: bill lookup failed');
      // Offline, only a code that carries the whole bill (biller, bill id, amount) can be paid.
      const payload = lookup.by === 'payload' ? parseBillPayload(lookup.payload) : null;
      if (!payload) {
        this.set({ phase: 'bill-entry', problem: lookup.by === 'payload' ? 'unreadable-code' : 'hub-unreachable' }, 'hub unreachable for the bill lookup');
        return;
      }
      const zero = { minor: 0, currency: payload.amount.currency };
      const today = this.deps.today?.() ?? new Date().toISOString().slice(0, 10);
      await this.showBill(
        { billId: payload.billId, billerId: payload.billerId, reference: payload.reference, payeeName: '—', period: '—', amount: payload.amount, fee: zero, dueDate: today, status: 'open' },
        'bill read from its code while the hub is unreachable',
      );
    }
  }

  private async showBill(bill: Bill, cause: string): Promise<void> {
    const billerName = await this.deps.bank.billerName(bill.billerId).catch(() => ({ 'zh-CN': bill.billerId, en: bill.billerId }));
    if (this.current.state.phase !== 'finding-bill') return;
    this.shown = { bill, billerName };
    this.set({ phase: 'bill-shown', ...this.shown }, cause);
  }

  /** The customer confirmed the bill: card, then PIN, then the bank (card-authorisation.ts). */
  async payWithCard(): Promise<void> {
    const shown = this.shown;
    if (!shown) return;
    const signal = this.abort.signal;
    try {
      const answer = await authoriseCard({
        card: this.deps.card,
        bank: this.deps.bank,
        signal,
        phase: () => this.current.state.phase,
        show: (step, cause) => this.set({ ...shown, ...step }, step.phase === 'card' && !step.insertChip ? 'customer pays the bill by card' : cause),
        onCard: (maskedPan) => {
          this.maskedPan = maskedPan;
          this.watchCard();
        },
      });
      if (answer.outcome === 'left') return this.endOrphan(answer.orphanSession);
      // Ended (cancel, session end) between the bank's answer and this line: the compensation
      // has run without this session, so it is ended here (found by the random-order property).
      if (signal.aborted) return answer.outcome === 'approved' ? this.endOrphan(answer.session.sessionId) : undefined;
      if (answer.outcome === 'declined') return this.stop('declined', `card declined: ${answer.reason}`, answer.reason);
      // An ID card pays nothing; this journey's port does not even present one.
      if (answer.outcome === 'identity') return this.stop('declined', 'an ID card is not a means of payment', 'unknown-card');
      const { maskedPan } = answer;
      const total = addMoney(shown.bill.amount, shown.bill.fee);
      if (answer.outcome === 'unreachable') {
        if (!(await this.deps.offline.mayPayOffline(total))) return this.stop('offline-limit', 'hub unreachable and the offline limits refuse this payment');
        if (signal.aborted || this.current.state.phase !== 'authorising') return;
        this.authorised = { ...shown, maskedPan, total, offline: true };
        this.forwardable = { card: answer.card, pin: answer.pin };
        this.set({ phase: 'review', ...shown, maskedPan, account: null, total, offline: true }, 'hub unreachable: store and forward');
        return;
      }
      this.sessionId = answer.session.sessionId;
      const account = payingAccount(answer.session.accounts, total);
      if (!account) return this.stop('declined', 'no account in the bill currency', 'unknown-account');
      this.authorised = { ...shown, maskedPan, total, offline: false, sessionId: answer.session.sessionId, account };
      this.forwardable = { card: answer.card, pin: answer.pin };
      this.set({ phase: 'review', ...shown, maskedPan, account: shownAccount(account), total, offline: false }, 'card authorised');
    } catch (err) {
      await this.deviceStopped(err);
    }
  }

  /** The customer confirmed the review screen: the payment is booked, then sent. */
  async confirm(): Promise<void> {
    const a = this.authorised;
    const forwardable = this.forwardable;
    if (!a || !forwardable || this.current.state.phase !== 'review') return;
    if (!this.set({ phase: 'paying', bill: a.bill, billerName: a.billerName, maskedPan: a.maskedPan, total: a.total }, 'customer confirmed the payment')) return;
    // From here the outbox row is the only copy of the card and PIN block, booked or not: a
    // journey that kept them would hold them in memory for the rest of the customer's session.
    this.forwardable = null;
    const result = { bill: a.bill, billerName: a.billerName, maskedPan: a.maskedPan, total: a.total };
    let row: { id: string };
    try {
      row = await this.deps.book.record({
        billId: a.bill.billId,
        billerId: a.bill.billerId,
        reference: a.bill.reference,
        amount: a.bill.amount,
        fee: a.bill.fee,
        maskedPan: a.maskedPan,
        authorisation: a.offline ? { kind: 'forward', ...forwardable } : { kind: 'session', sessionId: a.sessionId, accountId: a.account.accountId, fallback: forwardable },
      });
    } catch (err) {
      // Nothing is booked and nothing was sent: no money moved.
      this.deps.log.warn({ err: (err as Error).message }, 'bill-payment: the payment could not be booked');
      this.set({ phase: 'result', ...result, outcome: 'declined', reason: 'limit-exceeded' }, 'outbox refused the payment');
      return this.compensate();
    }
    if (a.offline) {
      await this.settle(row.id, { outcome: 'pending' });
      this.set({ phase: 'result', ...result, outcome: 'pending' }, 'stored for forwarding');
      return this.printReceipt(null, true);
    }
    try {
      const paid = await this.deps.bank.payBill({ idempotencyKey: row.id, sessionId: a.sessionId, accountId: a.account.accountId, billId: a.bill.billId, amount: a.bill.amount });
      await this.settle(row.id, paid);
      if (paid.outcome === 'declined') {
        this.set({ phase: 'result', ...result, outcome: 'declined', reason: paid.reason }, `payment declined: ${paid.reason}`);
        return;
      }
      this.set({ phase: 'result', ...result, outcome: 'approved', reference: paid.reference }, 'payment approved');
      return this.printReceipt(paid.reference, false);
    } catch (err) {
      // Whatever went wrong, the booked row reaches the hub by sync with the same key: if this
      // call reached the bank, the hub has (or will have) its answer under that key; if it never
      // did, the hub forwards the row with its fallback (the card and PIN block) once the card
      // session is over, and the bank's idempotency on the key rules out a second debit. Either
      // way the bank answers it once, so "pending" is true — never "failed".
      if (!(err instanceof HubUnreachableError)) this.deps.log.warn({ err: (err as Error).message }, 'bill-payment: payment answer lost');
      await this.settle(row.id, { outcome: 'pending' });
      this.set({ phase: 'result', ...result, outcome: 'pending' }, 'hub lost during the payment: sync finishes it');
      return this.printReceipt(null, true);
    }
  }

  private async settle(id: string, result: Parameters<PaymentBook['settle']>[1]): Promise<void> {
    await this.deps.book.settle(id, result).catch((err: Error) => this.deps.log.warn({ outboxId: id, err: err.message }, 'bill-payment: answer not kept with the row'));
  }

  private async printReceipt(reference: string | null, pending: boolean): Promise<void> {
    const state = this.current.state;
    if (state.phase !== 'result') return;
    this.set({ ...state, receipt: 'printing' }, 'printing the receipt');
    const printed = await this.deps.receipt
      .printPayment({ billerName: state.billerName, reference, billReference: state.bill.reference, total: state.total, maskedPan: state.maskedPan, pending })
      .catch(() => false);
    const now = this.current.state;
    if (now.phase === 'result') this.set({ ...now, receipt: printed ? 'printed' : 'not-printed' }, printed ? 'receipt printed' : 'receipt not printed');
  }

  /** Cancel by the customer; refused while money moves. */
  async cancel(): Promise<boolean> {
    if (this.current.state.phase === 'paying') return false;
    await this.stop('customer', 'customer cancelled');
    return true;
  }

  /** Result seen (or its deadline passed): the card is released and the journey is over. */
  async finish(): Promise<void> {
    if (this.current.state.phase !== 'result') return;
    await this.compensate();
    this.set({ phase: 'idle' }, 'journey finished');
  }

  /** The session ended (idle timeout, Home): compensate and forget, unless money is moving. */
  async sessionEnded(): Promise<void> {
    const { phase } = this.current.state;
    if (phase === 'idle' || phase === 'paying') return;
    await this.compensate();
    this.set({ phase: 'idle' }, 'session ended');
  }

  private async stop(reason: BillPaymentStop, cause: string, declined?: DeclineReason): Promise<void> {
    const { phase } = this.current.state;
    if (phase === 'idle' || phase === 'stopped' || phase === 'paying') return;
    await this.compensate();
    this.set({ phase: 'stopped', reason, ...(declined ? { declined } : {}) }, cause);
  }

  // Approved after the journey had already ended and compensated: that session ends too.
  private async endOrphan(sessionId: string | undefined): Promise<void> {
    if (sessionId) await this.deps.bank.endSession(sessionId).catch((err: Error) => this.deps.log.warn({ err: err.message }, 'bill-payment: card session not ended (it expires)'));
  }

  private async deviceStopped(err: unknown): Promise<void> {
    const stop = cardStopOf(err, this.abort.signal);
    if (!stop) return;
    if (stop.reason === 'device') this.deps.log.warn({ code: (err as { code?: string }).code, err: (err as Error).message }, 'bill-payment: device failure');
    return this.stop(stop.reason, stop.cause);
  }

  /**
   * A card taken out after its PIN (authorising, review) ends the journey like Cancel: nothing
   * is booked yet. Once the payment is booked (paying, result) it runs to its end regardless —
   * the money does not depend on the card staying in. (During the PIN the card port itself
   * ends the entry with CARD_REMOVED.)
   */
  private watchCard(): void {
    this.unwatchCard?.();
    this.unwatchCard =
      this.deps.card.onRemoved?.(() => {
        const { phase } = this.current.state;
        if (phase === 'authorising' || phase === 'review') void this.stop('card-removed', `card removed in ${phase}`);
      }) ?? null;
  }

  // Every effect so far, undone: PIN entry and card wait aborted, hub session ended, card released.
  private async compensate(): Promise<void> {
    this.unwatchCard?.();
    this.unwatchCard = null;
    this.abort.abort();
    const sessionId = this.sessionId;
    this.sessionId = null;
    if (sessionId) await this.deps.bank.endSession(sessionId).catch((err: Error) => this.deps.log.warn({ err: err.message }, 'bill-payment: card session not ended (it expires)'));
    if (this.maskedPan) await this.deps.card.release().catch((err: Error) => this.deps.log.warn({ err: err.message }, 'bill-payment: card not released'));
    this.maskedPan = null;
    this.authorised = null;
    this.forwardable = null;
    this.shown = null;
  }

  private reset(): void {
    this.abort = new AbortController();
    this.shown = null;
    this.maskedPan = null;
    this.sessionId = null;
    this.authorised = null;
    this.forwardable = null;
  }
}
