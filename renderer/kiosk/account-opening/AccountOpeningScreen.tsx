// "Open an account" on screen: one screen per host phase. The host decides every move; this
// only picks what to show for the state it last sent.
import { useTranslation } from 'react-i18next';
import { Progress } from '../../ui/Progress.js';
import type { Phase } from '../session/journey.js';
import { ApprovalScreen, SubmittingScreen } from './ApprovalScreen.js';
import { ConsentScreen } from './ConsentScreen.js';
import { ConfirmScreen, DocumentScreen } from './DocumentScreens.js';
import { FaceScreen } from './FaceScreen.js';
import { KycScreen } from './KycScreen.js';
import { OpenedScreen, OpeningProgressScreen, StoppedScreen } from './ResultScreens.js';
import { OpeningFrame } from './OpeningFrame.js';
import './account-opening.css';

export function AccountOpeningScreen({ phase }: { phase: Extract<Phase, { name: 'accountOpening' }> }) {
  const { t } = useTranslation();
  const { state } = phase.status;
  switch (state.phase) {
    case 'idle':
      return (
        <OpeningFrame phase="idle" title={t('accountOpening.title')} testId="opening-starting-screen">
          <Progress label={t('accountOpening.starting')} />
        </OpeningFrame>
      );
    case 'document':
      return <DocumentScreen state={state} />;
    case 'confirm':
      return <ConfirmScreen state={state} />;
    case 'face':
      return <FaceScreen state={state} />;
    case 'consent':
      return <ConsentScreen state={state} />;
    case 'kyc':
      return <KycScreen />;
    case 'submitting':
      return <SubmittingScreen />;
    case 'approval':
      return <ApprovalScreen state={state} />;
    case 'opening':
      return <OpeningProgressScreen />;
    case 'opened':
      return <OpenedScreen state={state} />;
    case 'stopped':
      return <StoppedScreen state={state} />;
  }
}
