// Step 4: three questions the bank must ask (occupation, what the account is for, where the
// customer pays tax), as big option buttons; the two free answers (an occupation not listed,
// a foreign taxpayer number) are typed on the on-screen keyboard. Problems are said beside
// their question after "Send", which files the application with the session's language.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { OnScreenKeyboard } from '../assist/OnScreenKeyboard.js';
import { useSessionContext } from '../session/SessionContext.js';
import { CancelOpeningButton } from './CancelOpeningButton.js';
import { countryName } from './DocumentScreens.js';
import { checkKyc, emptyKycDraft, MAX_OCCUPATION_OTHER, MAX_TIN, OCCUPATIONS, PURPOSES, TAX_COUNTRIES, type KycDraft, type KycField } from './kyc-form.js';
import { OpeningFrame } from './OpeningFrame.js';

type Typed = 'occupationOther' | 'tin';

/** One option of a single-choice question: a big button that says whether it is chosen. */
function Choice({ chosen, onChoose, testId, children }: { chosen: boolean; onChoose: () => void; testId: string; children: ReactNode }) {
  return (
    <button type="button" className={chosen ? 'opening-choice opening-choice--on' : 'opening-choice'} aria-pressed={chosen} onClick={onChoose} data-testid={testId}>
      {children}
    </button>
  );
}

function Question({ legend, error, children, testId }: { legend: string; error: string | null; children: ReactNode; testId: string }) {
  return (
    <fieldset className="opening-question" data-testid={testId} aria-invalid={error !== null || undefined}>
      <legend>{legend}</legend>
      {error && (
        <Notice tone="danger" testId={`${testId}-error`}>
          {error}
        </Notice>
      )}
      {children}
    </fieldset>
  );
}

/** A typed answer: the text as an input (a lab's keyboard works too), the on-screen keyboard under it while it is the one being typed. */
function TypedAnswer({ label, value, max, active, onActivate, testId }: { label: string; value: string; max: number; active: boolean; onActivate: () => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <label className="opening-typed">
      <span>{label}</span>
      <input
        type="text"
        value={value}
        maxLength={max}
        readOnly
        onFocus={onActivate}
        onClick={onActivate}
        aria-describedby={active ? `${testId}-how` : undefined}
        className={active ? 'opening-typed__input opening-typed__input--active' : 'opening-typed__input'}
        data-testid={testId}
      />
      {active && (
        <span id={`${testId}-how`} className="opening-typed__how">
          {t('accountOpening.kyc.typeWith')}
        </span>
      )}
    </label>
  );
}

export function KycScreen() {
  const { t, i18n } = useTranslation();
  const { state: session, actions } = useSessionContext();
  const [draft, setDraft] = useState<KycDraft>(emptyKycDraft);
  const [errors, setErrors] = useState<readonly KycField[] | null>(null);
  const [typing, setTyping] = useState<Typed | null>(null);
  const [sent, setSent] = useState(false);

  const change = (next: Partial<KycDraft>) => {
    const merged = { ...draft, ...next };
    setDraft(merged);
    // Once shown, problems follow the answers, so a fixed one disappears at once.
    if (errors) {
      const check = checkKyc(merged);
      setErrors(check.ok ? [] : check.errors);
    }
  };
  const errorOf = (field: KycField): string | null => (errors?.includes(field) ? t(`accountOpening.kyc.errors.${field}`) : null);

  const setTyped = (field: Typed, value: string) => change(field === 'tin' ? { tin: value.slice(0, MAX_TIN) } : { occupationOther: value.slice(0, MAX_OCCUPATION_OTHER) });
  const type = (key: string) => typing && setTyped(typing, draft[typing] + key);
  const backspace = () => typing && setTyped(typing, [...draft[typing]].slice(0, -1).join(''));

  const submit = () => {
    const check = checkKyc(draft);
    if (!check.ok) return setErrors(check.errors);
    setErrors([]);
    setSent(true);
    void actions.accountOpening.kyc(check.answers).finally(() => setSent(false));
  };

  return (
    <OpeningFrame phase="kyc" title={t('accountOpening.kyc.title')} testId="opening-kyc-screen">
      <p>{t('accountOpening.kyc.hint')}</p>
      <Question legend={t('accountOpening.kyc.occupation.legend')} error={errorOf('occupation') ?? errorOf('occupationOther')} testId="opening-kyc-occupation">
        <div className="opening-choices">
          {OCCUPATIONS.map((occupation) => (
            <Choice
              key={occupation}
              chosen={draft.occupation === occupation}
              onChoose={() => {
                change({ occupation });
                setTyping(occupation === 'other' ? 'occupationOther' : null);
              }}
              testId={`opening-occupation-${occupation}`}
            >
              {t(`accountOpening.kyc.occupation.options.${occupation}`)}
            </Choice>
          ))}
        </div>
        {draft.occupation === 'other' && (
          <TypedAnswer
            label={t('accountOpening.kyc.occupation.otherLabel')}
            value={draft.occupationOther}
            max={MAX_OCCUPATION_OTHER}
            active={typing === 'occupationOther'}
            onActivate={() => setTyping('occupationOther')}
            testId="opening-occupation-other-text"
          />
        )}
      </Question>
      {typing === 'occupationOther' && <OnScreenKeyboard key="occupation" onKey={type} onBackspace={backspace} initialMode={session.locale === 'zh-CN' ? 'pinyin' : 'latin'} />}

      <Question legend={t('accountOpening.kyc.purpose.legend')} error={errorOf('purpose')} testId="opening-kyc-purpose">
        <div className="opening-choices">
          {PURPOSES.map((purpose) => (
            <Choice key={purpose} chosen={draft.purpose === purpose} onChoose={() => change({ purpose })} testId={`opening-purpose-${purpose}`}>
              {t(`accountOpening.kyc.purpose.options.${purpose}`)}
            </Choice>
          ))}
        </div>
      </Question>

      <Question legend={t('accountOpening.kyc.tax.legend')} error={errorOf('tax')} testId="opening-kyc-tax">
        <div className="opening-choices">
          <Choice
            chosen={draft.tax === 'cn-only'}
            onChoose={() => {
              change({ tax: 'cn-only' });
              setTyping(null);
            }}
            testId="opening-tax-cn-only"
          >
            {t('accountOpening.kyc.tax.cnOnly')}
          </Choice>
          <Choice chosen={draft.tax === 'also-elsewhere'} onChoose={() => change({ tax: 'also-elsewhere' })} testId="opening-tax-elsewhere">
            {t('accountOpening.kyc.tax.elsewhere')}
          </Choice>
        </div>
        {draft.tax === 'also-elsewhere' && (
          <>
            <Question legend={t('accountOpening.kyc.tax.country')} error={errorOf('country')} testId="opening-kyc-country">
              <div className="opening-choices opening-choices--small">
                {TAX_COUNTRIES.map((country) => (
                  <Choice key={country} chosen={draft.country === country} onChoose={() => change({ country })} testId={`opening-country-${country}`}>
                    {countryName(country, i18n.language)}
                  </Choice>
                ))}
              </div>
            </Question>
            {errorOf('tin') && <Notice tone="danger" testId="opening-kyc-tin-error">{errorOf('tin')}</Notice>}
            <TypedAnswer label={t('accountOpening.kyc.tax.tin')} value={draft.tin} max={MAX_TIN} active={typing === 'tin'} onActivate={() => setTyping('tin')} testId="opening-tin" />
          </>
        )}
      </Question>
      {typing === 'tin' && <OnScreenKeyboard key="tin" onKey={type} onBackspace={backspace} initialMode="latin" />}

      <div className="action-row">
        <BigButton huge disabled={sent} onClick={submit} data-testid="opening-kyc-submit">
          {t('accountOpening.kyc.submit')}
        </BigButton>
        <CancelOpeningButton />
      </div>
    </OpeningFrame>
  );
}
