// Balances and statements, step 3: one account's recent transactions on screen, printable on
// a slip. One primary action: done, which returns the card; the balances are one tap back.
import { useTranslation } from 'react-i18next';
import type { AccountServicesState } from '../../../electron/bridge/account-services-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { useSessionContext } from '../session/SessionContext.js';
import { AccountHeading } from './AccountHeading.js';
import { AccountsScreen } from './AccountsScreen.js';
import { EntriesTable } from './EntriesTable.js';
import { SlipState } from './SlipState.js';

export function MiniStatementScreen({ state }: { state: Extract<AccountServicesState, { phase: 'mini-statement' }> }) {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  return (
    <AccountsScreen phase="mini-statement" title={t('accounts.miniStatement.title')} testId="accounts-mini-statement-screen">
      <AccountHeading account={state.account} />
      <div className="accounts-split">
        <div className="accounts-main">
          {state.entries.length > 0 && <p className="accounts-note">{t('accounts.miniStatement.newestFirst')}</p>}
          <EntriesTable entries={state.entries} />
        </div>
        <div className="accounts-actions">
          {state.entries.length > 0 && state.receipt !== 'printing' && state.receipt !== 'printed' && (
            <BigButton variant="secondary" icon={<Icon name="printer" />} onClick={() => void actions.accounts.printMiniStatement()} data-testid="print-mini-statement">
              {t('accounts.miniStatement.print')}
            </BigButton>
          )}
          <SlipState receipt={state.receipt} />
          <BigButton variant="secondary" icon={<Icon name="back" />} onClick={() => void actions.accounts.backToAccounts()} data-testid="back-to-accounts">
            {t('accounts.miniStatement.backToAccounts')}
          </BigButton>
          <BigButton huge icon={<Icon name="card" />} onClick={() => void actions.accounts.finish()} data-testid="accounts-done">
            {t('accounts.miniStatement.done')}
          </BigButton>
        </div>
      </div>
    </AccountsScreen>
  );
}
