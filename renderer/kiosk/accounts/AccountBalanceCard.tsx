// One account on the balances screen: its name and masked number, the available and the
// ledger balance, and what can be done with it. The two buttons name their account for
// assistive technology (aria-describedby), since every card has the same two.
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../../../protocol/core-banking.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { useSessionContext } from '../session/SessionContext.js';
import { money } from './account-words.js';

export function AccountBalanceCard({ account }: { account: AccountSummary }) {
  const { t } = useTranslation();
  const { state, actions } = useSessionContext();
  const { locale } = state;
  const nameId = `account-name-${account.accountId}`;
  return (
    <li className="account-card" data-testid={`account-${account.accountId}`}>
      <div className="account-card__head">
        <h2 id={nameId} className="account-card__name">
          {account.name[locale]}
        </h2>
        <p className="account-card__number">{t('accounts.balances.account', { number: account.maskedNumber })}</p>
      </div>
      <dl className="account-card__balances">
        <div className="account-card__available">
          <dt>{t('accounts.balances.available')}</dt>
          <dd data-testid={`available-${account.accountId}`}>{money(account.available, locale)}</dd>
        </div>
        <div>
          <dt>{t('accounts.balances.ledger')}</dt>
          <dd data-testid={`ledger-${account.accountId}`}>{money(account.ledger, locale)}</dd>
        </div>
      </dl>
      <div className="account-card__actions">
        <BigButton variant="secondary" icon={<Icon name="bill" />} aria-describedby={nameId} onClick={() => void actions.accounts.showMiniStatement(account.accountId)} data-testid={`recent-${account.accountId}`}>
          {t('accounts.balances.recent')}
        </BigButton>
        <BigButton variant="secondary" icon={<Icon name="printer" />} aria-describedby={nameId} onClick={() => void actions.accounts.chooseStatement(account.accountId)} data-testid={`statement-${account.accountId}`}>
          {t('accounts.balances.statement')}
        </BigButton>
      </div>
    </li>
  );
}
