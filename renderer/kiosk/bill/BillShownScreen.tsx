// Bill payment, step 1 (end): the bill the host found, for the customer to recognise before
// paying. One primary action (pay by card); Cancel returns to the menu.
import { useTranslation } from 'react-i18next';
import type { BillPaymentState } from '../../../electron/bridge/bill-payment-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { useSessionContext } from '../session/SessionContext.js';
import { BillFacts } from './BillFacts.js';
import { BillScreen } from './BillScreen.js';
import { CancelBillButton } from './CancelBillButton.js';

export function BillShownScreen({ state }: { state: Extract<BillPaymentState, { phase: 'bill-shown' }> }) {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  return (
    <BillScreen phase="bill-shown" title={t('bill.shown.title')} testId="bill-shown-screen">
      <div className="bill-split">
        <BillFacts bill={state.bill} billerName={state.billerName} />
        <div className="bill-actions">
          <BigButton huge icon={<Icon name="card" />} onClick={() => void actions.confirmBill()} data-testid="pay-by-card">
            {t('bill.shown.pay')}
          </BigButton>
          <CancelBillButton />
        </div>
      </div>
    </BillScreen>
  );
}
