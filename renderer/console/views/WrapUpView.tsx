// After the call: the outcome and notes, sent to the hub as `disposition`. The expert goes
// back to the queue once the hub has recorded it.
import { useState, type FormEvent } from 'react';
import { dispositionOutcomeSchema, type DispositionOutcome } from '../../../protocol/assist-values.js';
import { BigButton } from '../../ui/BigButton.js';
import { useConsoleState, useController, useT } from '../ConsoleContext.js';
import { HubNotice } from './HubNotice.js';

export function WrapUpView() {
  const t = useT();
  const controller = useController();
  const { ended } = useConsoleState();
  const [outcome, setOutcome] = useState<DispositionOutcome>('resolved');
  const [notes, setNotes] = useState('');
  if (!ended) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    controller.submitDisposition(outcome, notes.trim());
  };
  return (
    <section className="console-panel" data-testid="wrapup-view" aria-labelledby="wrapup-title">
      <h1 id="wrapup-title" className="console-title">
        {t('wrapup.title')}
      </h1>
      <p data-testid="wrapup-reason">{t('wrapup.ended', { reason: t(`wrapup.reasons.${ended.reason}`) })}</p>
      {ended.call.rating !== null && <p>{t('wrapup.rating', { rating: ended.call.rating })}</p>}
      <HubNotice />
      <form className="console-form" onSubmit={submit}>
        <fieldset className="console-choices">
          <legend>{t('wrapup.outcome')}</legend>
          {dispositionOutcomeSchema.options.map((option) => (
            <label key={option} className="console-choice">
              <input type="radio" name="outcome" value={option} data-testid={`wrapup-outcome-${option}`} checked={outcome === option} onChange={() => setOutcome(option)} />
              {t(`wrapup.outcomes.${option}`)}
            </label>
          ))}
        </fieldset>
        <label>
          {t('wrapup.notes')}
          <textarea data-testid="wrapup-notes" rows={4} maxLength={2000} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </label>
        <BigButton type="submit" disabled={ended.saving} data-testid="wrapup-submit">
          {ended.saving ? t('wrapup.saving') : t('wrapup.submit')}
        </BigButton>
      </form>
    </section>
  );
}
