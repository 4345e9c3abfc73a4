// The journey ended before the customer finished: why, in plain words (and the bank's reason
// when it refused the card), to take the card, and a way on: start again, or Home.
import { useTranslation } from 'react-i18next';
import type { AccountServicesState } from '../../../electron/bridge/account-services-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';
import { useSessionContext } from '../session/SessionContext.js';
import { AccountsScreen } from './AccountsScreen.js';
import { declineKey, stopKey } from './account-words.js';

export function AccountsStoppedScreen({ state }: { state: Extract<AccountServicesState, { phase: 'stopped' }> }) {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  return (
    <AccountsScreen phase="stopped" title={t('accounts.stopped.title')} testId="accounts-stopped-screen">
      <Notice tone={state.reason === 'customer' ? 'warning' : 'danger'} testId="accounts-stop-reason">
        {t(stopKey[state.reason])} {state.declined ? t(declineKey[state.declined]) : ''}
      </Notice>
      <p className="ticket__take">
        <Icon name="card" /> {t('accounts.stopped.takeCard')}
      </p>
      <div className="action-row">
        <BigButton huge icon={<Icon name="card" />} onClick={() => void actions.accounts.restart()} data-testid="accounts-again">
          {t('accounts.stopped.again')}
        </BigButton>
        <BigButton variant="secondary" icon={<Icon name="home" />} onClick={actions.goHome} data-testid="accounts-home">
          {t('accounts.stopped.home')}
        </BigButton>
      </div>
    </AccountsScreen>
  );
}
