// Text chat with the expert, for when speaking is hard (noise, hearing, a failed microphone):
// the conversation, one-tap replies, and a text field that works with the on-screen keyboard.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton.js';
import type { ChatEntry } from './call-view.js';
import { maskNumbers } from './journey-state.js';
import { OnScreenKeyboard } from './OnScreenKeyboard.js';

const QUICK = ['quickYes', 'quickNo', 'quickRepeat', 'quickCantHear'] as const;

export function ChatPanel({ chat, canSend, onSend }: { chat: ChatEntry[]; canSend: boolean; onSend: (text: string) => boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [keyboard, setKeyboard] = useState(false);
  const keyboardRef = useRef<HTMLDivElement>(null);
  // The panel scrolls: a keyboard opened below the fold would look like nothing happened.
  useEffect(() => {
    if (keyboard) keyboardRef.current?.scrollIntoView?.({ block: 'end' });
  }, [keyboard]);
  const send = () => {
    if (onSend(text)) setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') send();
  };
  return (
    <section className="chat" aria-label={t('assist.chat.title')}>
      <ol className="chat__log" data-testid="assist-chat-log" aria-live="polite">
        {chat.map((entry) => (
          <li key={entry.id} className={`chat__entry chat__entry--${entry.from}`} data-from={entry.from}>
            <span className="chat__who">{entry.from === 'kiosk' ? t('assist.chat.you') : t('assist.chat.expert')}</span> <span className="chat__text">{entry.text}</span>
          </li>
        ))}
      </ol>
      {chat.length === 0 && <p className="chat__empty">{t('assist.chat.empty')}</p>}
      <div className="chat__quick">
        {QUICK.map((key) => (
          <BigButton key={key} variant="quiet" disabled={!canSend} onClick={() => onSend(t(`assist.chat.${key}`))}>
            {t(`assist.chat.${key}`)}
          </BigButton>
        ))}
      </div>
      <div className="chat__compose">
        <input
          className="chat__input"
          data-testid="assist-chat-input"
          value={text}
          maxLength={500}
          placeholder={t('assist.chat.placeholder')}
          aria-label={t('assist.chat.placeholder')}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <BigButton onClick={send} disabled={!canSend || text.trim() === ''} data-testid="assist-chat-send">
          {t('assist.chat.send')}
        </BigButton>
        <BigButton variant="quiet" aria-pressed={keyboard} onClick={() => setKeyboard(!keyboard)} data-testid="assist-keyboard-toggle">
          {keyboard ? t('assist.chat.hideKeyboard') : t('assist.chat.keyboard')}
        </BigButton>
      </div>
      {maskNumbers(text) !== text && <p className="chat__note">{t('assist.chat.numbersHidden')}</p>}
      {keyboard && (
        <div ref={keyboardRef}>
          <OnScreenKeyboard onKey={(key) => setText((value) => (value + key).slice(0, 500))} onBackspace={() => setText((value) => [...value].slice(0, -1).join(''))} />
        </div>
      )}
    </section>
  );
}
