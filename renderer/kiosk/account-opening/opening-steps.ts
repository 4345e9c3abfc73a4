// Where a host account-opening phase sits in the customer's six steps (DESIGN §6: "step N of
// M"): 1 the ID document (place it, confirm it), 2 the face photo, 3 the terms and signature,
// 4 the questions, 5 the expert's approval, 6 the account. A stop is shown as the last step.
// The id is what the expert's console is told (journey-state.ts).
import type { AccountOpeningPhase } from '../../../electron/bridge/account-opening-contract.js';

export const OPENING_STEPS = 6;

export type OpeningStepId = 'document' | 'confirm' | 'face' | 'consent' | 'kyc' | 'approval' | 'opening' | 'opened' | 'stopped';

export function openingStepOf(phase: AccountOpeningPhase): { id: OpeningStepId; current: number; total: number } {
  const at = (id: OpeningStepId, current: number) => ({ id, current, total: OPENING_STEPS });
  switch (phase) {
    case 'idle':
    case 'document':
      return at('document', 1);
    case 'confirm':
      return at('confirm', 1);
    case 'face':
      return at('face', 2);
    case 'consent':
      return at('consent', 3);
    case 'kyc':
      return at('kyc', 4);
    case 'submitting':
    case 'approval':
      return at('approval', 5);
    case 'opening':
      return at('opening', 6);
    case 'opened':
      return at('opened', 6);
    case 'stopped':
      return at('stopped', 6);
  }
}
