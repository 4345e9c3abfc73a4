// Step 3: the terms, in large type in a box that scrolls (read aloud on request), the three
// things the customer agrees to as real check boxes with big labels, and the signature.
// Continue only when every box is ticked and the signature has ink; what is sent is the
// version shown, the items ticked and the signature's PNG.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountOpeningState } from '../../../electron/bridge/account-opening-contract.js';
import { CONSENT_ITEMS, type InlineImage } from '../../../protocol/account-opening.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';
import { speak, useVoice } from '../speech.js';
import { useSessionContext } from '../session/SessionContext.js';
import { CancelOpeningButton } from './CancelOpeningButton.js';
import { OpeningFrame } from './OpeningFrame.js';
import { SignaturePad } from './SignaturePad.js';
import { termsFor, termsSpeech } from './terms.js';

type ConsentItem = (typeof CONSENT_ITEMS)[number];
type Consent = Extract<AccountOpeningState, { phase: 'consent' }>;

export function ConsentScreen({ state }: { state: Consent }) {
  const { t } = useTranslation();
  const { state: session, actions } = useSessionContext();
  const terms = termsFor(state.version, session.locale);
  const hasVoice = useVoice(session.locale);
  const [ticked, setTicked] = useState<ReadonlySet<ConsentItem>>(new Set());
  const [signature, setSignature] = useState<InlineImage | null>(null);
  const [sent, setSent] = useState(false);
  const complete = terms !== null && ticked.size === CONSENT_ITEMS.length && signature !== null;

  const toggle = (item: ConsentItem, on: boolean) =>
    setTicked((current) => {
      const next = new Set(current);
      if (on) next.add(item);
      else next.delete(item);
      return next;
    });

  const submit = () => {
    if (!complete || sent) return;
    setSent(true);
    // Sent again only if the host did not move on (a refused or lost request).
    void actions.accountOpening.consent({ version: state.version, accepted: [...CONSENT_ITEMS], signature }).finally(() => setSent(false));
  };

  return (
    <OpeningFrame phase="consent" title={t('accountOpening.consent.title')} testId="opening-consent-screen">
      {terms === null ? (
        <Notice tone="danger" testId="opening-terms-unknown">
          {t('accountOpening.consent.unknownVersion')}
        </Notice>
      ) : (
        <section className="opening-terms" aria-labelledby="opening-terms-title">
          <div className="opening-terms__head">
            <h2 id="opening-terms-title" className="opening-terms__title">
              {terms.title}
            </h2>
            <BigButton variant="secondary" icon={<Icon name="speaker" />} disabled={!hasVoice} onClick={() => speak(termsSpeech(terms), session.locale)} data-read-aloud="skip" data-testid="opening-terms-read">
              {t('accountOpening.consent.readAloud')}
            </BigButton>
          </div>
          {/* Focusable so a keyboard can scroll it; labelled so a screen reader names it. */}
          <div className="opening-terms__text" tabIndex={0} role="region" aria-labelledby="opening-terms-title" data-testid="opening-terms-text">
            {terms.paragraphs.map((paragraph) => (
              <p key={paragraph}>{paragraph}</p>
            ))}
          </div>
          <p className="opening-terms__version">{t('accountOpening.consent.version', { version: state.version })}</p>
        </section>
      )}
      <fieldset className="opening-checks">
        <legend>{t('accountOpening.consent.itemsLegend')}</legend>
        {CONSENT_ITEMS.map((item) => (
          <label key={item} className="opening-check">
            <input type="checkbox" checked={ticked.has(item)} onChange={(event) => toggle(item, event.target.checked)} data-testid={`opening-consent-${item}`} />
            <span>{t(`accountOpening.consent.items.${item}`)}</span>
          </label>
        ))}
      </fieldset>
      <SignaturePad onChange={setSignature} />
      {!complete && (
        <p className="opening__missing" data-testid="opening-consent-missing">
          {t('accountOpening.consent.missing')}
        </p>
      )}
      <div className="action-row">
        <BigButton huge disabled={!complete || sent} onClick={submit} data-testid="opening-consent-continue">
          {t('accountOpening.consent.continue')}
        </BigButton>
        <CancelOpeningButton />
      </div>
    </OpeningFrame>
  );
}
