// Account opening on the host (issue 11). PLACEHOLDER until the journey lands: the bridge
// contract is declared (account-opening-contract.ts) and every request answers that the
// journey is not available, so Home keeps its "coming soon" tile.
import { BridgeError } from '../../bridge/contract.js';
import type { HandlerMap } from '../../bridge/dispatcher.js';

type AccountOpeningHandlers = Pick<HandlerMap, Extract<keyof HandlerMap, `accountOpening.${string}`>>;

export function createAccountOpening(): { handlers: AccountOpeningHandlers; close(): void } {
  const idle = () => ({ seq: 0, state: { phase: 'idle' as const } });
  const refuse = (): never => {
    throw new BridgeError('NOT_FOUND', 'account opening is not available on this kiosk yet');
  };
  const handlers: AccountOpeningHandlers = {
    'accountOpening.status': idle,
    'accountOpening.start': refuse,
    'accountOpening.confirmDocument': refuse,
    'accountOpening.rereadDocument': refuse,
    'accountOpening.face': refuse,
    'accountOpening.consent': refuse,
    'accountOpening.kyc': refuse,
    'accountOpening.cancel': idle,
    'accountOpening.finish': idle,
  };
  return { handlers, close: () => undefined };
}
