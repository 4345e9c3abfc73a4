// Between Help and the call: where the customer is in the queue and for how long, always
// with a moving indicator (never a frozen screen) and one big Cancel.
import { useTranslation } from 'react-i18next';
import type { AssistState } from '../../../electron/bridge/assist-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';
import { Progress } from '../../ui/Progress.js';

type Waiting = Extract<AssistState, { phase: 'waiting' }>;
export type AskingState = Extract<AssistState, { phase: 'requesting' | 'waiting' | 'reconnecting' }>;

function QueuePlace({ waiting }: { waiting: Waiting }) {
  const { t } = useTranslation();
  const minutes = Math.ceil(waiting.expectedWaitSec / 60);
  return (
    <div className="assist-wait__place">
      <p className="assist-wait__position" data-testid="assist-position">
        {t('assist.position', { position: waiting.position })}
      </p>
      <p data-testid="assist-expected-wait">{waiting.expectedWaitSec < 60 ? t('assist.expectedWaitShort') : t('assist.expectedWait', { minutes })}</p>
    </div>
  );
}

export function WaitingScreen({ state, onCancel }: { state: AskingState; onCancel: () => void }) {
  const { t } = useTranslation();
  const current = state.phase === 'reconnecting' ? state.from : state;
  const waiting = current.phase === 'waiting' ? current : null;
  const after = current.phase === 'requesting' ? current.after : undefined;
  return (
    <section className="assist-overlay" role="dialog" aria-modal="true" aria-labelledby="assist-wait-title" data-testid="assist-waiting" data-phase={state.phase}>
      <h1 id="assist-wait-title" className="assist-overlay__title">
        <Icon name="video" /> {waiting ? t('assist.waitingTitle') : t('assist.title')}
      </h1>
      {after === 'transferred' && <Notice tone="warning">{t('assist.transferred')}</Notice>}
      {after === 'expert-lost' && <Notice tone="warning">{t('assist.expertLost')}</Notice>}
      {state.phase === 'reconnecting' && <Notice tone="warning" testId="assist-reconnecting">{t('assist.reconnecting')}</Notice>}
      <Progress label={waiting ? t('assist.waitingHint') : t('assist.requesting')} />
      {waiting && <QueuePlace waiting={waiting} />}
      <div className="assist-overlay__actions">
        <BigButton huge variant="secondary" icon={<Icon name="back" />} onClick={onCancel} data-testid="assist-cancel">
          {t('assist.cancel')}
        </BigButton>
      </div>
    </section>
  );
}
