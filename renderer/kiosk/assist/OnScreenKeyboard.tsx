// A plain on-screen keyboard for the chat: kiosks have no physical keyboard. Letters, digits
// and a little punctuation as big keys; Chinese customers mostly use the quick replies (an
// IME on a kiosk is a project of its own).
import { useTranslation } from 'react-i18next';

const ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm,.?'] as const;

export function OnScreenKeyboard({ onKey, onBackspace }: { onKey: (text: string) => void; onBackspace: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="osk" data-testid="assist-keyboard">
      {ROWS.map((row) => (
        <div key={row} className="osk__row">
          {[...row].map((key) => (
            <button key={key} type="button" className="osk__key" onClick={() => onKey(key)}>
              {key}
            </button>
          ))}
        </div>
      ))}
      <div className="osk__row">
        <button type="button" className="osk__key osk__key--wide" onClick={() => onKey(' ')}>
          {t('assist.chat.space')}
        </button>
        <button type="button" className="osk__key osk__key--wide" onClick={onBackspace}>
          {t('assist.chat.backspace')}
        </button>
      </div>
    </div>
  );
}
