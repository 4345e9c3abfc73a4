// Where the customer's slip is (balances or recent transactions): printing, out (take it; the
// Print button is gone, so a second tap cannot print it twice), or not printed (everything stays
// on screen, Print can be tried again). Nothing while none was asked for.
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { receiptStateSchema } from '../../../electron/bridge/bill-payment-contract.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';
import { Progress } from '../../ui/Progress.js';

export type SlipReceipt = z.infer<typeof receiptStateSchema>;

export function SlipState({ receipt }: { receipt: SlipReceipt | undefined }) {
  const { t } = useTranslation();
  if (receipt === 'printing') return <Progress label={t('accounts.slip.printing')} testId="slip-state" />;
  if (receipt === 'printed') {
    return (
      <p className="ticket__take" data-testid="slip-state">
        <Icon name="printer" /> {t('accounts.slip.printed')}
      </p>
    );
  }
  if (receipt === 'not-printed') {
    return (
      <Notice tone="warning" testId="slip-state">
        {t('accounts.slip.notPrinted')}
      </Notice>
    );
  }
  return null;
}
