// The frame every card-replacement screen shares: the kiosk header, the title and "step N of 5"
// derived from the host's state, so the count never disagrees with the host. The journey's
// styles come with it.
import type { ReactNode } from 'react';
import type { CardReplacementState } from '../../../electron/bridge/card-replacement-contract.js';
import { KioskScreen } from '../screens/KioskScreen.js';
import { replacementStepOf } from './replacement-steps.js';
import './card-replacement.css';

export function ReplacementScreen({ state, title, testId, children }: { state: CardReplacementState; title: string; testId: string; children?: ReactNode }) {
  const { current, total } = replacementStepOf(state);
  return (
    <KioskScreen title={title} step={{ current, total }} testId={testId}>
      {children}
    </KioskScreen>
  );
}
