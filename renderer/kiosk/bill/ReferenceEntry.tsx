// The account number for one biller, typed on the kiosk's number pad: what is typed so far is
// shown large (and announced), Find is offered once the reference is long enough to be one.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BillerChoice } from '../../../electron/bridge/bill-payment-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { NumberPad } from '../../ui/NumberPad.js';
import { useSessionContext } from '../session/SessionContext.js';

/** The bank's shortest reference (billReferenceSchema); the hub checks the biller's own shape. */
const MIN_REFERENCE = 4;

export function ReferenceEntry({ biller, onFind, onOtherBiller }: { biller: BillerChoice; onFind(reference: string): void; onOtherBiller(): void }) {
  const { t } = useTranslation();
  const { locale } = useSessionContext().state;
  const [typed, setTyped] = useState('');
  const label = biller.referenceLabel[locale];
  return (
    <div className="bill-reference">
      <div className="bill-reference__side">
        <p className="bill-reference__label" id="bill-reference-label">
          {t('bill.entry.typeLabel', { label })}
        </p>
        <output className="bill-reference__typed" aria-live="polite" aria-labelledby="bill-reference-label" data-testid="bill-reference">
          {typed === '' ? <span className="bill-reference__empty">{t('bill.entry.nothingTyped')}</span> : typed}
        </output>
        <BigButton huge icon={<Icon name="bill" />} disabled={typed.length < MIN_REFERENCE} onClick={() => onFind(typed)} data-testid="find-bill">
          {t('bill.entry.find')}
        </BigButton>
        <BigButton variant="secondary" onClick={onOtherBiller} data-testid="other-biller">
          {t('bill.entry.otherBiller')}
        </BigButton>
      </div>
      <NumberPad value={typed} onChange={setTyped} maxLength={biller.maxLength} />
    </div>
  );
}
