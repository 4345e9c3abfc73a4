// Queue ticket, step 1 of 2: pick the service. One tap issues the ticket; if the printer is
// known to be unwell the customer is told beforehand that the number will be on screen.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { Progress } from '../../ui/Progress.js';
import { Tile } from '../../ui/Tile.js';
import { errorMessageKey } from '../../i18n/error-messages.js';
import { useSessionContext } from '../session/SessionContext.js';
import { PrinterStatusStrip } from '../status/StatusStrips.js';
import { KioskScreen } from './KioskScreen.js';
import { PriorityRecognition } from './PriorityRecognition.js';
import { useBridgeRead, type ReadState } from '../../bridge/useBridgeRead.js';
import type { QueueService } from '../../../electron/bridge/contract.js';

/** The VIP badge, unless the service's name already says it ("VIP service", "贵宾服务"). */
function vipBadge(service: QueueService, name: string, badge: string): string | undefined {
  return service.vip && !name.toLowerCase().includes(badge.toLowerCase()) ? badge : undefined;
}

function ServiceList({ state, retry, priority }: { state: ReadState<QueueService[]>; retry: () => void; priority: boolean }) {
  const { t } = useTranslation();
  const { state: session, actions } = useSessionContext();
  if (state.status === 'loading') return <Progress label={t('queue.loadingServices')} />;
  if (state.status === 'failed') {
    return (
      <>
        <Notice tone="danger">{t(errorMessageKey(state.code))}</Notice>
        <BigButton onClick={retry}>{t('app.retry')}</BigButton>
      </>
    );
  }
  return (
    <div className="tile-grid tile-grid--services">
      {state.value.map((service) => (
        <Tile
          key={service.id}
          icon={service.prefix}
          label={service.name[session.locale]}
          badge={vipBadge(service, service.name[session.locale], t('queue.vip'))}
          onSelect={() => void actions.issueTicket(service, priority && !service.vip)}
          testId={`service-${service.id}`}
        />
      ))}
    </div>
  );
}

/**
 * Priority service, asked rather than assumed: the customer says so with one toggle before
 * picking a service. Branches serve priority-assist tickets sooner, with aging so nobody else
 * starves (hub/branch-queue/priority.ts); a VIP service is already served first.
 */
function PriorityToggle({ on, onChange }: { on: boolean; onChange: (on: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className={on ? 'priority-toggle priority-toggle--on' : 'priority-toggle'} aria-pressed={on} onClick={() => onChange(!on)} data-testid="priority-toggle">
      <span className="priority-toggle__box" aria-hidden="true">
        {on ? '✓' : ''}
      </span>
      <span className="priority-toggle__text">
        <span className="priority-toggle__label">{t('queue.priority.label')}</span>
        <span className="priority-toggle__hint">{t('queue.priority.hint')}</span>
      </span>
    </button>
  );
}

export function QueueChooseScreen() {
  const { t } = useTranslation();
  const services = useBridgeRead('queue.services');
  const [priority, setPriority] = useState(false);
  // An ID card showing 65 or over turns priority service on (the host applies it to the ticket too).
  const priorityRecognised = useCallback(() => setPriority(true), []);
  return (
    <KioskScreen title={t('queue.chooseTitle')} step={{ current: 1, total: 2 }} testId="queue-choose-screen">
      <PrinterStatusStrip />
      <PriorityToggle on={priority} onChange={setPriority} />
      <PriorityRecognition onPriority={priorityRecognised} />
      <ServiceList state={services.state} retry={services.retry} priority={priority} />
    </KioskScreen>
  );
}
