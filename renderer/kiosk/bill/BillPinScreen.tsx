// Bill payment, step 2: the PIN on the PIN pad (the shared prompt: dots, count, tries left).
import { useTranslation } from 'react-i18next';
import type { BillPaymentState } from '../../../electron/bridge/bill-payment-contract.js';
import { PinEntryPrompt } from '../card/PinEntryPrompt.js';
import { BillScreen } from './BillScreen.js';
import { CancelBillButton } from './CancelBillButton.js';

export function BillPinScreen({ state }: { state: Extract<BillPaymentState, { phase: 'pin' }> }) {
  const { t } = useTranslation();
  return (
    <BillScreen phase="pin" title={t('pinEntry.title')} testId="bill-pin-screen">
      <PinEntryPrompt pin={state} cancel={<CancelBillButton />} />
    </BillScreen>
  );
}
