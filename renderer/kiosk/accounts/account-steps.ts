// Where a host account-services phase sits in the customer's four steps (DESIGN §6: "step N
// of M"): 1 card and PIN, 2 the balances, 3 what was chosen for one account (recent
// transactions, or the statement's period), 4 the printed statement. A stop is shown as the
// last step, as in bill payment. The id is what the expert's console is told.
import type { AccountServicesPhase } from '../../../electron/bridge/account-services-contract.js';

export const ACCOUNT_STEPS = 4;

export type AccountStepId = 'card' | 'balances' | 'loading' | 'mini-statement' | 'statement-period' | 'printing' | 'done' | 'stopped';

export function accountStepOf(phase: AccountServicesPhase): { id: AccountStepId; current: number; total: number } {
  const at = (id: AccountStepId, current: number) => ({ id, current, total: ACCOUNT_STEPS });
  switch (phase) {
    case 'idle':
    case 'card':
    case 'pin':
    case 'authorising':
      return at('card', 1);
    case 'accounts':
      return at('balances', 2);
    case 'loading':
      return at('loading', 3);
    case 'mini-statement':
      return at('mini-statement', 3);
    case 'statement-period':
      return at('statement-period', 3);
    case 'printing':
    case 'print-paused':
      return at('printing', 4);
    case 'statement-done':
      return at('done', 4);
    case 'stopped':
      return at('stopped', 4);
  }
}
