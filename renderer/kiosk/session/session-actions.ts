// The customer's intents, as plain functions over the session reducer and the bridge. Bridge
// calls start here, in response to a tap, not in render effects: React may run effects
// twice, and a ticket must never be issued twice for one tap.
import type { Dispatch } from 'react';
import type { BridgeClient } from '../../../electron/bridge/client.js';
import type { BillPaymentStatus } from '../../../electron/bridge/bill-payment-contract.js';
import type { Locale, QueueService } from '../../../electron/bridge/contract.js';
import { errorCodeOf } from '../../i18n/error-messages.js';
import { stopSpeaking } from '../speech.js';
import type { FeedbackAnswer } from '../../../protocol/customer-feedback.js';
import { createAccountActions, type AccountActions } from '../accounts/account-actions.js';
import { createAccountOpeningActions, leaveAccountOpening, type AccountOpeningActions } from '../account-opening/account-opening-actions.js';
import { createCardReplacementActions, type CardReplacementActions } from '../card-replacement/replacement-actions.js';
import { backGoesToCards } from '../card-replacement/replacement-steps.js';
import type { RespondOutput } from '../recommendation/recommendation-types.js';
import { askOffer } from '../recommendation/ask-offer.js';
import { backGoesToAccounts, canGoHome, type FeedbackSubject } from './journey.js';
import type { SessionEvent, SessionState } from './session.js';

export interface SessionActions {
  start(): void;
  chooseLanguage(locale: Locale): void;
  toggleLocale(): void;
  toggleElder(): void;
  goHome(): void;
  back(): void;
  openQueue(): void;
  /** Appointments: book a slot (online only), or check in by scanning the slip's QR. */
  openBooking(): void;
  openCheckIn(): void;
  /** `priority`: the customer asked for priority service; the hub's queue serves it sooner (with aging). */
  issueTicket(service: QueueService, priority?: boolean): Promise<void>;
  reprint(): Promise<void>;
  /** Bill payment: the host runs the journey; these only pass the customer's choices on. */
  openBill(): Promise<void>;
  findBill(billerId: string, reference: string): Promise<void>;
  confirmBill(): Promise<void>;
  confirmPayment(): Promise<void>;
  /** Cancel on a bill screen: back to Home once the host has stopped the journey (card released). */
  cancelBill(): Promise<void>;
  /** Pay another bill after a stop. */
  restartBill(): Promise<void>;
  /** Done on the result screen: the card is released and the visit ends. */
  finishBill(): Promise<void>;
  /** An appointment booked: the satisfaction question about it (service, slot start), then the visit ends. */
  appointmentBooked(serviceId: string, startsAt: string): void;
  /** Balances and statements: the host runs it too; these pass the customer's choices on. */
  accounts: AccountActions;
  /** Opening an account: host-run too; these pass the customer's answers on. */
  accountOpening: AccountOpeningActions;
  /** Replacing a card: host-run as well; these pass the customer's choices on. */
  cardReplacement: CardReplacementActions;
  /** Done on the ticket: a suggestion if the host has one, the satisfaction question, then the visit ends. */
  done(): Promise<void>;
  /**
   * Sends the customer's answer, fire and forget. The subject and language are passed in, not
   * read from the session: an answer left when the visit timed out arrives after the wipe.
   */
  sendFeedback(about: FeedbackSubject, locale: Locale, answer: FeedbackAnswer): void;
  /** The customer's answer to the suggestion; the host counts it and carries out an accepted action. Null when the host could not. */
  answerRecommendation(offerId: string, answer: 'accepted' | 'declined'): Promise<RespondOutput | null>;
  /** The suggestion was answered, skipped or timed out: the satisfaction question. */
  recommendationDone(): void;
  /** The customer finished (Done): tell the host, wipe, back to Attract. */
  finish(): void;
  /** No input for the whole idle period. */
  timeOut(): void;
}

export interface SessionActionDeps {
  client: BridgeClient;
  dispatch: Dispatch<SessionEvent>;
  current(): SessionState;
}

export function createSessionActions({ client, dispatch, current }: SessionActionDeps): SessionActions {
  let attempts = 0;
  let issuing = false;

  const inBill = () => current().phase.name === 'bill';
  const billStatus = (status: BillPaymentStatus) => dispatch({ type: 'billStatus', status });
  // A refused or lost bill request leaves the screen as the host's last state event left it.
  const billRequest = async (call: () => Promise<BillPaymentStatus>) => {
    try {
      billStatus(await call());
    } catch {
      /* the host's state events still say where the journey is */
    }
  };
  // Leaving the journey by navigation: the host stops it and releases the card.
  const leaveBill = () => {
    if (inBill()) client.request('billPayment.cancel', {}).catch(() => undefined);
  };
  const leaveAccounts = () => {
    if (current().phase.name === 'accounts') client.request('accounts.cancel', {}).catch(() => undefined);
  };
  const leaveJourney = () => {
    leaveBill();
    leaveAccounts();
    leaveAccountOpening(client, current());
    cardReplacement.leave();
  };

  const endSession = (reason: 'idle' | 'home' | 'completed') => {
    stopSpeaking();
    dispatch({ type: 'reset' });
    // The UI is wiped whatever the host answers; a lost notice must not strand the customer.
    client.request('session.ended', { reason }).catch(() => undefined);
  };

  const accounts = createAccountActions({ client, dispatch, current, endVisit: () => endSession('completed') });
  const cardReplacement = createCardReplacementActions({ client, dispatch, current, endVisit: () => endSession('completed') });

  // The caller has put the queue's service list on screen (this dispatch or an earlier one).
  const issue = async (service: QueueService, priority: boolean) => {
    if (issuing) return;
    issuing = true;
    const attempt = ++attempts;
    dispatch({ type: 'issueStarted', attempt, service, priority });
    try {
      const { ticket, print } = await client.request('queue.issueTicket', { serviceId: service.id, locale: current().locale, ...(priority ? { priority: true } : {}) });
      dispatch({ type: 'ticketIssued', attempt, ticket, print });
    } catch (error) {
      dispatch({ type: 'issueFailed', attempt, code: errorCodeOf(error) });
    } finally {
      issuing = false;
    }
  };

  const accountOpening = createAccountOpeningActions({
    client,
    dispatch,
    current,
    endVisit: () => endSession('completed'),
    // Home, then the queue's service list (where a failed issue can be tried again), then the ticket.
    async takeTicket(service) {
      dispatch({ type: 'home' });
      dispatch({ type: 'openQueue' });
      if (service) await issue(service, false);
    },
  });

  return {
    start: () => dispatch({ type: 'start' }),
    chooseLanguage: (locale) => dispatch({ type: 'languageChosen', locale }),
    toggleLocale: () => dispatch({ type: 'localeToggled' }),
    toggleElder: () => dispatch({ type: 'elderToggled' }),
    goHome() {
      if (!canGoHome(current().phase)) return;
      leaveJourney();
      dispatch({ type: 'home' });
    },
    back() {
      // Backing out of the first screen abandons the visit: same wipe as any other ending.
      if (current().phase.name === 'language') endSession('home');
      else if (backGoesToAccounts(current().phase)) void accounts.backToAccounts();
      else if (backGoesToCards(current().phase)) void cardReplacement.backToCards();
      else {
        leaveJourney();
        dispatch({ type: 'back' });
      }
    },
    openQueue: () => dispatch({ type: 'openQueue' }),
    openBooking: () => dispatch({ type: 'openBooking' }),
    openCheckIn: () => dispatch({ type: 'openCheckIn' }),

    async issueTicket(service, priority = false) {
      const { phase } = current();
      if (phase.name !== 'queue.choose' && phase.name !== 'queue.issueFailed') return;
      await issue(service, priority);
    },

    async reprint() {
      const { phase, locale } = current();
      if (phase.name !== 'queue.ticket' || phase.print.kind !== 'failed') return;
      const ticketId = phase.ticket.id;
      dispatch({ type: 'reprintStarted' });
      try {
        const print = await client.request('queue.reprintTicket', { ticketId, locale });
        dispatch({ type: 'reprintFinished', ticketId, print });
      } catch (error) {
        const code = errorCodeOf(error);
        // The reprint call itself failed (host unreachable, …): say so as a printer problem.
        const printCode = code === 'PRINTER_NOT_READY' || code === 'DEVICE_UNAVAILABLE' ? code : 'IO';
        dispatch({ type: 'reprintFinished', ticketId, print: { printed: false, code: printCode } });
      }
    },

    async openBill() {
      if (current().phase.name !== 'home') return;
      dispatch({ type: 'openBill' });
      await billRequest(() => client.request('billPayment.start', { locale: current().locale }));
    },
    findBill: (billerId, reference) => billRequest(() => client.request('billPayment.findBill', { billerId, reference })),
    confirmBill: () => billRequest(() => client.request('billPayment.confirmBill', {})),
    confirmPayment: () => billRequest(() => client.request('billPayment.confirmPayment', { locale: current().locale })),
    async cancelBill() {
      try {
        const { cancelled, status } = await client.request('billPayment.cancel', {});
        billStatus(status);
        if (cancelled) dispatch({ type: 'home' });
      } catch {
        dispatch({ type: 'home' });
      }
    },
    restartBill: () => billRequest(() => client.request('billPayment.start', { locale: current().locale })),
    async finishBill() {
      // Asked only after a payment was tried (approved, pending or declined), not after a
      // customer stopped at the bill or the card.
      const phase = current().phase;
      const state = phase.name === 'bill' ? phase.status.state : null;
      const about: FeedbackSubject | null =
        state?.phase === 'result' ? { journey: 'bill-payment', service: state.bill.billerId, reference: state.reference ?? state.bill.billId } : null;
      // Before finish: the host asks the hub for the consent flag while the card session is open.
      const offer = about ? await askOffer(client, { journey: 'bill-payment' }) : null;
      await client.request('billPayment.finish', {}).catch(() => undefined);
      if (about) dispatch({ type: 'askFeedback', about, offer });
      else endSession('completed');
    },

    accounts,
    accountOpening,
    cardReplacement,

    appointmentBooked: (serviceId, startsAt) => dispatch({ type: 'askFeedback', about: { journey: 'appointment', service: serviceId, reference: startsAt } }),

    async done() {
      const phase = current().phase;
      if (phase.name !== 'queue.ticket') return endSession('completed');
      const offer = await askOffer(client, { journey: 'queue-ticket', serviceId: phase.service.id });
      dispatch({ type: 'askFeedback', offer });
    },
    async answerRecommendation(offerId, answer) {
      try {
        return await client.request('recommendation.respond', { offerId, answer, locale: current().locale });
      } catch {
        return null;
      }
    },
    recommendationDone: () => dispatch({ type: 'recommendationDone' }),
    sendFeedback(about, locale, answer) {
      // A lost answer is a lost opinion, not a broken visit: the customer is never held up.
      client.request('feedback.submit', { ...about, ...answer, locale }).catch(() => undefined);
    },
    finish: () => endSession('completed'),
    timeOut() {
      // The host drops what it read of the customer's document at once, not at its own deadline.
      leaveAccountOpening(client, current());
      endSession('idle');
    },
  };
}
