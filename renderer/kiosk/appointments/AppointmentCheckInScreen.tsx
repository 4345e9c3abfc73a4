// Check in: the customer holds the slip's QR under the scanner; the host checks it in at the hub
// and the journey moves on to the ticket (appointments.checkIn event). A code that does not
// check in says why here, with the normal ticket one tap away.
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';
import { KioskScreen } from '../screens/KioskScreen.js';
import type { Phase } from '../session/journey.js';
import { useSessionContext } from '../session/SessionContext.js';

type CheckInPhase = Extract<Phase, { name: 'appointment.checkIn' }>;

export function AppointmentCheckInScreen({ phase }: { phase: CheckInPhase }) {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  const takeTicket = () => {
    actions.goHome();
    actions.openQueue();
  };
  return (
    <KioskScreen title={t('appointment.checkInTitle')} testId="appointment-check-in-screen">
      <div className="appointment-check-in">
        <p className="appointment-check-in__prompt" data-testid="appointment-scan-prompt">
          <Icon name="arrowDown" /> {t('appointment.scanPrompt')}
        </p>
        {phase.problem && (
          <Notice tone="danger" testId="appointment-check-in-problem">
            {t(`appointment.problem.${phase.problem}`)}
          </Notice>
        )}
        <BigButton huge variant={phase.problem ? 'primary' : 'secondary'} icon={<Icon name="ticket" />} onClick={takeTicket} data-testid="appointment-take-normal-ticket">
          {t('appointment.takeNormalTicket')}
        </BigButton>
      </div>
    </KioskScreen>
  );
}
