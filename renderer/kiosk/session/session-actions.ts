// The customer's intents, as plain functions over the session reducer and the bridge. Bridge
// calls start here, in response to a tap, not in render effects: React may run effects
// twice, and a ticket must never be issued twice for one tap.
import type { Dispatch } from 'react';
import type { BridgeClient } from '../../../electron/bridge/client.js';
import type { Locale, QueueService } from '../../../electron/bridge/contract.js';
import { errorCodeOf } from '../../i18n/error-messages.js';
import { stopSpeaking } from '../speech.js';
import type { SessionEvent, SessionState } from './session.js';

export interface SessionActions {
  start(): void;
  chooseLanguage(locale: Locale): void;
  toggleLocale(): void;
  toggleElder(): void;
  goHome(): void;
  back(): void;
  openQueue(): void;
  issueTicket(service: QueueService): Promise<void>;
  reprint(): Promise<void>;
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

  const endSession = (reason: 'idle' | 'home' | 'completed') => {
    stopSpeaking();
    dispatch({ type: 'reset' });
    // The UI is wiped whatever the host answers; a lost notice must not strand the customer.
    client.request('session.ended', { reason }).catch(() => undefined);
  };

  return {
    start: () => dispatch({ type: 'start' }),
    chooseLanguage: (locale) => dispatch({ type: 'languageChosen', locale }),
    toggleLocale: () => dispatch({ type: 'localeToggled' }),
    toggleElder: () => dispatch({ type: 'elderToggled' }),
    goHome: () => dispatch({ type: 'home' }),
    back() {
      // Backing out of the first screen abandons the visit: same wipe as any other ending.
      if (current().phase.name === 'language') endSession('home');
      else dispatch({ type: 'back' });
    },
    openQueue: () => dispatch({ type: 'openQueue' }),

    async issueTicket(service) {
      const { phase, locale } = current();
      if (issuing || (phase.name !== 'queue.choose' && phase.name !== 'queue.issueFailed')) return;
      issuing = true;
      const attempt = ++attempts;
      dispatch({ type: 'issueStarted', attempt, service });
      try {
        const { ticket, print } = await client.request('queue.issueTicket', { serviceId: service.id, locale });
        dispatch({ type: 'ticketIssued', attempt, ticket, print });
      } catch (error) {
        dispatch({ type: 'issueFailed', attempt, code: errorCodeOf(error) });
      } finally {
        issuing = false;
      }
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

    finish: () => endSession('completed'),
    timeOut: () => endSession('idle'),
  };
}
