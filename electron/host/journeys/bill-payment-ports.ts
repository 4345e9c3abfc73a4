// What the bill-payment journey needs from the world, as narrow ports so the machine is tested
// with fakes and wired to the hub, the device worker, the outbox and the printer in the host.
import type { PinBlock, SealedCard, SealedIdentity } from '../../../protocol/card-security.js';
import type { BillLookup, BillLookupResult, CardAuthorisationResponse, LocalisedText, PaymentResult } from '../../../protocol/core-banking.js';
import type { Money } from '../../../protocol/money.js';

/** The hub did not answer (network, timeout, 5xx): the caller decides what offline allows. */
export class HubUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HubUnreachableError';
  }
}

export interface BankPort {
  lookupBill(lookup: BillLookup): Promise<BillLookupResult>;
  /** The biller's display name; from the cached biller list when the hub is away. */
  billerName(billerId: string): Promise<LocalisedText>;
  authorise(card: SealedCard, pin: PinBlock): Promise<CardAuthorisationResponse>;
  payBill(request: { idempotencyKey: string; sessionId: string; accountId: string; billId: string; amount: Money }): Promise<PaymentResult>;
  /** Compensation: the card session ends at the hub (best effort; it also expires by itself). */
  endSession(sessionId: string): Promise<void>;
}

/** `identity`: a China ID card on the ID reader, from a port that accepts one (balances and statements). */
/** `document`: where the ID reader's worker holds the whole card (its chip photo), for a journey that checks the face. */
export type DocumentRef = { role: string; docRef: string };
export type PresentedCard = { kind: 'card'; sealed: SealedCard } | { kind: 'insert-chip' } | { kind: 'identity'; sealed: SealedIdentity; document?: DocumentRef };

/** Card reader + PIN pad inside the device worker: the PAN never leaves it in clear. */
export interface CardPort {
  presentCard(signal: AbortSignal): Promise<PresentedCard>;
  /**
   * PIN entry bound to the presented card — or, for an ID card, to the hub's one-time `binding`;
   * `onDigits` gets only the count typed so far.
   */
  readPin(onDigits: (count: number) => void, signal: AbortSignal, binding?: string): Promise<PinBlock>;
  /** Compensation: the worker forgets the card; the customer is asked to take it. */
  release(): Promise<void>;
  /** The presented card left its reader (a chip reader can tell); returns the unsubscribe. */
  onRemoved?(cb: () => void): () => void;
}

/** A PIN pad refusal the journey tells apart: the customer cancelled, or let it time out. */
export type PinStop = 'PIN_CANCELLED' | 'PIN_TIMEOUT';

export interface PaymentRecord {
  billId: string;
  billerId: string;
  reference: string;
  amount: Money;
  fee: Money;
  maskedPan: string;
  /**
   * Online: the hub's card session, with the sealed card and PIN block that opened it as the
   * fallback the hub forwards if the online call never reaches the bank (the customer was told
   * "pending"). Offline: the sealed card and PIN block to forward. Either way encrypted at rest.
   */
  authorisation: { kind: 'session'; sessionId: string; accountId: string; fallback: { card: SealedCard; pin: PinBlock } } | { kind: 'forward'; card: SealedCard; pin: PinBlock };
}

/** The outbox: a payment is durable before any money moves; its row id is the idempotency key. */
export interface PaymentBook {
  record(payment: PaymentRecord): Promise<{ id: string }>;
  /** The online answer, kept with the row (for the receipt, the console and reconciliation). */
  settle(id: string, result: PaymentResult | { outcome: 'pending' }): Promise<void>;
}

export interface ReceiptPort {
  /** Resolves true when printed; false when the printer could not (the screen says so). */
  printPayment(receipt: { billerName: LocalisedText; reference: string | null; billReference: string; total: Money; maskedPan: string; pending: boolean }): Promise<boolean>;
}

/** Store-and-forward limits (offline-rules.ts) for one more offline payment of `amount`. */
export interface OfflinePolicy {
  mayPayOffline(amount: Money): Promise<boolean>;
}

export interface JourneyTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Node's own timers behind the JourneyTimers shape (tests pass manual ones). */
export const systemTimers: JourneyTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
