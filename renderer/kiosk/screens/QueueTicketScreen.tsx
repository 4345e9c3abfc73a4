// Queue ticket, step 2 of 2: the number, very large. If the ticket did not print the number
// stays on screen with the reason and a Reprint; Done always ends the visit.
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';
import { Progress } from '../../ui/Progress.js';
import { printFailureMessageKey } from '../../i18n/error-messages.js';
import type { Phase, PrintState } from '../session/journey.js';
import { useSessionContext } from '../session/SessionContext.js';
import { KioskScreen } from './KioskScreen.js';
import { waitMinutes } from '../../../protocol/wait-minutes.js';

type TicketPhase = Extract<Phase, { name: 'queue.ticket' }>;

function PrintStatus({ print }: { print: PrintState }) {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  switch (print.kind) {
    case 'printed':
      return (
        <p className="ticket__take" data-testid="take-ticket">
          <Icon name="arrowDown" /> 
          {t('queue.takeTicket')}
        </p>
      );
    case 'reprinting':
      return <Progress label={t('queue.reprinting')} />;
    case 'failed':
      return (
        <>
          <Notice tone="danger" testId="print-error">
            {t(printFailureMessageKey(print.code))}
          </Notice>
          <p className="ticket__note">{t('queue.notPrintedNote')}</p>
          <BigButton variant="secondary" icon={<Icon name="printer" />} onClick={() => void actions.reprint()}>
            {t('queue.reprint')}
          </BigButton>
        </>
      );
  }
}

export function QueueTicketScreen({ phase }: { phase: TicketPhase }) {
  const { t } = useTranslation();
  const { state, actions } = useSessionContext();
  const { ticket, service, print } = phase;
  const title = print.kind === 'failed' ? t('queue.notPrintedTitle') : t('queue.ticketTitle');

  return (
    <KioskScreen
      title={title}
      step={{ current: 2, total: 2 }}
      testId="queue-ticket-screen"
    >
      <div className="ticket-layout">
        <section className="ticket" aria-live="polite" aria-atomic="true">
          <span className="ticket__label">{t('queue.yourNumber')}</span>
          <span className="ticket__number" data-testid="ticket-number">
            {ticket.number}
          </span>
          <span className="ticket__service">{service.name[state.locale]}</span>
          {ticket.priority === true && (
            <span className="ticket__priority" data-testid="ticket-priority">
              {t('queue.priority.onTicket')}
            </span>
          )}
          {ticket.vip !== undefined && (
            <span className="ticket__priority" data-testid="ticket-vip">
              {t(ticket.vip === 'appointment' ? 'appointment.onTicket' : 'appointment.vipOnTicket')}
            </span>
          )}
          <span data-testid="people-ahead">
            {ticket.ahead === null ? t('queue.aheadUnknown') : t('queue.ahead', { count: ticket.ahead })}
          </span>
          {ticket.estimatedWaitSec != null && (
            <span className="ticket__wait" data-testid="estimated-wait">
              {waitMinutes(ticket.estimatedWaitSec) <= 1 ? t('queue.calledShortly') : t('queue.estimatedWait', { count: waitMinutes(ticket.estimatedWaitSec) })}
            </span>
          )}
        </section>
        <div className="ticket-layout__side">
          <PrintStatus print={print} />
          <BigButton huge onClick={actions.done} data-testid="done-button">
            {t('queue.done')}
          </BigButton>
        </div>
      </div>
    </KioskScreen>
  );
}
