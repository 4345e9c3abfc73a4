// On-screen digit pad for the technician's PIN and TOTP code: large targets, no physical
// keyboard needed, digits never shown (only how many were entered).
import { useTranslation } from 'react-i18next';

export interface PinPadProps {
  value: string;
  maxLength: number;
  onChange(next: string): void;
  disabled?: boolean;
  /** Labels the entry for screen readers, e.g. "Technician PIN". */
  label: string;
}

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

export function PinPad({ value, maxLength, onChange, disabled = false, label }: PinPadProps) {
  const { t } = useTranslation();
  const add = (d: string) => value.length < maxLength && onChange(value + d);
  return (
    <div className="pin-pad">
      <div className="pin-pad__dots" role="status" aria-label={`${label}: ${t('service.login.digitsEntered', { count: value.length })}`} data-testid="pin-dots">
        {Array.from({ length: Math.max(6, value.length) }, (_, i) => (
          <span key={i} className={i < value.length ? 'pin-pad__dot pin-pad__dot--on' : 'pin-pad__dot'} aria-hidden="true" />
        ))}
      </div>
      <div className="pin-pad__keys">
        {DIGITS.map((d) => (
          <button key={d} type="button" className="pin-pad__key" disabled={disabled} onClick={() => add(d)} data-testid={`pin-key-${d}`}>
            {d}
          </button>
        ))}
        <button type="button" className="pin-pad__key pin-pad__key--word" disabled={disabled} onClick={() => onChange('')}>
          {t('service.login.clear')}
        </button>
        <button type="button" className="pin-pad__key" disabled={disabled} onClick={() => add('0')} data-testid="pin-key-0">
          0
        </button>
        <button type="button" className="pin-pad__key pin-pad__key--word" disabled={disabled} onClick={() => onChange(value.slice(0, -1))}>
          {t('service.login.delete')}
        </button>
      </div>
    </div>
  );
}
