// "Call me back" when no expert can answer: the number on a telephone pad, an explicit consent
// box, one primary action. The host stores the request (outbox, number encrypted) and the page
// then shows the reference the customer can quote; errors say what to do instead.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isCallbackPhone } from '../../../protocol/callback-phone.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';
import { NumberPad } from '../../ui/NumberPad.js';
import { ReadAloudButton } from '../screens/ReadAloudButton.js';
import type { CallbackBooked } from './assist-manager.js';

// E.164 allows 15 digits after the +.
const MAX_PHONE_LENGTH = 16;

export function CallbackForm({ onSubmit, onBack }: { onSubmit(phone: string): Promise<void>; onBack(): void }) {
  const { t } = useTranslation();
  const [phone, setPhone] = useState('');
  const [consent, setConsent] = useState(false);
  const [problem, setProblem] = useState<'invalid' | 'failed' | null>(null);
  const [sending, setSending] = useState(false);
  const consentId = useId();
  const valid = isCallbackPhone(phone);
  const submit = async () => {
    if (!valid) return setProblem('invalid');
    setSending(true);
    try {
      await onSubmit(phone);
    } catch (err) {
      setProblem((err as { code?: string }).code === 'BAD_REQUEST' ? 'invalid' : 'failed');
      setSending(false);
    }
  };
  const edit = (next: string) => {
    setPhone(next);
    setProblem(null);
  };
  return (
    <div className="assist-callback" data-testid="assist-callback">
      <p className="assist-callback__hint">{t('assist.callback.hint')}</p>
      <p className="assist-callback__phone" aria-live="polite" data-testid="assist-callback-phone">
        <span className="visually-hidden">{t('assist.callback.phoneLabel')}: </span>
        {phone || <span className="assist-callback__empty">{t('assist.callback.empty')}</span>}
      </p>
      <NumberPad value={phone} onChange={edit} maxLength={MAX_PHONE_LENGTH} leadingSymbol="+" testId="assist-callback-pad" />
      <label className="assist-callback__consent" htmlFor={consentId}>
        <input id={consentId} type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} data-testid="assist-callback-consent" />
        <span>{t('assist.callback.consent')}</span>
      </label>
      {problem && (
        <Notice tone="danger" testId="assist-callback-problem">
          {t(problem === 'invalid' ? 'assist.callback.invalid' : 'assist.callback.failed')}
        </Notice>
      )}
      <div className="assist-overlay__actions">
        <BigButton huge icon={<Icon name="phone" />} disabled={!consent || phone.length === 0 || sending} onClick={() => void submit()} data-testid="assist-callback-submit">
          {t('assist.callback.submit')}
        </BigButton>
        <BigButton huge variant="secondary" icon={<Icon name="back" />} onClick={onBack} data-testid="assist-callback-back">
          {t('header.back')}
        </BigButton>
        <ReadAloudButton />
      </div>
    </div>
  );
}

export function CallbackBookedScreen({ booked, onDone }: { booked: CallbackBooked; onDone(): void }) {
  const { t } = useTranslation();
  return (
    <section className="assist-overlay" role="dialog" aria-modal="true" aria-labelledby="assist-callback-booked-title" data-testid="assist-callback-booked">
      <h1 id="assist-callback-booked-title" className="assist-overlay__title">
        <Icon name="phone" /> {t('assist.callback.bookedTitle')}
      </h1>
      <p className="assist-overlay__lead">{t('assist.callback.bookedBody', { phone: booked.maskedPhone })}</p>
      <p className="assist-callback__reference" data-testid="assist-callback-reference">
        {t('assist.callback.reference', { reference: booked.reference })}
      </p>
      <div className="assist-overlay__actions">
        <BigButton huge icon={<Icon name="home" />} onClick={onDone} data-testid="assist-callback-done">
          {t('assist.callback.done')}
        </BigButton>
        <ReadAloudButton />
      </div>
    </section>
  );
}
