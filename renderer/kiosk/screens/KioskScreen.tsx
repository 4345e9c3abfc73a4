// A customer screen with the shared header and offline banner. Screens supply the title
// (also what read-aloud says unless `speech` adds more) and their content.
import type { ReactNode } from 'react';
import { ScreenFrame } from '../../ui/ScreenFrame.js';
import { StepIndicator } from '../../ui/StepIndicator.js';
import { useTranslation } from 'react-i18next';
import { OfflineBanner } from '../status/StatusStrips.js';
import { KioskHeader } from './KioskHeader.js';

export interface KioskScreenProps {
  title: string;
  /** Text for read-aloud; defaults to the title. */
  speech?: string;
  step?: { current: number; total: number };
  footer?: ReactNode;
  testId: string;
  children?: ReactNode;
}

export function KioskScreen({ title, speech, step, footer, testId, children }: KioskScreenProps) {
  const { t } = useTranslation();
  const stepIndicator = step && <StepIndicator current={step.current} total={step.total} label={t('steps.indicator', step)} />;
  return (
    <ScreenFrame
      title={title}
      header={<KioskHeader speech={speech ?? title} />}
      banner={<OfflineBanner />}
      step={stepIndicator}
      footer={footer}
      testId={testId}
    >
      {children}
    </ScreenFrame>
  );
}
