// A customer screen with the shared header and offline banner. Screens supply the title and
// their content; read-aloud reads both from the page (speech.ts screenText).
import type { ReactNode } from 'react';
import { ScreenFrame } from '../../ui/ScreenFrame.js';
import { StepIndicator } from '../../ui/StepIndicator.js';
import { useTranslation } from 'react-i18next';
import { OfflineBanner } from '../status/StatusStrips.js';
import { KioskHeader } from './KioskHeader.js';

export interface KioskScreenProps {
  title: string;
  step?: { current: number; total: number };
  footer?: ReactNode;
  testId: string;
  children?: ReactNode;
}

export function KioskScreen({ title, step, footer, testId, children }: KioskScreenProps) {
  const { t } = useTranslation();
  const stepIndicator = step && <StepIndicator current={step.current} total={step.total} label={t('steps.indicator', step)} />;
  return (
    <ScreenFrame
      title={title}
      header={<KioskHeader />}
      banner={<OfflineBanner />}
      step={stepIndicator}
      footer={footer}
      testId={testId}
    >
      {children}
    </ScreenFrame>
  );
}
