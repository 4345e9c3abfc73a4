// The frame every bill-payment screen shares: the kiosk header, the title, and "step N of 4"
// derived from the host's phase, so the count can never disagree with what the host is doing.
import type { ReactNode } from 'react';
import type { BillPaymentPhase } from '../../../electron/bridge/bill-payment-contract.js';
import { KioskScreen } from '../screens/KioskScreen.js';
import { billStepOf } from './bill-steps.js';

export function BillScreen({ phase, title, testId, children }: { phase: BillPaymentPhase; title: string; testId: string; children?: ReactNode }) {
  const { current, total } = billStepOf(phase);
  return (
    <KioskScreen title={title} step={{ current, total }} testId={testId}>
      {children}
    </KioskScreen>
  );
}
