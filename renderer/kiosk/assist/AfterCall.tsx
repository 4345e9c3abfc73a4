// What follows a request or call: a 1–5 rating with big buttons when the customer talked to
// an expert, otherwise what happened and what to do next; then a short thank-you.
import { useTranslation } from 'react-i18next';
import type { AssistEndReason, AssistState } from '../../../electron/bridge/assist-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { ReadAloudButton } from '../screens/ReadAloudButton.js';
import { Icon } from '../../ui/Icon.js';

type Ended = Extract<AssistState, { phase: 'ended' }>;

const RATINGS = [1, 2, 3, 4, 5] as const;

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

export function RatingScreen({ state, onRate, onSkip }: { state: Ended; onRate: (rating: number) => void; onSkip: () => void }) {
  const { t } = useTranslation();
  const key = endedKey(state.reason);
  return (
    <section className="assist-overlay" role="dialog" aria-modal="true" aria-labelledby="assist-rating-title" data-testid="assist-rating">
      <p className="assist-overlay__lead">{t(`assist.ended.${key}`)}</p>
      <h1 id="assist-rating-title" className="assist-overlay__title">
        {t('assist.rating.title')}
      </h1>
      <p>{t('assist.rating.hint')}</p>
      <div className="assist-rating__buttons">
        {RATINGS.map((rating) => (
          <button key={rating} type="button" className="assist-rating__button" onClick={() => onRate(rating)} data-testid={`assist-rating-${rating}`} aria-label={t('assist.rating.label', { rating })}>
            {rating}
          </button>
        ))}
      </div>
      <div className="assist-overlay__actions">
        <BigButton variant="secondary" onClick={onSkip} data-testid="assist-rating-skip">
          {t('assist.rating.skip')}
        </BigButton>
        <ReadAloudButton />
      </div>
    </section>
  );
}

export function EndedScreen({ state, onBack, onRetry }: { state: Ended; onBack: () => void; onRetry: () => void }) {
  const { t } = useTranslation();
  const key = endedKey(state.reason);
  return (
    <section className="assist-overlay" role="alertdialog" aria-modal="true" aria-labelledby="assist-ended-title" data-testid="assist-ended" data-reason={state.reason}>
      <h1 id="assist-ended-title" className="assist-overlay__title">
        <Icon name="video" /> {t('assist.title')}
      </h1>
      <p className="assist-overlay__lead" role="status">
        {t(`assist.ended.${key}`)}
      </p>
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
      </div>
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
