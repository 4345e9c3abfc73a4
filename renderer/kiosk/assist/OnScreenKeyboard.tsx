// The on-screen keyboard for the chat: kiosks have no physical keyboard. Big keys for letters,
// digits and a little punctuation, and a pinyin mode (the default for Chinese) in which the
// letters spell and the customer picks the character or word from the candidates above the
// keys (pinyin-ime.ts). Digits and punctuation always type directly.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadPinyinIndex, type PinyinIndex } from './pinyin-ime.js';

const ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm,.?'] as const;
const PAGE = 6;
const MAX_SPELLING = 24;

export type KeyboardMode = 'pinyin' | 'latin';

function usePinyinIndex(wanted: boolean): PinyinIndex | null {
  const [index, setIndex] = useState<PinyinIndex | null>(null);
  useEffect(() => {
    if (!wanted || index) return;
    let live = true;
    void loadPinyinIndex().then((loaded) => live && setIndex(loaded));
    return () => {
      live = false;
    };
  }, [wanted, index]);
  return index;
}

export function OnScreenKeyboard({ onKey, onBackspace, initialMode = 'latin' }: { onKey: (text: string) => void; onBackspace: () => void; initialMode?: KeyboardMode }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<KeyboardMode>(initialMode);
  const [spelling, setSpelling] = useState('');
  const [page, setPage] = useState(0);
  const index = usePinyinIndex(mode === 'pinyin');
  const candidates = spelling && index ? index.lookup(spelling) : [];
  const shown = candidates.slice(page * PAGE, page * PAGE + PAGE);

  const spell = (next: string) => {
    setSpelling(next.slice(0, MAX_SPELLING));
    setPage(0);
  };
  const pick = (word: string) => {
    onKey(word);
    spell('');
  };
  const press = (key: string) => {
    if (mode === 'pinyin' && /^[a-z]$/.test(key)) return spell(spelling + key);
    // Anything else ends the spelling: its best candidate goes first, as on a phone.
    if (spelling) pick(candidates[0] ?? spelling);
    onKey(key);
  };
  const backspace = () => (spelling ? spell(spelling.slice(0, -1)) : onBackspace());
  const space = () => (spelling ? pick(candidates[0] ?? spelling) : onKey(' '));
  const switchMode = () => {
    if (spelling) pick(candidates[0] ?? spelling);
    setMode(mode === 'pinyin' ? 'latin' : 'pinyin');
  };

  return (
    <div className="osk" data-testid="assist-keyboard" data-mode={mode}>
      {mode === 'pinyin' && (
        <div className="osk__ime" aria-live="polite">
          <span className="osk__spelling" data-testid="ime-spelling" lang="zh-CN">
            {spelling}
          </span>
          {spelling !== '' && (
            <div className="osk__candidates" role="group" aria-label={t('assist.chat.candidates', { pinyin: spelling })}>
              {index && candidates.length === 0 && <span className="osk__none">{t('assist.chat.noCandidates')}</span>}
              {page > 0 && (
                <button type="button" className="osk__key osk__page" onClick={() => setPage(page - 1)} data-testid="ime-prev">
                  {t('assist.chat.morePrev')}
                </button>
              )}
              {shown.map((word) => (
                <button key={word} type="button" lang="zh-CN" className="osk__key osk__candidate" onClick={() => pick(word)} data-testid="ime-candidate">
                  {word}
                </button>
              ))}
              {(page + 1) * PAGE < candidates.length && (
                <button type="button" className="osk__key osk__page" onClick={() => setPage(page + 1)} data-testid="ime-next">
                  {t('assist.chat.moreNext')}
                </button>
              )}
            </div>
          )}
        </div>
      )}
      {ROWS.map((row) => (
        <div key={row} className="osk__row">
          {[...row].map((key) => (
            <button key={key} type="button" className="osk__key" onClick={() => press(key)} data-testid={`osk-${key}`}>
              {key}
            </button>
          ))}
        </div>
      ))}
      <div className="osk__row">
        <button type="button" className="osk__key osk__key--mode" aria-pressed={mode === 'pinyin'} onClick={switchMode} data-testid="osk-mode" lang={mode === 'pinyin' ? 'en' : 'zh-CN'}>
          {mode === 'pinyin' ? t('assist.chat.latin') : t('assist.chat.pinyin')}
        </button>
        <button type="button" className="osk__key osk__key--wide" onClick={space} data-testid="osk-space">
          {t('assist.chat.space')}
        </button>
        <button type="button" className="osk__key osk__key--wide" onClick={backspace} data-testid="osk-backspace">
          {t('assist.chat.backspace')}
        </button>
      </div>
    </div>
  );
}
