// Between Help and the call: where the customer is in the queue and for how long, always
// with a moving indicator (never a frozen screen) and one big Cancel. When the hub says no
// expert who could answer is free or in a call, the screen says so at once instead of
// promising a wait, and offers the other ways: a call-back, a counter ticket or the menu.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssistState } from '../../../electron/bridge/assist-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';
import { Progress } from '../../ui/Progress.js';
import { ReadAloudButton } from '../screens/ReadAloudButton.js';
import { HelpArticles } from '../help/HelpArticles.js';
import { HelpEntry } from '../help/HelpEntry.js';
import { CallbackForm } from './CallbackForm.js';

type Waiting = Extract<AssistState, { phase: 'waiting' }>;
export type AskingState = Extract<AssistState, { phase: 'requesting' | 'waiting' | 'reconnecting' }>;

// The hub sends a new estimate only when the queue or the experts change; between its events
// the figure counts down on the kiosk so a customer never watches the same number for minutes.
const COUNTDOWN_TICK_MS = 5_000;

// Past the estimate by this much, "less than a minute" would be a false promise.
const OVERRUN_NOTICE_SEC = 60;

function useElapsedSeconds(estimateSec: number, estimateKey: unknown): number {
  const [elapsedSec, setElapsedSec] = useState(0);
  useEffect(() => {
    const startedAt = Date.now();
    setElapsedSec(0);
    const timer = setInterval(() => setElapsedSec(Math.floor((Date.now() - startedAt) / 1000)), COUNTDOWN_TICK_MS);
    return () => clearInterval(timer);
  }, [estimateSec, estimateKey]);
  return elapsedSec;
}

function QueuePlace({ waiting }: { waiting: Waiting }) {
  const { t } = useTranslation();
  // A repeated identical estimate (same place, same figure) is still news: restart from it.
  const elapsedSec = useElapsedSeconds(waiting.expectedWaitSec, waiting);
  const remainingSec = Math.max(0, waiting.expectedWaitSec - elapsedSec);
  const overrun = elapsedSec - waiting.expectedWaitSec >= OVERRUN_NOTICE_SEC;
  const minutes = Math.ceil(remainingSec / 60);
  const text = overrun ? t('assist.expectedWaitOverrun') : remainingSec < 60 ? t('assist.expectedWaitShort') : t('assist.expectedWait', { minutes });
  return (
    <div className="assist-wait__place">
      <p className="assist-wait__position" data-testid="assist-position">
        {t('assist.position', { position: waiting.position })}
      </p>
      <p data-testid="assist-expected-wait" data-remaining-sec={remainingSec}>
        {text}
      </p>
    </div>
  );
}

/** Other ways to be served, offered when no expert can answer. */
export interface WaitAlternatives {
  takeTicket(): void;
  selfService(): void;
  /** Books a call-back on the customer's number; rejects with the host's {code, message}. */
  callBack(phone: string): Promise<void>;
}

function NobodyAvailable({ alternatives, onCallBack }: { alternatives: WaitAlternatives; onCallBack(): void }) {
  const { t } = useTranslation();
  return (
    <div className="assist-wait__nobody" data-testid="assist-nobody">
      <p>{t('assist.nobodyBody')}</p>
      <div className="assist-overlay__actions">
        <BigButton huge icon={<Icon name="phone" />} onClick={onCallBack} data-testid="assist-alt-callback">
          {t('assist.callback.offer')}
        </BigButton>
        <BigButton huge icon={<Icon name="ticket" />} onClick={alternatives.takeTicket} data-testid="assist-alt-ticket">
          {t('assist.altTicket')}
        </BigButton>
        <BigButton huge variant="secondary" icon={<Icon name="home" />} onClick={alternatives.selfService} data-testid="assist-alt-self">
          {t('assist.altSelfService')}
        </BigButton>
      </div>
    </div>
  );
}

export function WaitingScreen({ state, onCancel, alternatives }: { state: AskingState; onCancel: () => void; alternatives: WaitAlternatives }) {
  const { t } = useTranslation();
  const current = state.phase === 'reconnecting' ? state.from : state;
  const waiting = current.phase === 'waiting' ? current : null;
  const nobody = waiting?.nobodyAvailable === true;
  const after = current.phase === 'requesting' ? current.after : undefined;
  const [askingCallback, setAskingCallback] = useState(false);
  const callbackForm = nobody && askingCallback;
  // Self-help articles while waiting (renderer/kiosk/help); the request stays in the queue.
  const [articles, setArticles] = useState(false);
  const title = callbackForm ? t('assist.callback.title') : nobody ? t('assist.nobodyTitle') : waiting ? t('assist.waitingTitle') : t('assist.title');
  return (
    <section className="assist-overlay" role="dialog" aria-modal="true" aria-labelledby="assist-wait-title" data-testid="assist-waiting" data-phase={state.phase}>
      <h1 id="assist-wait-title" className="assist-overlay__title" aria-live="polite">
        <Icon name="video" /> {title}
      </h1>
      {after === 'transferred' && <Notice tone="warning">{t('assist.transferred')}</Notice>}
      {after === 'expert-lost' && <Notice tone="warning">{t('assist.expertLost')}</Notice>}
      {state.phase === 'reconnecting' && <Notice tone="warning" testId="assist-reconnecting">{t('assist.reconnecting')}</Notice>}
      {articles ? (
        <HelpArticles expertComing={!nobody} onCallExpert={() => setArticles(false)} />
      ) : callbackForm ? (
        <CallbackForm onSubmit={alternatives.callBack} onBack={() => setAskingCallback(false)} />
      ) : nobody ? (
        <NobodyAvailable alternatives={alternatives} onCallBack={() => setAskingCallback(true)} />
      ) : (
        <Progress label={waiting ? t('assist.waitingHint') : t('assist.requesting')} />
      )}
      {waiting && !nobody && !articles && <QueuePlace waiting={waiting} />}
      {!callbackForm && !articles && (
        <div className="assist-overlay__actions">
          <BigButton huge variant="secondary" icon={<Icon name="back" />} onClick={onCancel} data-testid="assist-cancel">
            {nobody ? t('assist.stopWaiting') : t('assist.cancel')}
          </BigButton>
          <ReadAloudButton />
          <HelpEntry waiting={!nobody} onOpen={() => setArticles(true)} />
        </div>
      )}
    </section>
  );
}
