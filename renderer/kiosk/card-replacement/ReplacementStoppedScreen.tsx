// The journey ended without a new card in the customer's hand: why, in plain words (the bank's
// reason when it said no), that nothing was charged (or, for a card not taken, that the machine
// kept it and the fee went back), and a way forward that fits the reason — an expert on video
// for a device fault (the expert is told the journey and its step), a queue ticket when the
// bank is out of reach, starting again otherwise; Home always.
import { useTranslation } from 'react-i18next';
import type { CardReplacementState } from '../../../electron/bridge/card-replacement-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';
import { assistBusy, useAssist } from '../assist/AssistContext.js';
import { useSessionContext } from '../session/SessionContext.js';
import { ReplacementScreen } from './ReplacementScreen.js';
import { declineKey, stopKey } from './replacement-words.js';

type StoppedState = Extract<CardReplacementState, { phase: 'stopped' }>;

const nextKey = {
  device: 'cardReplacement.stopped.deviceNext',
  'hub-unreachable': 'cardReplacement.stopped.hubNext',
  'not-taken': 'cardReplacement.stopped.notTakenNext',
} as const satisfies Partial<Record<StoppedState['reason'], string>>;

export function ReplacementStoppedScreen({ state }: { state: StoppedState }) {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  const assist = useAssist();
  const { reason } = state;
  const next = reason in nextKey ? nextKey[reason as keyof typeof nextKey] : null;
  const takeTicket = () => {
    actions.goHome();
    actions.openQueue();
  };
  const again = (
    <BigButton huge={reason !== 'device' && reason !== 'hub-unreachable'} variant={reason === 'device' || reason === 'hub-unreachable' ? 'secondary' : 'primary'} icon={<Icon name="card" />} onClick={() => void actions.cardReplacement.restart()} data-testid="replace-again">
      {t('cardReplacement.stopped.again')}
    </BigButton>
  );
  return (
    <ReplacementScreen state={state} title={t('cardReplacement.stopped.title')} testId="replace-stopped-screen">
      <Notice tone={reason === 'customer' ? 'warning' : 'danger'} testId="replace-stop-reason">
        {t(stopKey[reason])} {state.declined ? t(declineKey[state.declined]) : ''}
      </Notice>
      {next && (
        <p className="replace-lead" data-testid="replace-way-forward">
          {t(next)}
        </p>
      )}
      {reason !== 'not-taken' && (
        <p className="ticket__take">
          <Icon name="card" /> {t('cardReplacement.stopped.takeCard')}
        </p>
      )}
      <div className="action-row">
        {reason === 'device' && (
          <BigButton huge icon={<Icon name="video" />} onClick={assist.requestHelp} disabled={assistBusy(assist.snapshot.status.state)} data-testid="replace-expert">
            {t('cardReplacement.stopped.expert')}
          </BigButton>
        )}
        {reason === 'hub-unreachable' && (
          <BigButton huge icon={<Icon name="ticket" />} onClick={takeTicket} data-testid="replace-ticket">
            {t('cardReplacement.stopped.ticket')}
          </BigButton>
        )}
        {reason !== 'device' && again}
        {(reason === 'declined' || reason === 'device') && (
          <BigButton variant="secondary" icon={<Icon name="ticket" />} onClick={takeTicket} data-testid="replace-ticket">
            {t('cardReplacement.stopped.ticket')}
          </BigButton>
        )}
        <BigButton variant="secondary" icon={<Icon name="home" />} onClick={actions.goHome} data-testid="replace-home">
          {t('cardReplacement.stopped.home')}
        </BigButton>
      </div>
    </ReplacementScreen>
  );
}
