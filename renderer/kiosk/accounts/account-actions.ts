// The customer's choices in "Balances and statements", passed to the host as they are made.
// The host runs the journey (card, PIN, the bank, the printer) and answers each request with
// its status; the page only keeps the newest state (journey.ts) and never decides a step.
import type { Dispatch } from 'react';
import type { AccountServicesStatus, StatementPeriod } from '../../../electron/bridge/account-services-contract.js';
import type { BridgeClient } from '../../../electron/bridge/client.js';
import { askOffer } from '../recommendation/ask-offer.js';
import type { FeedbackSubject } from '../session/journey.js';
import type { SessionEvent, SessionState } from '../session/session.js';

export interface AccountActions {
  /** From the Home tile: card, then PIN, then the balances. */
  open(): Promise<void>;
  printBalances(): Promise<void>;
  showMiniStatement(accountId: string): Promise<void>;
  printMiniStatement(): Promise<void>;
  chooseStatement(accountId: string): Promise<void>;
  printStatement(period: StatementPeriod): Promise<void>;
  /** After a pause: the rest of the statement, from the page that failed. */
  resumePrint(): Promise<void>;
  backToAccounts(): Promise<void>;
  /** Cancel on the card or PIN screen: back to Home once the host has stopped (card released). */
  cancel(): Promise<void>;
  /** Stop a statement that is printing or paused: the host says what came out; the customer stays. */
  stopPrinting(): Promise<void>;
  /** Start again after a stop. */
  restart(): Promise<void>;
  /** Done: the card is released; after balances were shown, the satisfaction question. */
  finish(): Promise<void>;
}

export interface AccountActionDeps {
  client: BridgeClient;
  dispatch: Dispatch<SessionEvent>;
  current(): SessionState;
  /** Ends the visit without a question (nothing was shown to ask about). */
  endVisit(): void;
}

/** What the satisfaction answer is about: the last thing the customer did, and its slip number. */
export function feedbackSubjectOf(status: AccountServicesStatus): FeedbackSubject | null {
  const { state } = status;
  switch (state.phase) {
    case 'accounts':
      return { journey: 'account-services', service: 'balances', reference: state.receiptNumber };
    case 'mini-statement':
      return { journey: 'account-services', service: 'mini-statement', reference: state.receiptNumber };
    case 'printing':
    case 'print-paused':
    case 'statement-done':
      return { journey: 'account-services', service: 'statement', reference: state.receiptNumber };
    default:
      return null;
  }
}

export function createAccountActions({ client, dispatch, current, endVisit }: AccountActionDeps): AccountActions {
  const show = (status: AccountServicesStatus) => dispatch({ type: 'accountsStatus', status });
  // A refused or lost request leaves the screen as the host's last state event left it.
  const request = async (call: () => Promise<AccountServicesStatus>) => {
    try {
      show(await call());
    } catch {
      /* the host's state events still say where the journey is */
    }
  };
  const locale = () => current().locale;

  return {
    async open() {
      if (current().phase.name !== 'home') return;
      dispatch({ type: 'openAccounts' });
      await request(() => client.request('accounts.start', {}));
    },
    printBalances: () => request(() => client.request('accounts.printBalances', { locale: locale() })),
    showMiniStatement: (accountId) => request(() => client.request('accounts.showMiniStatement', { accountId })),
    printMiniStatement: () => request(() => client.request('accounts.printMiniStatement', { locale: locale() })),
    chooseStatement: (accountId) => request(() => client.request('accounts.chooseStatement', { accountId })),
    printStatement: (period) => request(() => client.request('accounts.printStatement', { locale: locale(), period })),
    resumePrint: () => request(() => client.request('accounts.resumePrint', {})),
    backToAccounts: () => request(() => client.request('accounts.backToAccounts', {})),
    async cancel() {
      try {
        const { cancelled, status } = await client.request('accounts.cancel', {});
        show(status);
        if (cancelled) dispatch({ type: 'home' });
      } catch {
        dispatch({ type: 'home' });
      }
    },
    stopPrinting: () => request(async () => (await client.request('accounts.cancel', {})).status),
    restart: () => request(() => client.request('accounts.start', {})),
    async finish() {
      const phase = current().phase;
      const about = phase.name === 'accounts' ? feedbackSubjectOf(phase.status) : null;
      const offer = about ? await askOffer(client, { journey: 'account-services' }) : null;
      await client.request('accounts.finish', {}).catch(() => undefined);
      if (about) dispatch({ type: 'askFeedback', about, offer });
      else endVisit();
    },
  };
}
