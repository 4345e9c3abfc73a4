// Step 1: the identity document. First the reader (a picture of where the card goes, a hint
// for a foreign passport when the kiosk has an MRZ reader, and why the last read failed), then
// the read fields, masked by the host, in a large list for the customer to confirm.
import { useTranslation } from 'react-i18next';
import type { AccountOpeningState } from '../../../electron/bridge/account-opening-contract.js';
import type { DocumentFields } from '../../../protocol/account-opening.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { Progress } from '../../ui/Progress.js';
import { useSessionContext } from '../session/SessionContext.js';
import { CancelOpeningButton } from './CancelOpeningButton.js';
import { IdReaderPicture } from './IdReaderPicture.js';
import { OpeningFrame } from './OpeningFrame.js';

type Of<P extends AccountOpeningState['phase']> = Extract<AccountOpeningState, { phase: P }>;

export function DocumentScreen({ state }: { state: Of<'document'> }) {
  const { t } = useTranslation();
  return (
    <OpeningFrame phase="document" title={t('accountOpening.document.title')} testId="opening-document-screen">
      {state.problem && (
        <Notice tone="danger" testId="opening-document-problem">
          {t(`accountOpening.document.problems.${state.problem}`)}
        </Notice>
      )}
      <div className="device-prompt">
        <IdReaderPicture />
        <div className="device-prompt__words">
          <p className="device-prompt__hint">{t('accountOpening.document.hint')}</p>
          {state.passportReader && (
            <p className="opening__passport" data-testid="opening-passport-hint">
              {t('accountOpening.document.passportHint')}
            </p>
          )}
          {state.problem !== 'no-reader' && <Progress label={t('accountOpening.document.waiting')} />}
          <CancelOpeningButton />
        </div>
      </div>
    </OpeningFrame>
  );
}

/** "2034-05-01" as the customer's language writes a date; 'long-term' is 长期. */
function validToText(validTo: string, locale: string, longTerm: string): string {
  if (validTo === 'long-term') return longTerm;
  const [y, m, d] = validTo.split('-').map(Number);
  if (!y || !m || !d) return validTo;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

/** A country code (CHN) as a name in the customer's language; the code itself where none is known. */
export function countryName(alpha3: string, locale: string): string {
  const alpha2 = ALPHA2[alpha3];
  if (!alpha2) return alpha3;
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(alpha2) ?? alpha3;
  } catch {
    return alpha3;
  }
}

// The nationalities a kiosk in China sees most, and the countries the tax question offers.
export const ALPHA2: Readonly<Record<string, string>> = {
  CHN: 'CN', HKG: 'HK', MAC: 'MO', USA: 'US', GBR: 'GB', CAN: 'CA', AUS: 'AU', SGP: 'SG', JPN: 'JP', KOR: 'KR', DEU: 'DE', FRA: 'FR', NZL: 'NZ', MYS: 'MY', RUS: 'RU', ITA: 'IT',
};

function FieldList({ fields }: { fields: DocumentFields }) {
  const { t, i18n } = useTranslation();
  const rows: [string, string][] = [
    ['document', t(`accountOpening.confirm.documents.${fields.document}`)],
    ['name', fields.name],
    ['idNumber', fields.idNumber],
    ['sex', t(`accountOpening.confirm.sex.${fields.sex}`)],
    ['birthYear', String(fields.birthYear)],
    ['nationality', countryName(fields.nationality, i18n.language)],
    ['validTo', validToText(fields.validTo, i18n.language, t('accountOpening.confirm.longTerm'))],
    ...(fields.address ? ([['address', fields.address]] as [string, string][]) : []),
  ];
  return (
    <dl className="opening-fields" data-testid="opening-fields">
      {rows.map(([key, value]) => (
        <div key={key} className="opening-fields__row" data-testid={`opening-field-${key}`}>
          <dt>{t(`accountOpening.confirm.labels.${key as keyof DocumentFields}`)}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ConfirmScreen({ state }: { state: Of<'confirm'> }) {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  return (
    <OpeningFrame phase="confirm" title={t('accountOpening.confirm.title')} testId="opening-confirm-screen">
      <p>{t('accountOpening.confirm.hint')}</p>
      <FieldList fields={state.fields} />
      <div className="action-row">
        <BigButton huge onClick={() => void actions.accountOpening.confirmDocument()} data-testid="opening-confirm-yes">
          {t('accountOpening.confirm.yes')}
        </BigButton>
        <BigButton variant="secondary" onClick={() => void actions.accountOpening.rereadDocument()} data-testid="opening-confirm-again">
          {t('accountOpening.confirm.again')}
        </BigButton>
        <CancelOpeningButton />
      </div>
    </OpeningFrame>
  );
}
