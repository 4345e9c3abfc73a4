// Asks the customer to place an ID document on the kiosk's reader and shows the masked
// result. The full record never reaches the console: the kiosk syncs it to the hub. Offered
// only once the kiosk has said it has a working reader (`kiosk.devices`), so a customer at a
// kiosk without one is never told to place a card.
import { CALL_MESSAGE_VERSION } from '../../../../protocol/call-messages.js';
import { BigButton } from '../../../ui/BigButton.js';
import { useController, useT } from '../../ConsoleContext.js';
import type { CallView } from '../../state/call-state.js';

type ReaderState = { kind: 'unknown' } | { kind: 'none' } | { kind: 'down'; state: string } | { kind: 'ok' };

function idReaderOf(call: CallView): ReaderState {
  if (!call.kioskDevices) return { kind: 'unknown' };
  const readers = call.kioskDevices.filter((device) => device.kind === 'id-reader');
  if (readers.length === 0) return { kind: 'none' };
  if (readers.some((device) => device.state === 'ready' || device.state === 'busy')) return { kind: 'ok' };
  return { kind: 'down', state: readers[0]?.state ?? 'offline' };
}

export function IdPanel({ call }: { call: CallView }) {
  const t = useT();
  const controller = useController();
  const ask = (document: 'id-card' | 'passport') =>
    controller.sendCallMessage({ v: CALL_MESSAGE_VERSION, type: 'id-scan.request', scanId: crypto.randomUUID(), document });
  const last = call.idScans.at(-1);
  const reader = idReaderOf(call);
  return (
    <section className="console-card" data-testid="id-panel" aria-label={t('id.title')}>
      <h2 className="console-subtitle">{t('id.title')}</h2>
      <div className="console-row">
        <BigButton variant="secondary" data-testid="id-request-card" disabled={reader.kind !== 'ok'} aria-describedby="id-reader-state" onClick={() => ask('id-card')}>
          {t('id.idCard')}
        </BigButton>
        <BigButton variant="secondary" data-testid="id-request-passport" disabled={reader.kind !== 'ok'} aria-describedby="id-reader-state" onClick={() => ask('passport')}>
          {t('id.passport')}
        </BigButton>
      </div>
      <p id="id-reader-state" className="console-muted" data-testid="id-reader-state" data-reader={reader.kind}>
        {reader.kind === 'unknown' ? t('id.checkingDevices') : reader.kind === 'none' ? t('id.noReader') : reader.kind === 'down' ? t('id.readerDown', { state: reader.state }) : ''}
      </p>
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
