// Text chat with the customer over the data channel, both ways. The kiosk side validates
// the same schema and drops a card or ID number, so we check before sending — and say why a
// message did not go, instead of leaving it in the box as if Send had not been pressed.
import { useState, type FormEvent } from 'react';
import { CALL_MESSAGE_VERSION, chatRefusal, type CallMessage } from '../../../../protocol/call-messages.js';
import { BigButton } from '../../../ui/BigButton.js';
import { Notice } from '../../../ui/Notice.js';
import { useController, useT } from '../../ConsoleContext.js';
import type { CallView } from '../../state/call-state.js';

export function ChatPanel({ call }: { call: CallView }) {
  const t = useT();
  const controller = useController();
  const [text, setText] = useState('');
  const [refused, setRefused] = useState<ReturnType<typeof chatRefusal>>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (trimmed === '') return;
    const why = chatRefusal(trimmed);
    setRefused(why);
    if (why) return;
    const message: CallMessage = { v: CALL_MESSAGE_VERSION, type: 'chat', id: crypto.randomUUID(), from: 'expert', text: trimmed, at: new Date().toISOString() };
    if (controller.sendCallMessage(message)) setText('');
  };
  // A refusal of ours, else the channel's (call.refused is set when the data channel was shut).
  const reason = refused ?? (call.refused === 'not-connected' ? 'not-connected' : null);
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
          aria-invalid={reason !== null}
          aria-describedby={reason ? 'console-chat-refused' : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setRefused(null);
          }}
        />
        <BigButton type="submit" variant="secondary" data-testid="console-chat-send">
          {t('chat.send')}
        </BigButton>
      </form>
      {reason && (
        <Notice tone="danger" testId="console-chat-refused">
          <span id="console-chat-refused" data-reason={reason}>
            {t(`chat.refused.${reason}`)}
          </span>
        </Notice>
      )}
    </section>
  );
}
