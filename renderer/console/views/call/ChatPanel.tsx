// Text chat with the customer over the data channel, both ways. The kiosk side validates
// the same schema; unmasked long numbers are refused by it, so we check before sending.
import { useState, type FormEvent } from 'react';
import { CALL_MESSAGE_VERSION, chatMessageSchema, type CallMessage } from '../../../../hub/assist/call-messages.js';
import { BigButton } from '../../../ui/BigButton.js';
import { useController, useT } from '../../ConsoleContext.js';
import type { CallView } from '../../state/call-state.js';

export function ChatPanel({ call }: { call: CallView }) {
  const t = useT();
  const controller = useController();
  const [text, setText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const message: CallMessage = { v: CALL_MESSAGE_VERSION, type: 'chat', id: crypto.randomUUID(), from: 'expert', text: text.trim(), at: new Date().toISOString() };
    if (text.trim() === '' || !chatMessageSchema.safeParse(message).success) return;
    if (controller.sendCallMessage(message)) setText('');
  };
  return (
    <section className="console-card console-chat" aria-label={t('chat.title')}>
      <h2 className="console-subtitle">{t('chat.title')}</h2>
      <ol className="console-chat__log" data-testid="console-chat-log" aria-live="polite">
        {call.chat.length === 0 && <li className="console-muted">{t('chat.empty')}</li>}
        {call.chat.map((line) => (
          <li key={line.id} className={`console-chat__line console-chat__line--${line.from}`}>
            <strong>{line.from === 'expert' ? t('chat.you') : t('chat.customer')}:</strong> {line.text}
          </li>
        ))}
      </ol>
      <form className="console-row" onSubmit={submit}>
        <input
          className="console-grow"
          data-testid="console-chat-input"
          placeholder={t('chat.placeholder')}
          aria-label={t('chat.placeholder')}
          maxLength={1000}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <BigButton type="submit" variant="secondary" data-testid="console-chat-send">
          {t('chat.send')}
        </BigButton>
      </form>
    </section>
  );
}
