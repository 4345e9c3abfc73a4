// Card replacement, step 3: nothing is charged yet. The card being replaced, why, the fee and
// the account it is taken from — and, for a lost or stolen card, that the old card is blocked
// now. What happens next is said before it happens (a new card, its PIN twice, the slot), and
// that a card not taken is refunded. One primary action: pay the fee shown and get the card —
// held back, with a way on, while the kiosk knows the bank cannot be reached.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardReplacementState } from '../../../electron/bridge/card-replacement-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';
import { useKioskStatus } from '../status/StatusContext.js';
import { useSessionContext } from '../session/SessionContext.js';
import { CancelReplacementButton } from './CancelReplacementButton.js';
import { ReplacementScreen } from './ReplacementScreen.js';
import { money, reasonKey } from './replacement-words.js';

export function ReplacementReviewScreen({ state }: { state: Extract<CardReplacementState, { phase: 'review' }> }) {
  const { t } = useTranslation();
  const { state: session, actions } = useSessionContext();
  const { locale } = session;
  const [confirmed, setConfirmed] = useState(false);
  // The kiosk knows the bank is away: no card is dispensed for an issue that cannot be asked.
  const offline = useKioskStatus().online === false;
  const fee = money(state.fee, locale);
  const takeTicket = () => {
    actions.goHome();
    actions.openQueue();
  };
  const confirm = () => {
    if (confirmed || offline) return;
    setConfirmed(true);
    void actions.cardReplacement.confirm();
  };
  return (
    <ReplacementScreen state={state} title={t('cardReplacement.review.title')} testId="replace-review-screen">
      {offline && (
        <Notice tone="danger" testId="replace-review-offline">
          {t('cardReplacement.review.offline')}
        </Notice>
      )}
      <div className="replace-split">
        <div className="replace-choices">
          <dl className="bill-facts" data-testid="replace-review">
            <div>
              <dt>{t('cardReplacement.review.card')}</dt>
              <dd data-testid="replace-review-card">{state.card.maskedPan}</dd>
            </div>
            <div>
              <dt>{t('cardReplacement.review.reason')}</dt>
              <dd data-testid="replace-review-reason">{t(reasonKey[state.reason])}</dd>
            </div>
            <div>
              <dt>{t('cardReplacement.review.from')}</dt>
              <dd data-testid="replace-review-account">{`${state.account.name[locale]} ${state.account.maskedNumber}`}</dd>
            </div>
            {/* A lost or stolen card was blocked the moment the customer continued: said here, before the fee. */}
            <div className={state.blocked ? 'replace-facts__blocked' : undefined}>
              <dt>{t('cardReplacement.review.oldCard')}</dt>
              <dd data-testid={state.blocked ? 'replace-blocked' : 'replace-old-card'}>{t(state.blocked ? 'cardReplacement.review.blocked' : 'cardReplacement.review.damagedNote')}</dd>
            </div>
            <div className="bill-facts__amount">
              <dt>{t('cardReplacement.review.fee')}</dt>
              <dd data-testid="replace-review-fee">{fee}</dd>
            </div>
          </dl>
          {!offline && (
            <p className="replace-note" data-testid="replace-next">
              {t('cardReplacement.review.next')} {t('cardReplacement.review.refund')}
            </p>
          )}
        </div>
        <div className="replace-actions">
          <BigButton huge icon={<Icon name="card" />} onClick={confirm} disabled={confirmed || offline} data-testid="replace-confirm">
            {state.fee.minor === 0 ? t('cardReplacement.review.confirmFree') : t('cardReplacement.review.confirm', { fee })}
          </BigButton>
          {offline && (
            <BigButton variant="secondary" icon={<Icon name="ticket" />} onClick={takeTicket} data-testid="replace-ticket">
              {t('cardReplacement.stopped.ticket')}
            </BigButton>
          )}
          {!offline && (
            <BigButton variant="secondary" icon={<Icon name="back" />} onClick={() => void actions.cardReplacement.backToCards()} disabled={confirmed} data-testid="replace-other-card">
              {t('cardReplacement.review.otherCard')}
            </BigButton>
          )}
          <CancelReplacementButton />
        </div>
      </div>
    </ReplacementScreen>
  );
}
