// Small, always-polite status lines: the offline banner (under the header) and the printer
// notice (footer). Both stay silent while the state is unknown or fine.
import { useTranslation } from 'react-i18next';
import { Notice } from '../../ui/Notice.js';
import { printerNeedsAttention, useKioskStatus } from './StatusContext.js';

/** Service names by transaction type, for the list of what is unavailable offline. */
const serviceLabelKeys = {
  'queue.ticket.issued': 'tiles.queue',
  'bill.payment': 'tiles.payBill',
  'account.open': 'tiles.openAccount',
  'card.replace': 'tiles.replaceCard',
  'statement.print': 'tiles.statement',
} as const;
const labelKey = (type: string) => (Object.hasOwn(serviceLabelKeys, type) ? serviceLabelKeys[type as keyof typeof serviceLabelKeys] : null);

export function OfflineBanner() {
  const { t } = useTranslation();
  const { online, availability } = useKioskStatus();
  if (online !== false) return null;
  const named = (available: boolean) =>
    (availability?.services ?? []).flatMap((s) => {
      const key = labelKey(s.type);
      return s.available === available && key ? [t(key)] : [];
    });
  // What still works is read from the offline rules (queue tickets, bill payments within their limits), never assumed.
  const available = named(true);
  const unavailable = named(false);
  return (
    <Notice tone="banner" testId="offline-banner">
      {available.length > 0 ? t('status.offlineAvailable', { services: available.join(t('status.listSeparator')) }) : t('status.offline')}
      {unavailable.length > 0 && (
        <>
          {' '}
          <span data-testid="offline-unavailable">{t('status.unavailableOffline', { services: unavailable.join(t('status.listSeparator')) })}</span>
        </>
      )}
    </Notice>
  );
}

export function PrinterStatusStrip() {
  const { t } = useTranslation();
  const { printer } = useKioskStatus();
  if (!printerNeedsAttention(printer)) return null;
  return (
    <Notice tone="warning" testId="printer-status">
      {t('status.printerAttention')}
    </Notice>
  );
}
