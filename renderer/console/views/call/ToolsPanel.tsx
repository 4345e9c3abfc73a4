// Guiding the customer: outline a control on the kiosk screen (its data-assist-id) and push
// a read-back form the customer confirms or rejects there.
import { useState, type FormEvent } from 'react';
import { CALL_MESSAGE_VERSION, formPushSchema, highlightSchema, type CallMessage } from '../../../../hub/assist/call-messages.js';
import { BigButton } from '../../../ui/BigButton.js';
import { useController, useT } from '../../ConsoleContext.js';
import type { CallView } from '../../state/call-state.js';

export function ToolsPanel({ call }: { call: CallView }) {
  const t = useT();
  const controller = useController();
  const [target, setTarget] = useState('');
  const [title, setTitle] = useState('');
  const [label, setLabel] = useState('');
  const [value, setValue] = useState('');

  const highlight = (on: boolean) => {
    const message: CallMessage = { v: CALL_MESSAGE_VERSION, type: 'highlight', target: on ? target.trim() : (call.highlight ?? target.trim()), on };
    if (highlightSchema.safeParse(message).success) controller.sendCallMessage(message);
  };
  const push = (event: FormEvent) => {
    event.preventDefault();
    const message: CallMessage = { v: CALL_MESSAGE_VERSION, type: 'form.push', formId: crypto.randomUUID(), title: title.trim(), fields: [{ label: label.trim(), value: value.trim() }] };
    if (formPushSchema.safeParse(message).success && controller.sendCallMessage(message)) setValue('');
  };
  const last = call.forms.at(-1);
  return (
    <section className="console-card" aria-label={t('tools.title')}>
      <h2 className="console-subtitle">{t('tools.title')}</h2>
      <div className="console-row">
        <input className="console-grow" data-testid="highlight-target" aria-label={t('tools.highlightTarget')} placeholder={t('tools.highlightTarget')} value={target} onChange={(e) => setTarget(e.target.value)} />
        <BigButton variant="secondary" data-testid="highlight-send" onClick={() => highlight(true)}>
          {t('tools.highlight')}
        </BigButton>
        <BigButton variant="quiet" disabled={call.highlight === null} data-testid="highlight-clear" onClick={() => highlight(false)}>
          {t('tools.clearHighlight')}
        </BigButton>
      </div>
      <form className="console-form" onSubmit={push}>
        <input data-testid="form-title" aria-label={t('tools.formTitle')} placeholder={t('tools.formTitle')} value={title} onChange={(e) => setTitle(e.target.value)} required />
        <div className="console-row">
          <input className="console-grow" data-testid="form-label" aria-label={t('tools.formLabel')} placeholder={t('tools.formLabel')} value={label} onChange={(e) => setLabel(e.target.value)} required />
          <input className="console-grow" data-testid="form-value" aria-label={t('tools.formValue')} placeholder={t('tools.formValue')} value={value} onChange={(e) => setValue(e.target.value)} required />
        </div>
        <BigButton type="submit" variant="secondary" data-testid="form-push">
          {t('tools.pushForm')}
        </BigButton>
      </form>
      {last && (
        <p data-testid="form-status" data-confirmed={String(last.confirmed ?? 'pending')}>
          {last.title}: {last.confirmed === undefined ? t('tools.formPending') : last.confirmed ? t('tools.formConfirmed') : t('tools.formRejected')}
        </p>
      )}
    </section>
  );
}
