// The frame every balances-and-statements screen shares: the kiosk header, the title, and
// "step N of 4" derived from the host's phase, so the count never disagrees with the host.
import type { ReactNode } from 'react';
import type { AccountServicesPhase } from '../../../electron/bridge/account-services-contract.js';
import { KioskScreen } from '../screens/KioskScreen.js';
import { accountStepOf } from './account-steps.js';

export function AccountsScreen({ phase, title, testId, children }: { phase: AccountServicesPhase; title: string; testId: string; children?: ReactNode }) {
  const { current, total } = accountStepOf(phase);
  return (
    <KioskScreen title={title} step={{ current, total }} testId={testId}>
      {children}
    </KioskScreen>
  );
}
