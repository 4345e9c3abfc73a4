// Placeholder until the balances-and-statements journey is wired: every request answers idle.
import type { accountServicesRequests } from '../../bridge/account-services-contract.js';
import type { HandlerMap } from '../../bridge/dispatcher.js';

export type AccountServicesHandlers = Pick<HandlerMap, keyof typeof accountServicesRequests>;

export function accountServicesUntilBuilt(): AccountServicesHandlers {
  const idle = () => ({ seq: 0, state: { phase: 'idle' as const } });
  return {
    'accounts.status': idle,
    'accounts.start': idle,
    'accounts.printBalances': idle,
    'accounts.showMiniStatement': idle,
    'accounts.printMiniStatement': idle,
    'accounts.chooseStatement': idle,
    'accounts.printStatement': idle,
    'accounts.resumePrint': idle,
    'accounts.backToAccounts': idle,
    'accounts.cancel': () => ({ cancelled: false, status: idle() }),
    'accounts.finish': idle,
  };
}
