// Card replacement, step 2: which card and why. The cards are listed masked with their expiry
// and status; each reason shows its fee. Lost or stolen is said plainly beside Continue, before
// and after it is chosen: the old card is blocked at once when the customer continues, and that
// cannot be undone here. One primary action, Continue, once a card and a reason are chosen.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardReplacementState } from '../../../electron/bridge/card-replacement-contract.js';
import { replacementReasonSchema, type ReplacementReason } from '../../../protocol/card-replacement.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { Progress } from '../../ui/Progress.js';
import { useSessionContext } from '../session/SessionContext.js';
import { CancelReplacementButton } from './CancelReplacementButton.js';
import { ReplacementScreen } from './ReplacementScreen.js';
import { cardStatusKey, expiryParts, money, reasonKey } from './replacement-words.js';

export function ChooseCardScreen({ state }: { state: Extract<CardReplacementState, { phase: 'choose' }> }) {
  const { t } = useTranslation();
  const { state: session, actions } = useSessionContext();
  const { locale } = session;
  // One card: it is the one (nothing to choose).
  const [cardId, setCardId] = useState<string | null>(state.cards.length === 1 ? (state.cards[0]?.cardId ?? null) : null);
  const [reason, setReason] = useState<ReplacementReason | null>(null);
  const [sent, setSent] = useState<ReplacementReason | null>(null);
  const blocks = reason === 'lost' || reason === 'stolen';
  const chosen = cardId !== null && reason !== null && state.cards.some((c) => c.cardId === cardId);
  const send = () => {
    if (!chosen || sent) return;
    setSent(reason);
    void actions.cardReplacement.choose(cardId, reason);
  };
  return (
    <ReplacementScreen state={state} title={t('cardReplacement.choose.title')} testId="replace-choose-screen">
      <div className="replace-split">
        <div className="replace-choices">
          <fieldset className="replace-options replace-options--cards" data-testid="replace-cards">
            <legend className="replace-options__legend">{t('cardReplacement.choose.cardsHeading')}</legend>
            {state.cards.map((card) => {
              const { month, year } = expiryParts(card.expiry);
              return (
                <label key={card.cardId} className="replace-option" data-testid={`replace-card-${card.cardId}`}>
                  <input type="radio" name="replace-card" value={card.cardId} checked={cardId === card.cardId} onChange={() => setCardId(card.cardId)} disabled={sent !== null} />
                  <span className="replace-option__text">
                    <span className="replace-option__main">{t('cardReplacement.choose.card', { card: card.maskedPan })}</span>
                    <span className="replace-option__detail">
                      {t('cardReplacement.choose.expires', { month, year })} · {t(cardStatusKey[card.status])}
                    </span>
                  </span>
                </label>
              );
            })}
          </fieldset>
          <fieldset className="replace-options replace-options--reasons" data-testid="replace-reasons">
            <legend className="replace-options__legend">{t('cardReplacement.choose.reasonHeading')}</legend>
            {replacementReasonSchema.options.map((option) => {
              const fee = state.fees[option];
              return (
                <label key={option} className="replace-option" data-testid={`replace-reason-${option}`}>
                  <input type="radio" name="replace-reason" value={option} checked={reason === option} onChange={() => setReason(option)} disabled={sent !== null} />
                  <span className="replace-option__text">
                    <span className="replace-option__main">{t(reasonKey[option])}</span>
                    <span className="replace-option__fee" data-testid={`replace-fee-${option}`}>
                      {fee.minor === 0 ? t('cardReplacement.choose.noFee') : t('cardReplacement.choose.fee', { fee: money(fee, locale) })}
                    </span>
                  </span>
                </label>
              );
            })}
          </fieldset>
        </div>
        <div className="replace-actions">
          {/* What the reason does to the old card, said before and after it is chosen. */}
          {blocks ? (
            <Notice tone="warning" testId="replace-block-warning">
              {t('cardReplacement.choose.blockWarning')}
            </Notice>
          ) : (
            <p className="replace-lead replace-lead--note" data-testid="replace-reason-note">
              {t(reason === 'damaged' ? 'cardReplacement.choose.damagedHint' : 'cardReplacement.choose.blockNote')}
            </p>
          )}
          {sent ? (
            <Progress label={t(sent === 'damaged' ? 'cardReplacement.choose.working' : 'cardReplacement.choose.blocking')} testId="replace-choosing" />
          ) : (
            <>
              {!chosen && (
                <p className="replace-note" data-testid="replace-pick-both">
                  {t('cardReplacement.choose.pickBoth')}
                </p>
              )}
              <BigButton huge onClick={send} disabled={!chosen} data-testid="replace-continue">
                {t('cardReplacement.choose.continue')}
              </BigButton>
            </>
          )}
          <CancelReplacementButton />
        </div>
      </div>
    </ReplacementScreen>
  );
}
