// Bill payment, step 4: what happened to the money — approved (with the payment reference),
// pending (stored, sent when the bank is reachable) or declined (with the reason and the
// assurance nothing was taken) — then the receipt and the card. Done releases the card and
// ends the visit.
import { useTranslation } from 'react-i18next';
import type { BillPaymentState } from '../../../electron/bridge/bill-payment-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';
import { Progress } from '../../ui/Progress.js';
import { useSessionContext } from '../session/SessionContext.js';
import { BillScreen } from './BillScreen.js';
import { declineKey, money } from './bill-words.js';

type ResultState = Extract<BillPaymentState, { phase: 'result' }>;

const titleKey = { approved: 'bill.result.approvedTitle', pending: 'bill.result.pendingTitle', declined: 'bill.result.declinedTitle' } as const;

function ReceiptLine({ receipt }: { receipt: ResultState['receipt'] }) {
  const { t } = useTranslation();
  if (receipt === 'printing') return <Progress label={t('bill.result.receiptPrinting')} testId="receipt-state" />;
  if (receipt === 'printed') {
    return (
      <p className="ticket__take" data-testid="receipt-state">
        <Icon name="printer" /> {t('bill.result.receiptPrinted')}
      </p>
    );
  }
  if (receipt === 'not-printed') {
    return (
      <Notice tone="warning" testId="receipt-state">
        {t('bill.result.receiptNotPrinted')}
      </Notice>
    );
  }
  return null;
}

export function BillResultScreen({ state }: { state: ResultState }) {
  const { t } = useTranslation();
  const { state: session, actions } = useSessionContext();
  const { locale } = session;
  return (
    <BillScreen phase="result" title={t(titleKey[state.outcome])} testId="bill-result-screen">
      <div className="bill-split">
        <section className={`bill-result bill-result--${state.outcome}`} aria-live="polite" data-testid="bill-outcome" data-outcome={state.outcome}>
          <p className="bill-result__biller">{state.billerName[locale]}</p>
          <p className="bill-result__amount">{t('bill.result.paid', { amount: money(state.total, locale) })}</p>
          {state.reference && (
            <p className="bill-result__reference">
              {t('bill.result.reference')} <span data-testid="payment-reference">{state.reference}</span>
            </p>
          )}
          {state.outcome === 'pending' && <p>{t('bill.result.pendingBody')}</p>}
          {state.outcome === 'declined' && (
            <>
              {state.reason && <p data-testid="decline-reason">{t(declineKey[state.reason])}</p>}
              <p>{t('bill.result.noMoney')}</p>
            </>
          )}
        </section>
        <div className="bill-actions">
          <ReceiptLine receipt={state.receipt} />
          <p className="ticket__take" data-testid="take-card">
            <Icon name="card" /> {t('bill.result.takeCard')}
          </p>
          <BigButton huge onClick={() => void actions.finishBill()} data-testid="bill-done">
            {t('bill.result.done')}
          </BigButton>
        </div>
      </div>
    </BillScreen>
  );
}
