// What follows a request or call: the satisfaction question (NPS 0–10, reason, comment) when
// the customer talked to an expert, otherwise what happened and what to do next — the articles
// the kiosk keeps among them, the one help left when the hub cannot be reached; then a short
// thank-you.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssistEndReason, AssistState } from '../../../electron/bridge/assist-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { ReadAloudButton } from '../screens/ReadAloudButton.js';
import { Icon } from '../../ui/Icon.js';
import type { Locale } from '../../../electron/bridge/contract.js';
import type { FeedbackAnswer } from '../../../protocol/customer-feedback.js';
import { SatisfactionSurvey } from '../feedback/SatisfactionSurvey.js';
import { HelpArticles } from '../help/HelpArticles.js';
import { HelpEntry } from '../help/HelpEntry.js';

type Ended = Extract<AssistState, { phase: 'ended' }>;

type EndedKey = 'unavailable' | 'noAnswer' | 'abandoned' | 'lost' | 'failed' | 'done';
function endedKey(reason: AssistEndReason): EndedKey {
  switch (reason) {
    case 'unavailable':
    case 'hub-shutdown':
      return 'unavailable';
    case 'no-answer':
      return 'noAnswer';
    case 'abandoned':
    case 'cancelled':
    case 'session-ended':
      return 'abandoned';
    case 'kiosk-lost':
    case 'expert-lost':
      return 'lost';
    case 'media-failed':
      return 'failed';
    default:
      return 'done';
  }
}

/**
 * After a call with an expert: the same satisfaction question as after any journey (NPS 0–10,
 * then an optional reason and comment). The session id is taken now, so an answer sent when
 * the visit ends under the survey still names its call.
 */
export function RatingScreen({ state, onRate, onSkip, onThanked }: { state: Ended; onRate: (sessionId: string, answer: FeedbackAnswer, locale: Locale) => void; onSkip: () => void; onThanked: () => void }) {
  const { t, i18n } = useTranslation();
  const key = endedKey(state.reason);
  const locale: Locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const sessionId = state.sessionId;
  return (
    <section className="assist-overlay" role="dialog" aria-modal="true" aria-labelledby="assist-rating-title">
      <SatisfactionSurvey
        title={t('assist.rating.title')}
        lead={<p className="assist-overlay__lead">{t(`assist.ended.${key}`)}</p>}
        locale={locale}
        testIdPrefix="assist-rating"
        onSubmit={(answer) => sessionId && onRate(sessionId, answer, locale)}
        onSkip={onSkip}
        onFinished={onThanked}
        actions={<ReadAloudButton />}
      />
    </section>
  );
}

export function EndedScreen({ state, onBack, onRetry }: { state: Ended; onBack: () => void; onRetry: () => void }) {
  const { t } = useTranslation();
  const key = endedKey(state.reason);
  // The kiosk's own articles: they need no hub and no expert.
  const [articles, setArticles] = useState(false);
  return (
    <section className="assist-overlay" role="alertdialog" aria-modal="true" aria-labelledby="assist-ended-title" data-testid="assist-ended" data-reason={state.reason}>
      <h1 id="assist-ended-title" className="assist-overlay__title">
        <Icon name="video" /> {t('assist.title')}
      </h1>
      {articles ? (
        <HelpArticles expertComing={false} onCallExpert={() => setArticles(false)} />
      ) : (
        <p className="assist-overlay__lead" role="status">
          {t(`assist.ended.${key}`)}
        </p>
      )}
      {!articles && (
        <div className="assist-overlay__actions">
          <BigButton huge icon={<Icon name="back" />} onClick={onBack} data-testid="assist-ended-back">
            {t('assist.ended.back')}
          </BigButton>
          {key !== 'done' && (
            <BigButton huge variant="secondary" onClick={onRetry} data-testid="assist-retry">
              {t('assist.ended.tryAgain')}
            </BigButton>
          )}
          <ReadAloudButton />
          {key !== 'done' && <HelpEntry waiting={false} onOpen={() => setArticles(true)} />}
        </div>
      )}
    </section>
  );
}

export function ThanksScreen() {
  const { t } = useTranslation();
  return (
    <section className="assist-overlay" role="status" data-testid="assist-thanks">
      <h1 className="assist-overlay__title">{t('assist.rating.thanks')}</h1>
    </section>
  );
}
