// Bill payment as a host service: one BillPaymentJourney per customer session, its state sent
// to the page as `billPayment.state`, the page's choices taken as bridge requests, and codes
// read by the barcode scanner handed to the journey while it waits for a bill. A new session
// (start after another customer, session.ended, session.opened) detaches the last journey:
// it is compensated (card released) and, if money was moving, left to finish on its own —
// but it never again speaks to the page, so no customer sees another's payment.
import type { BillerChoice, BillPaymentState, BillPaymentStatus } from '../../bridge/bill-payment-contract.js';
import type { Biller, BillLookup } from '../../../protocol/core-banking.js';
import type { CardKey } from '../../../protocol/card-security.js';
import type { MachineLogger } from '../assist/assist-machine.js';
import { BillPaymentJourney } from './bill-payment-machine.js';
import { HubUnreachableError, type BankPort, type CardPort, type JourneyTimers, type OfflinePolicy, type PaymentBook, type ReceiptPort } from './bill-payment-ports.js';

export type SessionLocale = 'zh-CN' | 'en';

export interface BillPaymentServiceDeps {
  bank: BankPort & { listBillers(): Promise<readonly Biller[]>; cardKey(): Promise<CardKey> };
  /** A fresh card port per journey: a detached journey's release can never free the next card. */
  cardPort(): CardPort;
  book: PaymentBook;
  /** Prints in the language the session chose (read through `locale()`). */
  receipt: (locale: () => SessionLocale) => ReceiptPort;
  offline: OfflinePolicy;
  /** The card readers seal cards to the hub's key once they have it. */
  setCardKey(key: CardKey): Promise<void>;
  /** Scanned text from the barcode scanner; returns the unsubscribe. */
  onScan(cb: (text: string) => void): () => void;
  emit(status: BillPaymentStatus): void;
  log: MachineLogger;
  timers?: JourneyTimers;
}

// The widest reference the number pad offers when a pattern does not say (billReferenceSchema).
const MAX_REFERENCE = 32;

/**
 * The longest reference a biller's pattern allows, for the number pad's length limit: "^\d{10}$"
 * → 10, "^1\d{10}$" → 11, "^\d{6,12}$" → 12. Patterns with repetition or alternation the pad
 * cannot bound get the widest reference; the hub checks the reference itself either way.
 */
export function referenceMaxLength(pattern: string): number {
  const body = pattern.replace(/^\^/, '').replace(/\$$/, '');
  if (/[|()*+]/.test(body)) return MAX_REFERENCE;
  let total = 0;
  for (let i = 0; i < body.length; ) {
    const c = body[i];
    if (c === '{') {
      const quantifier = /^\{(\d+)(?:,(\d*))?\}/.exec(body.slice(i));
      if (!quantifier || quantifier[2] === '') return MAX_REFERENCE;
      // The atom before it was counted once already.
      total += Number(quantifier[2] ?? quantifier[1]) - 1;
      i += quantifier[0].length;
      continue;
    }
    if (c === '?') {
      i += 1;
      continue;
    }
    const end = c === '\\' ? i + 2 : c === '[' ? body.indexOf(']', i) + 1 : i + 1;
    if (end <= i) return MAX_REFERENCE;
    total += 1;
    i = end;
  }
  return Math.min(MAX_REFERENCE, Math.max(4, total));
}

const idleStatus = (seq: number): BillPaymentStatus => ({ seq, state: { phase: 'idle' } });

export class BillPaymentService {
  private journey: BillPaymentJourney | null = null;
  private seq = 0;
  private locale: SessionLocale = 'zh-CN';
  private cardKeyId: string | null = null;
  private readonly stopScans: () => void;

  constructor(private readonly deps: BillPaymentServiceDeps) {
    this.stopScans = deps.onScan((text) => this.scanned(text));
  }

  /** The page's view: the current journey's state under the service's own sequence. */
  status(): BillPaymentStatus {
    return this.journey ? { seq: this.seq, state: this.journey.state } : idleStatus(this.seq);
  }

  /** The result on screen and the card session still open, for a recommendation (issue 13); null before a result. */
  resultForRecommendation(): { state: Extract<BillPaymentState, { phase: 'result' }>; sessionId: string | null } | null {
    const journey = this.journey;
    return journey?.state.phase === 'result' ? { state: journey.state, sessionId: journey.cardSessionId } : null;
  }

  async billers(): Promise<{ reachable: boolean; billers: BillerChoice[] }> {
    try {
      const list = await this.deps.bank.listBillers();
      return {
        reachable: true,
        billers: list.slice(0, 50).map((b) => ({ billerId: b.billerId, category: b.category, name: b.name, referenceLabel: b.referenceLabel, maxLength: referenceMaxLength(b.referencePattern), fee: b.fee })),
      };
    } catch (err) {
      if (!(err instanceof HubUnreachableError)) this.deps.log.warn({ err: (err as Error).message }, 'bill-payment: billers not listed');
      return { reachable: false, billers: [] };
    }
  }

  /** The hub's card-data key, to the card readers; again at every start until it worked once. */
  async ensureCardKey(): Promise<boolean> {
    if (this.cardKeyId) return true;
    try {
      const key = await this.deps.bank.cardKey();
      await this.deps.setCardKey(key);
      this.cardKeyId = key.keyId;
      this.deps.log.info({ keyId: key.keyId }, 'bill-payment: card readers seal to the hub key');
      return true;
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'bill-payment: no card-data key from the hub yet');
      return false;
    }
  }

  async start(locale: SessionLocale): Promise<BillPaymentStatus> {
    this.locale = locale;
    await this.detach('a new bill payment started');
    const journey = new BillPaymentJourney({
      bank: this.deps.bank,
      card: this.deps.cardPort(),
      book: this.deps.book,
      receipt: this.deps.receipt(() => this.locale),
      offline: this.deps.offline,
      log: this.deps.log,
      timers: this.deps.timers,
      onChange: () => {
        if (this.journey === journey) this.publish();
      },
    });
    this.journey = journey;
    void this.ensureCardKey();
    journey.start();
    return this.status();
  }

  findBill(lookup: BillLookup): BillPaymentStatus {
    const journey = this.journey;
    if (journey?.state.phase === 'bill-entry') this.run(journey.findBill(lookup), 'bill lookup');
    return this.status();
  }

  confirmBill(): BillPaymentStatus {
    const journey = this.journey;
    if (journey?.state.phase === 'bill-shown') this.run(journey.payWithCard(), 'card and PIN');
    return this.status();
  }

  /** `locale`: the customer may have switched language since the start; the receipt follows the screen. */
  confirmPayment(locale: SessionLocale): BillPaymentStatus {
    this.locale = locale;
    const journey = this.journey;
    if (journey?.state.phase === 'review') this.run(journey.confirm(), 'payment');
    return this.status();
  }

  async cancel(): Promise<{ cancelled: boolean; status: BillPaymentStatus }> {
    const journey = this.journey;
    if (!journey) return { cancelled: true, status: this.status() };
    const { phase } = journey.state;
    if (phase === 'idle' || phase === 'stopped' || phase === 'result') {
      // Nothing to stop; leaving now is the end of the journey (the card is released).
      await this.detach('customer left the bill payment');
      return { cancelled: true, status: this.status() };
    }
    const cancelled = await journey.cancel();
    return { cancelled, status: this.status() };
  }

  async finish(): Promise<BillPaymentStatus> {
    await this.journey?.finish();
    return this.status();
  }

  /** Idle timeout, Done, Home from the menu, a reloaded page: the session's journey ends. */
  async sessionEnded(reason: string): Promise<void> {
    await this.detach(`session ended: ${reason}`);
  }

  close(): void {
    this.stopScans();
    void this.detach('host stopping');
  }

  private scanned(text: string): void {
    const journey = this.journey;
    // Only bill entry takes a code; a scan anywhere else is not for this journey.
    if (journey?.state.phase !== 'bill-entry') return;
    const payload = text.trim().slice(0, 512);
    if (payload === '') return;
    this.deps.log.info({ length: payload.length }, 'bill-payment: code scanned');
    this.run(journey.findBill({ by: 'payload', payload }), 'scanned bill lookup');
  }

  private async detach(cause: string): Promise<void> {
    const journey = this.journey;
    if (!journey) return;
    this.journey = null;
    this.publish();
    if (journey.state.phase !== 'idle') this.deps.log.info({ phase: journey.state.phase, cause }, 'bill-payment: journey ended with the session');
    await journey.sessionEnded().catch((err: Error) => this.deps.log.warn({ err: err.message }, 'bill-payment: compensation failed'));
  }

  private publish(): void {
    this.seq += 1;
    this.deps.emit(this.status());
  }

  // A step runs after the request has answered; its outcome reaches the page as state events.
  private run(step: Promise<void>, what: string): void {
    step.catch((err: unknown) => this.deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, `bill-payment: ${what} failed`));
  }
}
