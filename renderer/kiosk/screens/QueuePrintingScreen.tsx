// Between the tap and the ticket: a live progress indicator, never a frozen screen.
import { useTranslation } from 'react-i18next';
import { Progress } from '../../ui/Progress.js';
import type { Phase } from '../session/journey.js';
import { useSessionContext } from '../session/SessionContext.js';
import { KioskScreen } from './KioskScreen.js';

export function QueuePrintingScreen({ phase }: { phase: Extract<Phase, { name: 'queue.issuing' }> }) {
  const { t } = useTranslation();
  const { state } = useSessionContext();
  return (
    <KioskScreen title={phase.service.name[state.locale]} step={{ current: 2, total: 2 }} testId="queue-printing-screen">
      <Progress label={t('queue.printing')} hint={t('queue.printingHint')} testId="printing-progress" />
    </KioskScreen>
  );
}
