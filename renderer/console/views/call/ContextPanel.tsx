// Where the customer is: the request as queued, then the journey state the kiosk sends over
// the data channel whenever its screen changes. Values arrive masked by the kiosk.
import { useConsoleState, useT } from '../../ConsoleContext.js';
import type { CallView } from '../../state/call-state.js';
import { fieldName, fieldValue, stepName } from '../journey-words.js';

export function ContextPanel({ call }: { call: CallView }) {
  const t = useT();
  const { locale } = useConsoleState();
  const { request, journey } = call;
  return (
    <section className="console-card" data-testid="context-panel" aria-label={t('context.title')}>
      <h2 className="console-subtitle">{t('context.title')}</h2>
      <p>
        {request.kioskId} · {t(`languages.${request.language}`)} · {t(`topics.${request.topic}`)}
        {request.priorityClass !== 'standard' && <span className={`console-flag console-flag--${request.priorityClass}`}>{t(`priority.${request.priorityClass}`)}</span>}
      </p>
      <p className="console-muted">{t('context.requested', { step: stepName(t, request.journeyStep) })}</p>
      {journey ? (
        <div data-testid="journey-state">
          <p>
            <strong>{t('context.step', { current: journey.stepIndex + 1, total: journey.stepCount })}</strong> · {stepName(t, journey.journeyStep)}
          </p>
          <dl className="console-fields">
            {Object.entries(journey.fields).map(([name, value]) => (
              <div key={name}>
                <dt>{fieldName(t, name)}</dt>
                <dd lang={locale}>{fieldValue(t, name, value)}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : (
        <p className="console-muted">{t('context.waiting')}</p>
      )}
    </section>
  );
}
