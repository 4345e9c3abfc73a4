// The frame every account-opening screen shares: the kiosk header (Home, Back, Help), the
// title, and "step N of 6" derived from the host's phase, so the count never disagrees with it.
import type { ReactNode } from 'react';
import type { AccountOpeningPhase } from '../../../electron/bridge/account-opening-contract.js';
import { KioskScreen } from '../screens/KioskScreen.js';
import { openingStepOf } from './opening-steps.js';

export function OpeningFrame({ phase, title, testId, children }: { phase: AccountOpeningPhase; title: string; testId: string; children?: ReactNode }) {
  const { current, total } = openingStepOf(phase);
  return (
    <KioskScreen title={title} step={{ current, total }} testId={testId}>
      <div className="opening" data-read-aloud-root>
        {children}
      </div>
    </KioskScreen>
  );
}
