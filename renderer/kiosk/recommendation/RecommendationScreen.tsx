// One suggestion after a journey, before the satisfaction question (issue 13): the title and
// text the admin wrote, in the customer's language; "Yes, show me" carries out the action (an
// information slip, a ticket, an article from the kiosk's knowledge base) and "No thanks" goes
// on. It never holds the kiosk: Home is in the header, and it moves on by itself after
// RECOMMENDATION_TIMEOUT_MS without a tap, like the survey.
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { KioskArticle } from '../../../protocol/knowledge.js';
import { useBridge } from '../../bridge/BridgeContext.js';
import { BigButton } from '../../ui/BigButton.js';
import { useSurveyTimeout } from '../feedback/useSurveyTimeout.js';
import { ArticleBody } from '../help/ArticleBody.js';
import { KioskScreen } from '../screens/KioskScreen.js';
import { ReadAloudButton } from '../screens/ReadAloudButton.js';
import type { Phase } from '../session/journey.js';
import { useSessionContext } from '../session/SessionContext.js';
import type { RespondOutput } from './recommendation-types.js';

export const RECOMMENDATION_TIMEOUT_MS = 20_000;

type RecommendationPhase = Extract<Phase, { name: 'recommendation' }>;
type Step = { kind: 'ask' } | { kind: 'busy' } | { kind: 'done'; result: RespondOutput | null } | { kind: 'article'; article: KioskArticle | null };

export function RecommendationScreen({ phase }: { phase: RecommendationPhase }) {
  const { t } = useTranslation();
  const client = useBridge();
  const { state, actions } = useSessionContext();
  const locale = state.locale;
  const { offer } = phase;
  const [step, setStep] = useState<Step>({ kind: 'ask' });
  useSurveyTimeout(RECOMMENDATION_TIMEOUT_MS, step, actions.recommendationDone);

  const accept = async () => {
    setStep({ kind: 'busy' });
    const result = await actions.answerRecommendation(offer.offerId, 'accepted');
    if (offer.action.type === 'none') return actions.recommendationDone();
    if (offer.action.type === 'article') {
      const article = await client.request('knowledge.article', { id: offer.action.articleId }).catch(() => null);
      return setStep({ kind: 'article', article });
    }
    setStep({ kind: 'done', result });
  };
  const decline = () => {
    void actions.answerRecommendation(offer.offerId, 'declined');
    actions.recommendationDone();
  };
  const next = (
    <BigButton onClick={actions.recommendationDone} data-testid="recommendation-continue">
      {t('recommendation.continue')}
    </BigButton>
  );

  if (step.kind === 'article') {
    return (
      <KioskScreen title={step.article ? step.article.text[locale].title : offer.title[locale]} testId="recommendation-screen">
        <div className="recommendation" data-step="article">
          {step.article ? <ArticleBody blocks={step.article.text[locale].body} /> : <p role="status">{t('recommendation.articleGone')}</p>}
          <div className="recommendation__actions">
            {next}
            <ReadAloudButton />
          </div>
        </div>
      </KioskScreen>
    );
  }

  if (step.kind === 'done') {
    return (
      <KioskScreen title={offer.title[locale]} testId="recommendation-screen">
        <div className="recommendation" data-step="done">
          <p className="recommendation__outcome" role="status" data-testid="recommendation-outcome">
            {outcomeText(step.result, t)}
          </p>
          <div className="recommendation__actions">
            {next}
            <ReadAloudButton />
          </div>
        </div>
      </KioskScreen>
    );
  }

  return (
    // The suggestion's own title is the screen's: on a tall screen it is the large text in view.
    <KioskScreen title={offer.title[locale]} testId="recommendation-screen">
      <section className="recommendation" data-step="ask" aria-labelledby="recommendation-label">
        <div className="recommendation__card" data-testid="recommendation-card">
          <h2 className="recommendation__label" id="recommendation-label">
            {t(offer.kind === 'marketing' ? 'recommendation.titleMarketing' : 'recommendation.titleInfo')}
          </h2>
          <p className="recommendation__text">{offer.text[locale]}</p>
        </div>
        <div className="recommendation__actions">
          <BigButton onClick={() => void accept()} disabled={step.kind === 'busy'} data-testid="recommendation-yes">
            {t(offer.action.type === 'none' ? 'recommendation.gotIt' : 'recommendation.yes')}
          </BigButton>
          <BigButton variant="secondary" onClick={decline} disabled={step.kind === 'busy'} data-testid="recommendation-no">
            {t('recommendation.no')}
          </BigButton>
          <ReadAloudButton />
        </div>
      </section>
    </KioskScreen>
  );
}

function outcomeText(result: RespondOutput | null, t: TFunction): string {
  if (result?.done === 'slip') return t(result.print.printed ? 'recommendation.slipPrinted' : 'recommendation.slipNotPrinted');
  if (result?.done === 'ticket') return t(result.print.printed ? 'recommendation.ticketPrinted' : 'recommendation.ticketNotPrinted', { number: result.number });
  return t('recommendation.notDone');
}
