// The journey ended without money moving: why, in plain words (and the bank's reason when it
// declined the card), that nothing was taken, and what to do next.
import { useTranslation } from 'react-i18next';
import type { BillPaymentState } from '../../../electron/bridge/bill-payment-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';
import { useSessionContext } from '../session/SessionContext.js';
import { BillScreen } from './BillScreen.js';
import { declineKey, stopKey } from './bill-words.js';

export function BillStoppedScreen({ state }: { state: Extract<BillPaymentState, { phase: 'stopped' }> }) {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  return (
    <BillScreen phase="stopped" title={t('bill.stopped.title')} testId="bill-stopped-screen">
      <Notice tone={state.reason === 'customer' ? 'warning' : 'danger'} testId="bill-stop-reason">
        {t(stopKey[state.reason])} {state.declined ? t(declineKey[state.declined]) : ''}
      </Notice>
      <p className="ticket__note">{t('bill.result.noMoney')}</p>
      <p className="ticket__take">
        <Icon name="card" /> {t('bill.stopped.takeCard')}
      </p>
      <div className="action-row">
        <BigButton huge icon={<Icon name="bill" />} onClick={() => void actions.restartBill()} data-testid="bill-again">
          {t('bill.stopped.again')}
        </BigButton>
        <BigButton variant="secondary" icon={<Icon name="home" />} onClick={actions.goHome} data-testid="bill-home">
          {t('bill.stopped.home')}
        </BigButton>
      </div>
    </BillScreen>
  );
}
