// Bill payment, step 3: nothing has moved yet. What will be paid, to whom, from which account
// (masked) with which card, the fee and the total — and, when the bank cannot be reached, that
// the payment will be stored and forwarded. One primary action: pay the total shown.
import { useTranslation } from 'react-i18next';
import type { BillPaymentState } from '../../../electron/bridge/bill-payment-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';
import { useSessionContext } from '../session/SessionContext.js';
import { BillScreen } from './BillScreen.js';
import { CancelBillButton } from './CancelBillButton.js';
import { money } from './bill-words.js';

export function BillReviewScreen({ state }: { state: Extract<BillPaymentState, { phase: 'review' }> }) {
  const { t } = useTranslation();
  const { state: session, actions } = useSessionContext();
  const { locale } = session;
  const { bill, account } = state;
  return (
    <BillScreen phase="review" title={t('bill.review.title')} testId="bill-review-screen">
      {state.offline && (
        <Notice tone="warning" testId="bill-offline-notice">
          {t('bill.review.offline')}
        </Notice>
      )}
      <div className="bill-split">
        <dl className="bill-facts" data-testid="bill-review">
          <div>
            <dt>{t('bill.shown.biller')}</dt>
            <dd>{state.billerName[locale]}</dd>
          </div>
          <div>
            <dt>{t('bill.shown.reference')}</dt>
            <dd>{bill.reference}</dd>
          </div>
          <div>
            <dt>{t('bill.review.from')}</dt>
            <dd data-testid="bill-account">{account ? `${account.name[locale]} ${account.maskedNumber}` : t('bill.review.cardAccount')}</dd>
          </div>
          <div>
            <dt>{t('bill.review.card')}</dt>
            <dd data-testid="bill-card">{state.maskedPan}</dd>
          </div>
          <div>
            <dt>{t('bill.review.amount')}</dt>
            <dd>{money(bill.amount, locale)}</dd>
          </div>
          <div>
            <dt>{t('bill.review.fee')}</dt>
            <dd>{money(bill.fee, locale)}</dd>
          </div>
          <div className="bill-facts__amount">
            <dt>{t('bill.review.total')}</dt>
            <dd data-testid="bill-total">{money(state.total, locale)}</dd>
          </div>
        </dl>
        <div className="bill-actions">
          <BigButton huge icon={<Icon name="card" />} onClick={() => void actions.confirmPayment()} data-testid="confirm-payment">
            {t('bill.review.pay', { total: money(state.total, locale) })}
          </BigButton>
          <CancelBillButton />
        </div>
      </div>
    </BillScreen>
  );
}
