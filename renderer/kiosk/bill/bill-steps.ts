// Where a host bill-payment phase sits in the customer's four steps (DESIGN §6: "step N of M"),
// and the stable id the expert's console shows for it.
import type { BillPaymentPhase } from '../../../electron/bridge/bill-payment-contract.js';

export const BILL_STEPS = 4;

export type BillStepId = 'bill-entry' | 'bill' | 'card' | 'review' | 'paying' | 'result' | 'stopped';

export function billStepOf(phase: BillPaymentPhase): { id: BillStepId; current: number; total: number } {
  const at = (id: BillStepId, current: number) => ({ id, current, total: BILL_STEPS });
  switch (phase) {
    case 'idle':
    case 'bill-entry':
    case 'finding-bill':
      return at('bill-entry', 1);
    case 'bill-shown':
      return at('bill', 1);
    case 'card':
    case 'pin':
    case 'authorising':
      return at('card', 2);
    case 'review':
      return at('review', 3);
    case 'paying':
      return at('paying', 3);
    case 'result':
      return at('result', 4);
    case 'stopped':
      return at('stopped', 4);
  }
}
