// Step 5: the application is filed; a bank expert checks it with the customer on video. While
// the kiosk waits for an expert, a calm screen with the time left before the host gives up
// (`deadline`); in the call, the call panel docks beside this screen as in any call and this
// screen says who the customer is talking to. The decision arrives as the host's next state.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callOf } from '../../../electron/bridge/assist-call.js';
import type { AccountOpeningState } from '../../../electron/bridge/account-opening-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Progress } from '../../ui/Progress.js';
import { assistBusy, useAssist } from '../assist/AssistContext.js';
import { CancelOpeningButton } from './CancelOpeningButton.js';
import { OpeningFrame } from './OpeningFrame.js';
import { useApprovalCall } from './useApprovalCall.js';

type Approval = Extract<AccountOpeningState, { phase: 'approval' }>;

const secondsUntil = (deadline: number) => Math.max(0, Math.ceil((deadline - Date.now()) / 1000));

function useSecondsLeft(deadline: number): number {
  const [seconds, setSeconds] = useState(() => secondsUntil(deadline));
  useEffect(() => {
    setSeconds(secondsUntil(deadline));
    const timer = setInterval(() => setSeconds(secondsUntil(deadline)), 1000);
    return () => clearInterval(timer);
  }, [deadline]);
  return seconds;
}

export function SubmittingScreen() {
  const { t } = useTranslation();
  return (
    <OpeningFrame phase="submitting" title={t('accountOpening.approval.title')} testId="opening-submitting-screen">
      <Progress label={t('accountOpening.submitting')} testId="opening-progress" />
    </OpeningFrame>
  );
}

export function ApprovalScreen({ state }: { state: Approval }) {
  const { t } = useTranslation();
  const { snapshot, requestHelp } = useAssist();
  useApprovalCall({ applicationId: state.applicationId, summary: state.summary });
  const secondsLeft = useSecondsLeft(state.deadline);
  const assist = snapshot.status.state;
  const call = callOf(assist);
  const minutes = Math.floor(secondsLeft / 60);
  const seconds = String(secondsLeft % 60).padStart(2, '0');

  return (
    <OpeningFrame phase="approval" title={t('accountOpening.approval.title')} testId="opening-approval-screen">
      {call ? (
        <p className="opening__lead" data-testid="opening-approval-in-call">
          <Icon name="video" /> {t('accountOpening.approval.inCall', { expert: call.expert.displayName })}
        </p>
      ) : assistBusy(assist) ? (
        <>
          <Progress label={t('accountOpening.approval.calling')} testId="opening-approval-calling" />
          {assist.phase === 'waiting' && !assist.nobodyAvailable && (
            <p data-testid="opening-approval-position">{t('assist.position', { position: assist.position })}</p>
          )}
          <p className="opening__time" data-testid="opening-approval-time-left" data-seconds={secondsLeft}>
            {t('accountOpening.approval.timeLeft', { minutes, seconds })}
          </p>
        </>
      ) : (
        <>
          {/* The request ended without a call (none free, cancelled): the customer can ask again until the deadline. */}
          <p className="opening__lead">{t('accountOpening.approval.afterCall')}</p>
          <p className="opening__time" data-testid="opening-approval-time-left" data-seconds={secondsLeft}>
            {t('accountOpening.approval.timeLeft', { minutes, seconds })}
          </p>
          <BigButton huge icon={<Icon name="video" />} onClick={requestHelp} data-testid="opening-approval-call-again">
            {t('accountOpening.approval.callAgain')}
          </BigButton>
        </>
      )}
      <div className="action-row">
        <CancelOpeningButton />
      </div>
    </OpeningFrame>
  );
}
