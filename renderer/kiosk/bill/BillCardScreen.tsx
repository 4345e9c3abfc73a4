// Bill payment, step 2: the card (the shared prompt), with the total to pay beside it.
import { useTranslation } from 'react-i18next';
import type { BillPaymentState } from '../../../electron/bridge/bill-payment-contract.js';
import { addMoney } from '../../../protocol/money.js';
import { CardInsertPrompt } from '../card/CardInsertPrompt.js';
import { useSessionContext } from '../session/SessionContext.js';
import { BillScreen } from './BillScreen.js';
import { CancelBillButton } from './CancelBillButton.js';
import { money } from './bill-words.js';

export function BillCardScreen({ state }: { state: Extract<BillPaymentState, { phase: 'card' }> }) {
  const { t } = useTranslation();
  const { locale } = useSessionContext().state;
  return (
    <BillScreen phase="card" title={t('cardEntry.title')} testId="bill-card-screen">
      <CardInsertPrompt
        insertChip={state.insertChip}
        detail={
          <p className="device-prompt__total" data-testid="bill-to-pay">
            {t('bill.card.toPay', { total: money(addMoney(state.bill.amount, state.bill.fee), locale) })}
          </p>
        }
        cancel={<CancelBillButton />}
      />
    </BillScreen>
  );
}
