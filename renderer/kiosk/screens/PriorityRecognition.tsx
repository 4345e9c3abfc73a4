// On the service list: "Bank customer? Insert your card" and "Aged 65 or over? Place your ID
// card". The host listens while this is on screen, returns the card at once and keeps only what
// it recognised (VIP, priority from 65) for this visit's ticket; this says so in words.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceHealth } from '../../../electron/bridge/contract.js';
import type { Recognition } from '../../../electron/bridge/queue-recognition-contract.js';
import { useBridge } from '../../bridge/BridgeContext.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';

type Kinds = { card: boolean; id: boolean };

/** Which readers this kiosk has working now (null until the host answered). */
function useReaders(): Kinds | null {
  const client = useBridge();
  const [kinds, setKinds] = useState<Kinds | null>(null);
  useEffect(() => {
    let active = true;
    const usable = (list: readonly DeviceHealth[], kind: string) => list.some((d) => d.kind === kind && d.state !== 'offline' && d.state !== 'error');
    client
      .request('devices.list', {})
      .then((list) => active && setKinds({ card: usable(list, 'card-reader'), id: usable(list, 'id-reader') }))
      .catch(() => undefined);
    return () => {
      active = false;
    };
  }, [client]);
  return kinds;
}

const KEYS = {
  card: {
    vip: 'appointment.recognition.card.vip',
    standard: 'appointment.recognition.card.standard',
    unknown: 'appointment.recognition.card.unknown',
    offline: 'appointment.recognition.card.offline',
    unreadable: 'appointment.recognition.card.unreadable',
  },
  id: {
    priority: 'appointment.recognition.id.priority',
    'under-age': 'appointment.recognition.id.underAge',
    unreadable: 'appointment.recognition.id.unreadable',
  },
} as const;

const keyOf = (r: Recognition) => (r.by === 'card' ? KEYS.card[r.outcome] : KEYS.id[r.outcome]);
const good = (r: Recognition) => r.outcome === 'vip' || r.outcome === 'priority';

export function PriorityRecognition({ onPriority }: { onPriority: () => void }) {
  const { t } = useTranslation();
  const client = useBridge();
  const readers = useReaders();
  const [last, setLast] = useState<Recognition | null>(null);
  const [vip, setVip] = useState(false);

  useEffect(() => {
    const off = client.on('queue.recognised', (recognised) => {
      setLast(recognised);
      if (recognised.outcome === 'vip') setVip(true);
      if (recognised.outcome === 'priority') onPriority();
    });
    client
      .request('queue.recognition', { listening: true })
      .then((flags) => {
        if (flags.vip) setVip(true);
        if (flags.priority) onPriority();
      })
      .catch(() => undefined);
    return () => {
      off();
      client.request('queue.recognition', { listening: false }).catch(() => undefined);
    };
  }, [client, onPriority]);

  if (!readers || (!readers.card && !readers.id)) return null;
  return (
    <div className="priority-recognition" data-testid="priority-recognition">
      {readers.card && (
        <p className="priority-recognition__hint" data-testid="recognition-card-hint">
          <Icon name="card" /> {t('appointment.recognition.cardHint')}
        </p>
      )}
      {readers.id && (
        <p className="priority-recognition__hint" data-testid="recognition-id-hint">
          <Icon name="card" /> {t('appointment.recognition.idHint')}
        </p>
      )}
      {vip && last?.outcome !== 'vip' && (
        <p className="priority-recognition__ok" role="status" data-testid="recognition-vip">
          ✓ {t('appointment.recognition.card.vip')}
        </p>
      )}
      {last &&
        (good(last) ? (
          <p className="priority-recognition__ok" role="status" data-testid="recognition-result">
            ✓ {t(keyOf(last))}
          </p>
        ) : (
          <Notice tone="warning" testId="recognition-result">
            {t(keyOf(last))}
          </Notice>
        ))}
    </div>
  );
}
