// Guiding the customer: outline a control on the kiosk screen, picked from the controls the
// kiosk says are on it (journey.state `controls`, by their visible words), and push a
// read-back form the customer confirms or rejects there.
import { useState, type FormEvent } from 'react';
import { CALL_MESSAGE_VERSION, formPushSchema, highlightSchema, type CallMessage } from '../../../../protocol/call-messages.js';
import { BigButton } from '../../../ui/BigButton.js';
import { useController, useT } from '../../ConsoleContext.js';
import type { CallView } from '../../state/call-state.js';

export function ToolsPanel({ call }: { call: CallView }) {
  const t = useT();
  const controller = useController();
  const [title, setTitle] = useState('');
  const [label, setLabel] = useState('');
  const [value, setValue] = useState('');

  const controls = call.journey?.controls ?? [];
  const highlight = (target: string, on: boolean) => {
    const message: CallMessage = { v: CALL_MESSAGE_VERSION, type: 'highlight', target, on };
    if (highlightSchema.safeParse(message).success) controller.sendCallMessage(message);
  };
  const pointing = controls.find((control) => control.id === call.highlight);
  const push = (event: FormEvent) => {
    event.preventDefault();
    const message: CallMessage = { v: CALL_MESSAGE_VERSION, type: 'form.push', formId: crypto.randomUUID(), title: title.trim(), fields: [{ label: label.trim(), value: value.trim() }] };
    if (formPushSchema.safeParse(message).success && controller.sendCallMessage(message)) setValue('');
  };
  const last = call.forms.at(-1);
  return (
    <section className="console-card" aria-label={t('tools.title')}>
      <h2 className="console-subtitle">{t('tools.title')}</h2>
      <h3 className="console-label" id="highlight-title">
        {t('tools.highlightTarget')}
      </h3>
      {controls.length === 0 ? (
        <p className="console-muted" data-testid="highlight-none">
          {t('tools.noControls')}
        </p>
      ) : (
        <ul className="console-picks" aria-labelledby="highlight-title" data-testid="highlight-controls">
          {controls.map((control) => (
            <li key={control.id}>
              <button
                type="button"
                className="console-pick"
                data-testid="highlight-pick"
                data-target={control.id}
                aria-pressed={call.highlight === control.id}
                onClick={() => highlight(control.id, call.highlight !== control.id)}
              >
                {control.label || control.id}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="console-row">
        {pointing && <p data-testid="highlight-active">{t('tools.pointing', { label: pointing.label || pointing.id })}</p>}
        <BigButton variant="quiet" disabled={call.highlight === null} data-testid="highlight-clear" onClick={() => call.highlight && highlight(call.highlight, false)}>
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
