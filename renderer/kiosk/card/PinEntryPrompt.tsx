// The PIN step of every card + PIN journey. The PIN is typed on the PIN pad, never on the
// screen: the page gets only how many digits are in, so it shows dots and the count; after a
// wrong PIN, the tries left. The journey supplies its own frame (title, step) and Cancel.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '../../ui/Notice.js';
import { DevicePicture } from './DevicePicture.js';

/** Dots drawn for the usual 6-digit PIN, more when more are typed. */
const SHOWN_DOTS = 6;

export interface PinProgress {
  digits: number;
  triesLeft?: number | undefined;
  maskedPan?: string | undefined;
  /** Signed in by China ID card: the PIN is the one of the holder's debit card. */
  maskedId?: string | undefined;
}

export function PinEntryPrompt({ pin, cancel }: { pin: PinProgress; cancel: ReactNode }) {
  const { t } = useTranslation();
  const dots = Array.from({ length: Math.max(SHOWN_DOTS, pin.digits) }, (_, i) => i < pin.digits);
  return (
    <>
      {pin.triesLeft !== undefined && (
        <Notice tone="danger" testId="pin-tries-left">
          {t('pinEntry.triesLeft', { count: pin.triesLeft })}
        </Notice>
      )}
      <div className="device-prompt">
        <DevicePicture kind="pinpad" />
        <div className="device-prompt__words">
          {pin.maskedId && <p className="device-prompt__hint">{t('pinEntry.idPinHint')}</p>}
          <p className="device-prompt__hint">{t('pinEntry.hint')}</p>
          <span className="pin-dots" aria-hidden="true" data-testid="pin-dots">
            {dots.map((filled, i) => (
              <span key={i} className={filled ? 'pin-dots__dot pin-dots__dot--filled' : 'pin-dots__dot'} />
            ))}
          </span>
          <p className="pin-count" aria-live="polite" data-testid="pin-digits">
            {t('pinEntry.digits', { count: pin.digits })}
          </p>
          {/* Side by side: on a wide screen in large text the column has no room for both rows. */}
          <div className="device-prompt__row">
            <p className="device-prompt__card" data-testid="pin-holder">
              {pin.maskedId ? t('pinEntry.idCard', { id: pin.maskedId }) : t('pinEntry.card', { card: pin.maskedPan ?? '' })}
            </p>
            {cancel}
          </div>
        </div>
      </div>
    </>
  );
}
