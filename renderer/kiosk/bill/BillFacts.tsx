// The bill as the customer checks it: biller, account number, name, period, amounts and due
// date, as a definition list (read aloud label then value).
import { useTranslation } from 'react-i18next';
import type { BillPaymentState } from '../../../electron/bridge/bill-payment-contract.js';
import { useSessionContext } from '../session/SessionContext.js';
import { dueDate, money } from './bill-words.js';

type Shown = Extract<BillPaymentState, { phase: 'bill-shown' }>;

export function BillFacts({ bill, billerName, brief = false }: Pick<Shown, 'bill' | 'billerName'> & { brief?: boolean }) {
  const { t } = useTranslation();
  const { locale } = useSessionContext().state;
  // A bill read from its code while the bank is away has no name or period ("—"): not shown.
  const known = (value: string) => value !== '—';
  return (
    <dl className="bill-facts" data-testid="bill-facts">
      <div>
        <dt>{t('bill.shown.biller')}</dt>
        <dd data-testid="bill-biller">{billerName[locale]}</dd>
      </div>
      <div>
        <dt>{t('bill.shown.reference')}</dt>
        <dd data-testid="bill-reference-shown">{bill.reference}</dd>
      </div>
      {!brief && known(bill.payeeName) && (
        <div>
          <dt>{t('bill.shown.payee')}</dt>
          <dd>{bill.payeeName}</dd>
        </div>
      )}
      {!brief && known(bill.period) && (
        <div>
          <dt>{t('bill.shown.period')}</dt>
          <dd>{bill.period}</dd>
        </div>
      )}
      {!brief && (
        <div>
          <dt>{t('bill.shown.due')}</dt>
          <dd>{dueDate(bill.dueDate, locale)}</dd>
        </div>
      )}
      <div className="bill-facts__amount">
        <dt>{t('bill.shown.amount')}</dt>
        <dd data-testid="bill-amount">{money(bill.amount, locale)}</dd>
      </div>
      {bill.fee.minor > 0 && (
        <div>
          <dt>{t('bill.shown.fee')}</dt>
          <dd>{money(bill.fee, locale)}</dd>
        </div>
      )}
    </dl>
  );
}
