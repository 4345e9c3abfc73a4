// Self-help while waiting for an expert (issue 13): a search box typed on the on-screen
// keyboard, up to three matching articles (with nothing typed, those for the customer's
// current step), and an article in large type with Read aloud and Back. The way to the
// expert is always on top ("Still need help? Call an expert"), never behind the articles: the
// video-help request stays in the queue the whole time.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskArticle } from '../../../protocol/knowledge.js';
import { useBridge } from '../../bridge/BridgeContext.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';
import { OnScreenKeyboard } from '../assist/OnScreenKeyboard.js';
import { ReadAloudButton } from '../screens/ReadAloudButton.js';
import { useSessionContext } from '../session/SessionContext.js';
import { ArticleBody } from './ArticleBody.js';
import { stepCategory } from './step-category.js';
import { useKnowledgeSearch } from './use-knowledge.js';
import './help.css';

const MAX_QUERY = 40;

/** `expertComing`: false when the hub said no expert can answer now — no promise is made then. */
function StillNeedHelp({ expertComing, onCallExpert }: { expertComing: boolean; onCallExpert: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="help-still" data-testid="help-still-need-help" data-expert-coming={expertComing}>
      <p>{expertComing ? t('help.stillNeedHelp') : t('help.noExpertNow')}</p>
      <BigButton icon={<Icon name="video" />} onClick={onCallExpert} data-testid="help-call-expert">
        {expertComing ? t('help.callExpert') : t('help.otherWays')}
      </BigButton>
    </div>
  );
}

function ArticleView({ article, onBack }: { article: KioskArticle | 'gone'; onBack: () => void }) {
  const { t } = useTranslation();
  const { state } = useSessionContext();
  const text = article === 'gone' ? null : article.text[state.locale];
  return (
    <article className="help-article" data-read-aloud-root data-testid="help-article" aria-labelledby="help-article-title">
      {text ? (
        <>
          <h2 id="help-article-title" className="help-article__title">
            {text.title}
          </h2>
          <ArticleBody blocks={text.body} />
        </>
      ) : (
        <Notice tone="warning">{t('help.unavailable')}</Notice>
      )}
      <div className="help-article__actions">
        <BigButton variant="secondary" icon={<Icon name="back" />} onClick={onBack} data-testid="help-article-back">
          {t('help.back')}
        </BigButton>
        <ReadAloudButton />
      </div>
    </article>
  );
}

export function HelpArticles({ expertComing, onCallExpert }: { expertComing: boolean; onCallExpert: () => void }) {
  const { t } = useTranslation();
  const client = useBridge();
  const { state } = useSessionContext();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<KioskArticle | 'gone' | null>(null);
  const category = stepCategory(state.phase);
  const { hits } = useKnowledgeSearch(query, state.locale, category);
  const typed = query.trim() !== '';

  const openArticle = (id: string) => {
    client.request('knowledge.article', { id }).then(
      (article) => setOpen(article ?? 'gone'),
      () => setOpen('gone'),
    );
  };

  return (
    <div className="help-articles" data-testid="help-articles">
      <StillNeedHelp expertComing={expertComing} onCallExpert={onCallExpert} />
      {open ? (
        <ArticleView article={open} onBack={() => setOpen(null)} />
      ) : (
        <div className="help-articles__find">
          <div className="help-articles__found">
          <div className="help-search">
            <label htmlFor="help-search-input" className="help-search__label">
              {t('help.searchLabel')}
            </label>
            <div className="help-search__row">
              {/* Typed on the on-screen keyboard only: no system keyboard pops up on a touch screen. */}
              <input id="help-search-input" className="help-search__input" value={query} readOnly placeholder={t('help.searchPlaceholder')} data-testid="help-search" />
              {typed && (
                <BigButton variant="secondary" onClick={() => setQuery('')} data-testid="help-search-clear">
                  {t('help.clear')}
                </BigButton>
              )}
            </div>
          </div>
          <section className="help-results" aria-live="polite" aria-labelledby="help-results-title">
            <h2 id="help-results-title" className="help-results__title">
              {typed ? t('help.results') : category ? t('help.suggested') : t('help.nothingYet')}
            </h2>
            {hits && hits.length === 0 && typed && <p data-testid="help-no-results">{t('help.noResults')}</p>}
            <ul className="help-results__list">
              {(hits ?? []).map((hit) => (
                <li key={hit.id}>
                  <button type="button" className="help-hit" onClick={() => openArticle(hit.id)} data-testid="help-hit" data-article-id={hit.id}>
                    <span className="help-hit__category">{t(`help.category.${hit.category}`)}</span>
                    <span className="help-hit__title">{hit.title}</span>
                    <span className="help-hit__snippet">{hit.snippet}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
          </div>
          {/* Latin letters by default: the search understands pinyin ("sxf", "shouxufei") as typed. */}
          <OnScreenKeyboard onKey={(key) => setQuery((value) => (value + key).slice(0, MAX_QUERY))} onBackspace={() => setQuery((value) => [...value].slice(0, -1).join(''))} />
        </div>
      )}
    </div>
  );
}
