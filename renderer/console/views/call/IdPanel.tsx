// Asks the customer to place an ID document on the kiosk's reader and shows the masked
// result. The full record never reaches the console: the kiosk syncs it to the hub.
import { CALL_MESSAGE_VERSION } from '../../../../hub/assist/call-messages.js';
import { BigButton } from '../../../ui/BigButton.js';
import { useController, useT } from '../../ConsoleContext.js';
import type { CallView } from '../../state/call-state.js';

export function IdPanel({ call }: { call: CallView }) {
  const t = useT();
  const controller = useController();
  const ask = (document: 'id-card' | 'passport') =>
    controller.sendCallMessage({ v: CALL_MESSAGE_VERSION, type: 'id-scan.request', scanId: crypto.randomUUID(), document });
  const last = call.idScans.at(-1);
  return (
    <section className="console-card" data-testid="id-panel" aria-label={t('id.title')}>
      <h2 className="console-subtitle">{t('id.title')}</h2>
      <div className="console-row">
        <BigButton variant="secondary" data-testid="id-request-card" onClick={() => ask('id-card')}>
          {t('id.idCard')}
        </BigButton>
        <BigButton variant="secondary" data-testid="id-request-passport" onClick={() => ask('passport')}>
          {t('id.passport')}
        </BigButton>
      </div>
      {last && !last.result && <p data-testid="id-waiting">{t('id.waiting')}</p>}
      {last?.result && (
        <div data-testid="id-result" data-status={last.result.status}>
          <p>
            <strong>{t(`id.status.${last.result.status}`)}</strong>
          </p>
          {last.result.masked && (
            <dl className="console-fields">
              <div>
                <dt>{t('id.name')}</dt>
                <dd>{last.result.masked.name}</dd>
              </div>
              <div>
                <dt>{t('id.number')}</dt>
                <dd>{last.result.masked.idNumber}</dd>
              </div>
              <div>
                <dt>{t('id.expiry')}</dt>
                <dd>{last.result.masked.expiry}</dd>
              </div>
            </dl>
          )}
        </div>
      )}
    </section>
  );
}
