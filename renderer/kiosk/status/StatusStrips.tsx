// Small, always-polite status lines: the offline banner (under the header) and the printer
// notice (footer). Both stay silent while the state is unknown or fine.
import { useTranslation } from 'react-i18next';
import { Notice } from '../../ui/Notice.js';
import { printerNeedsAttention, useKioskStatus } from './StatusContext.js';

export function OfflineBanner() {
  const { t } = useTranslation();
  const { online } = useKioskStatus();
  if (online !== false) return null;
  return (
    <Notice tone="banner" testId="offline-banner">
      {t('status.offline')}
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
