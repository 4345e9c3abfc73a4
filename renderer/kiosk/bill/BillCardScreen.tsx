// Bill payment, step 2: the card. The reader is beside the screen, so a picture shows where;
// a chip card that was swiped is asked, in words and with the chip drawn, to be inserted.
import { useTranslation } from 'react-i18next';
import type { BillPaymentState } from '../../../electron/bridge/bill-payment-contract.js';
import { addMoney } from '../../../protocol/money.js';
import { Notice } from '../../ui/Notice.js';
import { useSessionContext } from '../session/SessionContext.js';
import { BillScreen } from './BillScreen.js';
import { CancelBillButton } from './CancelBillButton.js';
import { DevicePicture } from './DevicePicture.js';
import { money } from './bill-words.js';

export function BillCardScreen({ state }: { state: Extract<BillPaymentState, { phase: 'card' }> }) {
  const { t } = useTranslation();
  const { locale } = useSessionContext().state;
  return (
    <BillScreen phase="card" title={t('bill.card.title')} testId="bill-card-screen">
      {state.insertChip && (
        <Notice tone="warning" testId="insert-chip-notice">
          {t('bill.card.insertChip')}
        </Notice>
      )}
      <div className="bill-device">
        <DevicePicture kind="card" />
        <div className="bill-device__words">
          <p className="bill-device__hint">{t('bill.card.hint')}</p>
          <p className="bill-device__total" data-testid="bill-to-pay">
            {t('bill.card.toPay', { total: money(addMoney(state.bill.amount, state.bill.fee), locale) })}
          </p>
          <CancelBillButton />
        </div>
      </div>
    </BillScreen>
  );
}
