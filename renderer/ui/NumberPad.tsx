// Digits typed on the touch screen (phone numbers, account references): a 3×4 pad of large
// keys in the telephone layout, with backspace and clear. No IME and no system keyboard: a
// kiosk has neither. `extraKey` adds one symbol (e.g. "+" for an international number).
import { useTranslation } from 'react-i18next';

export interface NumberPadProps {
  value: string;
  onChange(value: string): void;
  maxLength: number;
  /** A symbol allowed only as the first character, e.g. '+'. */
  leadingSymbol?: string;
  testId?: string;
}

const ROWS = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
] as const;

export function NumberPad({ value, onChange, maxLength, leadingSymbol, testId = 'number-pad' }: NumberPadProps) {
  const { t } = useTranslation();
  const type = (key: string) => {
    if (value.length < maxLength) onChange(value + key);
  };
  const key = (k: string) => (
    <button key={k} type="button" className="number-pad__key" onClick={() => type(k)} data-testid={`${testId}-${k}`}>
      {k}
    </button>
  );
  return (
    <div className="number-pad" role="group" aria-label={t('numberPad.label')} data-testid={testId}>
      {ROWS.map((row) => row.map(key))}
      {leadingSymbol ? (
        <button type="button" className="number-pad__key" disabled={value.length > 0} onClick={() => type(leadingSymbol)} data-testid={`${testId}-symbol`}>
          {leadingSymbol}
        </button>
      ) : (
        <button type="button" className="number-pad__key number-pad__key--edit" disabled={value.length === 0} onClick={() => onChange('')} data-testid={`${testId}-clear`}>
          {t('numberPad.clear')}
        </button>
      )}
      {key('0')}
      <button
        type="button"
        className="number-pad__key number-pad__key--edit"
        disabled={value.length === 0}
        onClick={() => onChange(value.slice(0, -1))}
        aria-label={t('numberPad.backspace')}
        data-testid={`${testId}-backspace`}
      >
        ⌫
      </button>
    </div>
  );
}
