// Text chat with the expert, for when speaking is hard (noise, hearing, a failed microphone):
// the conversation, one-tap replies, and a text field that works with the on-screen keyboard
// (pinyin for Chinese). The log fills what room the panel has and always shows its newest
// line; the replies, the field and Send stay at the bottom, never below the screen. Long
// numbers are masked as they are typed, so a card number is never on screen in full.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../electron/bridge/contract.js';
import { BigButton } from '../../ui/BigButton.js';
import type { ChatEntry } from './call-view.js';
import { maskNumbers } from './journey-state.js';
import { OnScreenKeyboard } from './OnScreenKeyboard.js';

const QUICK = ['quickYes', 'quickNo', 'quickRepeat', 'quickCantHear'] as const;
const MAX_TEXT = 500;

/** What the field holds: already masked, so the full number exists for one keystroke at most. */
const masked = (text: string) => maskNumbers(text.slice(0, MAX_TEXT));

export interface ChatPanelProps {
  chat: ChatEntry[];
  canSend: boolean;
  onSend: (text: string) => boolean;
  locale: Locale;
  /** Off while a card waits for an answer: its own buttons are the reply, and it needs the room. */
  quickReplies?: boolean;
  /** The expert's newest card (form, ID request, decision); a new one closes the keyboard so it is seen. */
  cardId?: string | null;
}

export function ChatPanel({ chat, canSend, onSend, locale, quickReplies = true, cardId = null }: ChatPanelProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [keyboard, setKeyboard] = useState(false);
  // With the keyboard open there is no room left for a card in portrait large text: the
  // request comes first, the customer reopens the keyboard when they want to type.
  useEffect(() => {
    if (cardId) setKeyboard(false);
  }, [cardId]);
  const logRef = useRef<HTMLOListElement>(null);
  const newest = chat.at(-1)?.id;
  // The newest line in view, whatever the log's height (portrait, elder, keyboard open), and
  // kept there when the log shrinks because a card or the keyboard took its room.
  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [newest, keyboard]);
  useEffect(() => {
    const log = logRef.current;
    if (!log || typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(() => (log.scrollTop = log.scrollHeight));
    observer.observe(log);
    return () => observer.disconnect();
  }, []);
  const send = () => {
    if (onSend(text)) setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') send();
  };
  return (
    <section className="chat" aria-label={t('assist.chat.title')} data-keyboard={keyboard}>
      {/* Focusable: a log that scrolls must be reachable without touch (axe scrollable-region-focusable). */}
      <ol className="chat__log" ref={logRef} data-testid="assist-chat-log" aria-live="polite" tabIndex={0}>
        {chat.length === 0 && <li className="chat__empty">{t('assist.chat.empty')}</li>}
        {chat.map((entry) => (
          <li key={entry.id} className={`chat__entry chat__entry--${entry.from}`} data-from={entry.from}>
            <span className="chat__who">{entry.from === 'kiosk' ? t('assist.chat.you') : t('assist.chat.expert')}</span> <span className="chat__text">{entry.text}</span>
          </li>
        ))}
      </ol>
      {!keyboard && quickReplies && (
        <div className="chat__quick">
          {QUICK.map((key) => (
            <BigButton key={key} variant="quiet" disabled={!canSend} onClick={() => onSend(t(`assist.chat.${key}`))}>
              {t(`assist.chat.${key}`)}
            </BigButton>
          ))}
        </div>
      )}
      <div className="chat__compose">
        <input
          className="chat__input"
          data-testid="assist-chat-input"
          value={text}
          maxLength={MAX_TEXT}
          placeholder={t('assist.chat.placeholder')}
          aria-label={t('assist.chat.placeholder')}
          aria-describedby={text.includes('•') ? 'chat-masked-note' : undefined}
          onChange={(event) => setText(masked(event.target.value))}
          onKeyDown={onKeyDown}
        />
        <BigButton onClick={send} disabled={!canSend || text.trim() === ''} data-testid="assist-chat-send">
          {t('assist.chat.send')}
        </BigButton>
        <BigButton variant="quiet" aria-pressed={keyboard} onClick={() => setKeyboard(!keyboard)} data-testid="assist-keyboard-toggle">
          {keyboard ? t('assist.chat.hideKeyboard') : t('assist.chat.keyboard')}
        </BigButton>
      </div>
      {text.includes('•') && (
        <p className="chat__note" id="chat-masked-note" data-testid="assist-chat-masked">
          {t('assist.chat.numbersMasked')}
        </p>
      )}
      {keyboard && (
        <OnScreenKeyboard
          initialMode={locale === 'zh-CN' ? 'pinyin' : 'latin'}
          onKey={(key) => setText((value) => masked(value + key))}
          onBackspace={() => setText((value) => [...value].slice(0, -1).join(''))}
        />
      )}
    </section>
  );
}
