// Card replacement, step 4: the new card. Dispensed and its chip read inside the machine
// (progress); its PIN typed on the pad twice — step 1 then 2, dots and the count only, and a
// plain message when the two differed; the bank issuing it (progress); then the card at the
// slot, with a picture of where and the seconds left to take it. Until it is issued the
// customer may cancel (the machine keeps the card); after that the host ends the wait itself.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardReplacementState } from '../../../electron/bridge/card-replacement-contract.js';
import { Notice } from '../../ui/Notice.js';
import { Progress } from '../../ui/Progress.js';
import { DevicePicture } from '../card/DevicePicture.js';
import { CancelReplacementButton } from './CancelReplacementButton.js';
import { DispenserPicture } from './DispenserPicture.js';
import { ReplacementScreen } from './ReplacementScreen.js';

type State<P extends CardReplacementState['phase']> = Extract<CardReplacementState, { phase: P }>;

/** Dots drawn for the usual 6-digit PIN, more when more are typed (as PinEntryPrompt). */
const SHOWN_DOTS = 6;

export function DispensingScreen({ state }: { state: State<'dispensing'> }) {
  const { t } = useTranslation();
  return (
    <ReplacementScreen state={state} title={t('cardReplacement.dispensing.title')} testId="replace-dispensing-screen">
      <div className="device-prompt">
        <DispenserPicture card="inside" />
        <div className="device-prompt__words">
          <Progress label={t('cardReplacement.dispensing.progress')} hint={t('cardReplacement.dispensing.hint')} testId="replace-progress" />
        </div>
      </div>
    </ReplacementScreen>
  );
}

export function NewPinScreen({ state }: { state: State<'new-pin'> }) {
  const { t } = useTranslation();
  const dots = Array.from({ length: Math.max(SHOWN_DOTS, state.digits) }, (_, i) => i < state.digits);
  return (
    <ReplacementScreen state={state} title={t(state.step === 1 ? 'cardReplacement.newPin.title1' : 'cardReplacement.newPin.title2')} testId="replace-new-pin-screen">
      {state.mismatch && state.step === 1 && (
        <Notice tone="danger" testId="replace-pin-mismatch">
          {t('cardReplacement.newPin.mismatch')}
        </Notice>
      )}
      <div className="device-prompt">
        <DevicePicture kind="pinpad" />
        <div className="device-prompt__words">
          <p className="replace-pin-step" data-testid="replace-pin-step">
            {t('cardReplacement.newPin.step', { step: state.step })}
          </p>
          <p className="device-prompt__hint">{t(state.step === 1 ? 'cardReplacement.newPin.hint1' : 'cardReplacement.newPin.hint2')}</p>
          <span className="pin-dots" aria-hidden="true" data-testid="pin-dots">
            {dots.map((filled, i) => (
              <span key={i} className={filled ? 'pin-dots__dot pin-dots__dot--filled' : 'pin-dots__dot'} />
            ))}
          </span>
          <div className="device-prompt__row">
            <p className="pin-count" aria-live="polite" data-testid="pin-digits">
              {t('pinEntry.digits', { count: state.digits })}
            </p>
            <CancelReplacementButton />
          </div>
        </div>
      </div>
    </ReplacementScreen>
  );
}

export function IssuingScreen({ state }: { state: State<'issuing'> }) {
  const { t } = useTranslation();
  return (
    <ReplacementScreen state={state} title={t('cardReplacement.issuing.title')} testId="replace-issuing-screen">
      <Progress label={t('cardReplacement.issuing.progress')} hint={t('cardReplacement.issuing.hint')} testId="replace-progress" />
    </ReplacementScreen>
  );
}

/** Whole seconds left from `seconds` at mount, down to 0 (the host, not this, ends the wait). */
function useSecondsLeft(seconds: number): number {
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    const until = Date.now() + seconds * 1000;
    setLeft(seconds);
    const tick = setInterval(() => setLeft(Math.max(0, Math.ceil((until - Date.now()) / 1000))), 250);
    return () => clearInterval(tick);
  }, [seconds]);
  return left;
}

export function TakeCardScreen({ state }: { state: State<'take-card'> }) {
  const { t } = useTranslation();
  const left = useSecondsLeft(state.seconds);
  return (
    <ReplacementScreen state={state} title={t('cardReplacement.takeCard.title')} testId="replace-take-card-screen">
      <div className="device-prompt">
        <DispenserPicture card="out" />
        <div className="device-prompt__words">
          <p className="device-prompt__hint">{t('cardReplacement.takeCard.hint')}</p>
          <p className="replace-countdown" data-testid="replace-seconds-left">
            {t('cardReplacement.takeCard.seconds', { count: left })}
          </p>
          <p className="replace-note" data-testid="replace-new-card">
            {t('cardReplacement.takeCard.card', { card: state.maskedPan })}
          </p>
          <p className="replace-note">{t('cardReplacement.takeCard.kept')}</p>
        </div>
      </div>
    </ReplacementScreen>
  );
}
