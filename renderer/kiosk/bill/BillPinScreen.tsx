// Bill payment, step 2: the PIN, typed on the PIN pad — never on the screen. The page gets only
// how many digits are in, so it shows dots and the count; after a wrong PIN, the tries left.
import { useTranslation } from 'react-i18next';
import type { BillPaymentState } from '../../../electron/bridge/bill-payment-contract.js';
import { Notice } from '../../ui/Notice.js';
import { BillScreen } from './BillScreen.js';
import { CancelBillButton } from './CancelBillButton.js';
import { DevicePicture } from './DevicePicture.js';

/** Dots drawn for the usual 6-digit PIN, more when more are typed. */
const SHOWN_DOTS = 6;

export function BillPinScreen({ state }: { state: Extract<BillPaymentState, { phase: 'pin' }> }) {
  const { t } = useTranslation();
  const dots = Array.from({ length: Math.max(SHOWN_DOTS, state.digits) }, (_, i) => i < state.digits);
  return (
    <BillScreen phase="pin" title={t('bill.pin.title')} testId="bill-pin-screen">
      {state.triesLeft !== undefined && (
        <Notice tone="danger" testId="pin-tries-left">
          {t('bill.pin.triesLeft', { count: state.triesLeft })}
        </Notice>
      )}
      <div className="bill-device">
        <DevicePicture kind="pinpad" />
        <div className="bill-device__words">
          <p className="bill-device__hint">{t('bill.pin.hint')}</p>
          <span className="pin-dots" aria-hidden="true" data-testid="pin-dots">
            {dots.map((filled, i) => (
              <span key={i} className={filled ? 'pin-dots__dot pin-dots__dot--filled' : 'pin-dots__dot'} />
            ))}
          </span>
          <p className="pin-count" aria-live="polite" data-testid="pin-digits">
            {t('bill.pin.digits', { count: state.digits })}
          </p>
          <p className="bill-device__card">{t('bill.pin.card', { card: state.maskedPan })}</p>
          <CancelBillButton />
        </div>
      </div>
    </BillScreen>
  );
}
