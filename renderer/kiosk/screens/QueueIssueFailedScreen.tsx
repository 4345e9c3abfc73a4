// The host could not issue a ticket at all: say why in the customer's words, offer to try
// again (same service) or go Home.
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { errorMessageKey } from '../../i18n/error-messages.js';
import type { Phase } from '../session/journey.js';
import { useSessionContext } from '../session/SessionContext.js';
import { KioskScreen } from './KioskScreen.js';

export function QueueIssueFailedScreen({ phase }: { phase: Extract<Phase, { name: 'queue.issueFailed' }> }) {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  const message = t(errorMessageKey(phase.code));
  return (
    <KioskScreen title={t('queue.issueFailedTitle')} testId="queue-failed-screen">
      <Notice tone="danger" testId="issue-error">
        {message}
      </Notice>
      <div className="action-row">
        <BigButton huge onClick={() => void actions.issueTicket(phase.service, phase.priority)}>
          {t('app.retry')}
        </BigButton>
        <BigButton huge variant="secondary" onClick={actions.goHome}>
          {t('queue.backToHome')}
        </BigButton>
      </div>
    </KioskScreen>
  );
}
