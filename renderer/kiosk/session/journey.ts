// The customer journey as an explicit state machine. Each phase carries exactly the data it
// needs, so no phase is implied by which optional field happens to be set, and every change
// goes through `journeyReducer`. Events that do not fit the current phase are ignored: this
// is what makes a late answer from the host (after Home, Back or a timeout) harmless.
import type { AccountOpeningStatus } from '../../../electron/bridge/account-opening-contract.js';
import type { AccountServicesPhase, AccountServicesStatus } from '../../../electron/bridge/account-services-contract.js';
import type { BillPaymentStatus } from '../../../electron/bridge/bill-payment-contract.js';
import type { CardReplacementStatus } from '../../../electron/bridge/card-replacement-contract.js';
import type { AppointmentProblem, CheckInResult } from '../../../electron/bridge/appointments-contract.js';
import type { Locale, PrintFailureCode, PrintOutcome, QueueService, Ticket } from '../../../electron/bridge/contract.js';
import type { Offer } from '../../../electron/bridge/recommendation-contract.js';
import { backGoesToCards, leavesReplacementByBack, replacementHoldsHome } from '../card-replacement/replacement-steps.js';

export type { PrintOutcome };

export type PrintState = { kind: 'printed' } | { kind: 'failed'; code: PrintFailureCode } | { kind: 'reprinting' };

export type Phase =
  | { name: 'attract' }
  | { name: 'language' }
  | { name: 'home' }
  | { name: 'queue.choose' }
  /** `priority`: the customer asked for priority service (elderly, disability, pregnancy). */
  | { name: 'queue.issuing'; attempt: number; service: QueueService; priority: boolean }
  | { name: 'queue.issueFailed'; attempt: number; service: QueueService; priority: boolean; code: string }
  | { name: 'queue.ticket'; service: QueueService; ticket: Ticket; print: PrintState }
  /** Bill payment: the host runs the journey; the page shows its latest state (highest seq). */
  | { name: 'bill'; status: BillPaymentStatus }
  /** Balances and statements: host-run like bill payment; the page shows the newest state. */
  | { name: 'accounts'; status: AccountServicesStatus }
  /** Opening an account: host-run as well (document, face, consent, KYC, the expert's approval). */
  | { name: 'accountOpening'; status: AccountOpeningStatus }
  /** Replacing a card: host-run like the others; the page shows the newest state. */
  | { name: 'cardReplacement'; status: CardReplacementStatus }
  /** Booking an appointment: the steps live in the screen (nothing is booked until its last one). */
  | { name: 'appointment.book' }
  /** Waiting for the slip's QR under the scanner; `problem`: why the last scan did not check in. */
  | { name: 'appointment.checkIn'; problem: AppointmentProblem | null }
  /** After a journey: the satisfaction question. It never outlives the visit (issue 13). */
  | { name: 'feedback'; about: FeedbackSubject }
  /** Right before the satisfaction question: one suggestion the host picked (issue 13); skippable, it times out. */
  | { name: 'recommendation'; offer: Offer; about: FeedbackSubject };

/** What the satisfaction answer is about: the journey, its service and the ticket number. */
export interface FeedbackSubject {
  journey: 'queue-ticket' | 'bill-payment' | 'account-services' | 'appointment' | 'card-replacement';
  service: string;
  reference: string;
}

export type PhaseName = Phase['name'];

export type JourneyEvent =
  | { type: 'start' }
  | { type: 'languageChosen'; locale: Locale }
  | { type: 'home' }
  | { type: 'back' }
  | { type: 'openQueue' }
  | { type: 'issueStarted'; attempt: number; service: QueueService; priority: boolean }
  | { type: 'ticketIssued'; attempt: number; ticket: Ticket; print: PrintOutcome }
  | { type: 'issueFailed'; attempt: number; code: string }
  | { type: 'reprintStarted' }
  | { type: 'reprintFinished'; ticketId: string; print: PrintOutcome }
  | { type: 'openBill' }
  | { type: 'billStatus'; status: BillPaymentStatus }
  | { type: 'openAccounts' }
  | { type: 'accountsStatus'; status: AccountServicesStatus }
  | { type: 'openAccountOpening' }
  | { type: 'accountOpeningStatus'; status: AccountOpeningStatus }
  | { type: 'openCardReplacement' }
  | { type: 'cardReplacementStatus'; status: CardReplacementStatus }
  | { type: 'openBooking' }
  | { type: 'openCheckIn' }
  /** The host checked a scanned appointment QR in (or refused it). */
  | { type: 'checkInResult'; result: CheckInResult }
  /** `about`: what a host-run journey's question is about, taken before the host's journey resets. */
  | { type: 'askFeedback'; about?: FeedbackSubject; offer?: Offer | null }
  /** The suggestion was answered, skipped or timed out: on to the satisfaction question. */
  | { type: 'recommendationDone' }
  | { type: 'reset' };

export const initialPhase: Phase = { name: 'attract' };

// A Record, so adding an event type without listing it here fails the type check.
const journeyEventTypes: Record<JourneyEvent['type'], true> = {
  start: true,
  languageChosen: true,
  home: true,
  back: true,
  openQueue: true,
  issueStarted: true,
  ticketIssued: true,
  issueFailed: true,
  reprintStarted: true,
  reprintFinished: true,
  openBill: true,
  billStatus: true,
  openAccounts: true,
  accountsStatus: true,
  openAccountOpening: true,
  accountOpeningStatus: true,
  openCardReplacement: true,
  cardReplacementStatus: true,
  openBooking: true,
  openCheckIn: true,
  checkInResult: true,
  askFeedback: true,
  recommendationDone: true,
  reset: true,
};

export function isJourneyEvent(event: { type: string }): event is JourneyEvent {
  return Object.hasOwn(journeyEventTypes, event.type);
}

/** Where Back leads, or null where going back makes no sense (printing, ticket issued). */
export function backTarget(phase: Phase): Phase | null {
  switch (phase.name) {
    case 'language':
      return { name: 'attract' };
    case 'home':
      return { name: 'language' };
    case 'queue.choose':
      return { name: 'home' };
    case 'queue.issueFailed':
      return { name: 'queue.choose' };
    case 'appointment.book':
    case 'appointment.checkIn':
      return { name: 'home' };
    case 'bill':
      // Only before a bill is found: later steps have their own Cancel, which releases the card.
      return phase.status.state.phase === 'bill-entry' || phase.status.state.phase === 'idle' ? { name: 'home' } : null;
    case 'accounts':
      // Before and at the balances, Back leaves the journey (the host releases the card);
      // deeper steps go back to the balances through the host (backToAccounts), not here.
      return LEAVE_ACCOUNTS_BY_BACK.has(phase.status.state.phase) ? { name: 'home' } : null;
    case 'accountOpening':
      // Only while the card is being placed: later steps have Cancel, or cannot be left.
      return phase.status.state.phase === 'idle' || phase.status.state.phase === 'document' ? { name: 'home' } : null;
    case 'cardReplacement':
      // Before a card is dispensed Back leaves (the host releases the card); review goes back to the cards through the host.
      return leavesReplacementByBack(phase.status.state.phase) ? { name: 'home' } : null;
    default:
      return null;
  }
}

const LEAVE_ACCOUNTS_BY_BACK: ReadonlySet<AccountServicesPhase> = new Set(['idle', 'card', 'pin', 'accounts', 'stopped']);
const BACK_TO_ACCOUNTS: ReadonlySet<AccountServicesPhase> = new Set(['mini-statement', 'statement-period', 'print-paused', 'statement-done']);

/** Back on these account screens asks the host for the balances again (the card stays in). */
export function backGoesToAccounts(phase: Phase): boolean {
  return phase.name === 'accounts' && BACK_TO_ACCOUNTS.has(phase.status.state.phase);
}

/** Whether the header offers Back on this screen. */
export function hasBack(phase: Phase): boolean {
  return backTarget(phase) !== null || backGoesToAccounts(phase) || backGoesToCards(phase);
}

/**
 * Home is refused only while money moves (the payment finishes and shows its result first) and
 * while the bank is opening an account: it cannot be withdrawn then, and the customer stays
 * for the account number.
 */
export function canGoHome(phase: Phase): boolean {
  if (phase.name === 'accountOpening') return phase.status.state.phase !== 'opening';
  return !(phase.name === 'bill' && phase.status.state.phase === 'paying') && !replacementHoldsHome(phase);
}

function printState(print: PrintOutcome): PrintState {
  // A failure without a code is still a failure the customer must see.
  return print.printed ? { kind: 'printed' } : { kind: 'failed', code: print.code ?? 'PRINTER_NOT_READY' };
}

/** Where a scanned appointment QR counts (the host checks in only there: its scanner mode). */
export const CHECK_IN_PHASES: ReadonlySet<PhaseName> = new Set(['home', 'queue.choose', 'appointment.checkIn']);

function checkInPhase(phase: Phase, result: CheckInResult): Phase {
  if (!CHECK_IN_PHASES.has(phase.name)) return phase;
  if (result.outcome === 'refused') return { name: 'appointment.checkIn', problem: result.problem };
  return { name: 'queue.ticket', service: result.service, ticket: result.ticket, print: printState(result.print) };
}

export function journeyReducer(phase: Phase, event: JourneyEvent): Phase {
  switch (event.type) {
    case 'reset':
      return initialPhase;
    case 'start':
      return phase.name === 'attract' ? { name: 'language' } : phase;
    case 'languageChosen':
      return phase.name === 'language' ? { name: 'home' } : phase;
    case 'home':
      return phase.name === 'attract' || !canGoHome(phase) ? phase : { name: 'home' };
    case 'back':
      return backTarget(phase) ?? phase;
    case 'openQueue':
      return phase.name === 'home' ? { name: 'queue.choose' } : phase;
    case 'issueStarted':
      return phase.name === 'queue.choose' || phase.name === 'queue.issueFailed'
        ? { name: 'queue.issuing', attempt: event.attempt, service: event.service, priority: event.priority }
        : phase;
    case 'ticketIssued':
      return phase.name === 'queue.issuing' && phase.attempt === event.attempt
        ? { name: 'queue.ticket', service: phase.service, ticket: event.ticket, print: printState(event.print) }
        : phase;
    case 'issueFailed':
      return phase.name === 'queue.issuing' && phase.attempt === event.attempt
        ? { name: 'queue.issueFailed', attempt: phase.attempt, service: phase.service, priority: phase.priority, code: event.code }
        : phase;
    case 'openBill':
      return phase.name === 'home' ? { name: 'bill', status: { seq: -1, state: { phase: 'idle' } } } : phase;
    case 'billStatus':
      // A late or out-of-order event (after Home, or older than what is shown) changes nothing.
      return phase.name === 'bill' && event.status.seq > phase.status.seq ? { name: 'bill', status: event.status } : phase;
    case 'openBooking':
      return phase.name === 'home' ? { name: 'appointment.book' } : phase;
    case 'openCheckIn':
      return phase.name === 'home' ? { name: 'appointment.checkIn', problem: null } : phase;
    case 'checkInResult':
      return checkInPhase(phase, event.result);
    case 'openAccounts':
      return phase.name === 'home' ? { name: 'accounts', status: { seq: -1, state: { phase: 'idle' } } } : phase;
    case 'accountsStatus':
      // As for bills: only the newest state of a journey still on screen counts.
      return phase.name === 'accounts' && event.status.seq > phase.status.seq ? { name: 'accounts', status: event.status } : phase;
    case 'openAccountOpening':
      return phase.name === 'home' ? { name: 'accountOpening', status: { seq: -1, state: { phase: 'idle' } } } : phase;
    case 'accountOpeningStatus':
      // Newest seq wins, and only while the journey is on screen.
      return phase.name === 'accountOpening' && event.status.seq > phase.status.seq ? { name: 'accountOpening', status: event.status } : phase;
    case 'openCardReplacement':
      // From Home, or from a just-opened account ("Issue a debit card now").
      return phase.name === 'home' || (phase.name === 'accountOpening' && phase.status.state.phase === 'opened') ? { name: 'cardReplacement', status: { seq: -1, state: { phase: 'idle' } } } : phase;
    case 'cardReplacementStatus':
      return phase.name === 'cardReplacement' && event.status.seq > phase.status.seq ? { name: 'cardReplacement', status: event.status } : phase;
    case 'askFeedback': {
      const about: FeedbackSubject | null =
        phase.name === 'queue.ticket'
          ? { journey: 'queue-ticket', service: phase.service.id, reference: phase.ticket.number }
          : (phase.name === 'bill' || phase.name === 'accounts' || phase.name === 'appointment.book' || phase.name === 'cardReplacement') && event.about
            ? event.about
            : null;
      if (!about) return phase;
      return event.offer ? { name: 'recommendation', offer: event.offer, about } : { name: 'feedback', about };
    }
    case 'recommendationDone':
      return phase.name === 'recommendation' ? { name: 'feedback', about: phase.about } : phase;
    case 'reprintStarted':
      return phase.name === 'queue.ticket' && phase.print.kind === 'failed' ? { ...phase, print: { kind: 'reprinting' } } : phase;
    case 'reprintFinished':
      return phase.name === 'queue.ticket' && phase.print.kind === 'reprinting' && phase.ticket.id === event.ticketId
        ? { ...phase, print: printState(event.print) }
        : phase;
  }
}
