// The customer's choices in "Open an account", passed to the host as they are made. The host
// runs the journey (the ID reader, the hub, the bank, the printer) and answers each request
// with its status; the page keeps only the newest state (journey.ts) and never decides a step.
import type { Dispatch } from 'react';
import type { AccountOpeningStatus } from '../../../electron/bridge/account-opening-contract.js';
import type { BridgeClient } from '../../../electron/bridge/client.js';
import type { QueueService } from '../../../electron/bridge/contract.js';
import type { Consent, FaceEvidence, KycAnswers } from '../../../protocol/account-opening.js';
import { errorCodeOf } from '../../i18n/error-messages.js';
import type { SessionEvent, SessionState } from '../session/session.js';

export interface AccountOpeningActions {
  /** From the Home tile. */
  open(): Promise<void>;
  confirmDocument(): Promise<void>;
  rereadDocument(): Promise<void>;
  face(evidence: FaceEvidence): Promise<void>;
  consent(consent: Consent): Promise<void>;
  kyc(answers: KycAnswers): Promise<void>;
  /** Cancel on a step: the host withdraws what it filed and drops what it read; then Home. */
  cancel(): Promise<void>;
  /** Start again after a stop. */
  restart(): Promise<void>;
  /** Done after the account was opened (or after a stop): the host drops every personal datum, the visit ends. */
  finish(): Promise<void>;
  /** After a stop the counter can help with: the host's journey ends and a queue ticket is issued. */
  counterTicket(): Promise<void>;
}

export interface AccountOpeningActionDeps {
  client: BridgeClient;
  dispatch: Dispatch<SessionEvent>;
  current(): SessionState;
  endVisit(): void;
  /** Issues a queue ticket for `service` through the queue journey (session-actions), or opens its service list. */
  takeTicket(service: QueueService | null): Promise<void>;
}

/**
 * The counter service that opens accounts. The hub's catalogue names its own services; these
 * ids are tried in order, then the first service that is not VIP-only.
 */
export const COUNTER_SERVICE_IDS = ['account-opening', 'accounts', 'personal', 'deposits'] as const;

export function counterServiceOf(services: readonly QueueService[]): QueueService | null {
  for (const id of COUNTER_SERVICE_IDS) {
    const found = services.find((s) => s.id === id);
    if (found) return found;
  }
  return services.find((s) => !s.vip) ?? null;
}

export function createAccountOpeningActions({ client, dispatch, current, endVisit, takeTicket }: AccountOpeningActionDeps): AccountOpeningActions {
  const show = (status: AccountOpeningStatus) => dispatch({ type: 'accountOpeningStatus', status });
  const here = () => current().phase.name === 'accountOpening';
  // A refused or lost request leaves the screen as the host's last state event left it.
  const request = async (call: () => Promise<AccountOpeningStatus>) => {
    try {
      show(await call());
    } catch {
      /* the host's state events still say where the journey is */
    }
  };

  const start = async () => {
    try {
      show(await client.request('accountOpening.start', {}));
    } catch (error) {
      // Refused before anything was read (the hub went away after Home drew the tile, a
      // host without the journey): said on a stop screen rather than a spinner that never
      // ends. seq 0 is above the placeholder's -1 and below any state the host sends later.
      // A device the journey needs is 'device'; anything else means the bank's side is away.
      const reason = errorCodeOf(error) === 'DEVICE_UNAVAILABLE' ? 'device' : 'hub-unreachable';
      if (here()) show({ seq: 0, state: { phase: 'stopped', reason } });
    }
  };

  return {
    async open() {
      if (current().phase.name !== 'home') return;
      dispatch({ type: 'openAccountOpening' });
      await start();
    },
    confirmDocument: () => request(() => client.request('accountOpening.confirmDocument', {})),
    rereadDocument: () => request(() => client.request('accountOpening.rereadDocument', {})),
    face: (evidence) => request(() => client.request('accountOpening.face', evidence)),
    consent: (consent) => request(() => client.request('accountOpening.consent', consent)),
    kyc: (answers) => request(() => client.request('accountOpening.kyc', { answers, locale: current().locale })),
    async cancel() {
      // Home whatever the host answers: the customer asked to leave.
      await request(() => client.request('accountOpening.cancel', {}));
      dispatch({ type: 'home' });
    },
    restart: start,
    async finish() {
      await client.request('accountOpening.finish', {}).catch(() => undefined);
      endVisit();
    },
    async counterTicket() {
      const services = await client.request('queue.services', {}).catch(() => null);
      await client.request('accountOpening.finish', {}).catch(() => undefined);
      await takeTicket(services ? counterServiceOf(services) : null);
    },
  };
}

/** How leaving by navigation (Home, Back, idle) ends the host's journey: finish once it is over, cancel before. */
export function leaveAccountOpening(client: BridgeClient, session: SessionState): void {
  const { phase } = session;
  if (phase.name !== 'accountOpening') return;
  const over = phase.status.state.phase === 'opened' || phase.status.state.phase === 'stopped';
  client.request(over ? 'accountOpening.finish' : 'accountOpening.cancel', {}).catch(() => undefined);
}
