// Balances and statements, step 2: every account on the card with both balances. Reading
// them aloud and printing them are on request; per account, recent transactions or a printed
// statement. One primary action: done, which returns the card.
import { useTranslation } from 'react-i18next';
import type { AccountServicesState } from '../../../electron/bridge/account-services-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';
import { useSessionContext } from '../session/SessionContext.js';
import { AccountBalanceCard } from './AccountBalanceCard.js';
import { AccountsScreen } from './AccountsScreen.js';
import { ReadBalancesButton } from './ReadBalancesButton.js';
import { SlipState } from './SlipState.js';

const problemKey = { 'hub-unreachable': 'accounts.problems.hubUnreachable', declined: 'accounts.problems.declined' } as const;

export function BalancesScreen({ state }: { state: Extract<AccountServicesState, { phase: 'accounts' }> }) {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  return (
    <AccountsScreen phase="accounts" title={t('accounts.balances.title')} testId="accounts-balances-screen">
      {state.problem && (
        <Notice tone="danger" testId="accounts-problem">
          {t(problemKey[state.problem])}
        </Notice>
      )}
      <div className="accounts-split">
        <ul className="account-list" data-testid="account-list">
          {state.accounts.map((account) => (
            <AccountBalanceCard key={account.accountId} account={account} />
          ))}
        </ul>
        <div className="accounts-actions">
          <ReadBalancesButton accounts={state.accounts} />
          {state.receipt !== 'printing' && state.receipt !== 'printed' && (
            <BigButton variant="secondary" icon={<Icon name="printer" />} onClick={() => void actions.accounts.printBalances()} data-testid="print-balances">
              {t('accounts.balances.print')}
            </BigButton>
          )}
          <SlipState receipt={state.receipt} />
          <BigButton huge icon={<Icon name="card" />} onClick={() => void actions.accounts.finish()} data-testid="accounts-done">
            {t('accounts.balances.done')}
          </BigButton>
        </div>
      </div>
    </AccountsScreen>
  );
}
