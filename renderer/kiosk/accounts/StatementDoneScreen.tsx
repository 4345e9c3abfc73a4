// Balances and statements, step 4 done: how many pages came out (all, or fewer when the
// customer stopped), the statement's number, and to take the statement and the card. One
// primary action: done; the balances are one tap back for another account.
import { useTranslation } from 'react-i18next';
import type { AccountServicesState } from '../../../electron/bridge/account-services-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { useSessionContext } from '../session/SessionContext.js';
import { AccountHeading } from './AccountHeading.js';
import { AccountsScreen } from './AccountsScreen.js';

export function StatementDoneScreen({ state }: { state: Extract<AccountServicesState, { phase: 'statement-done' }> }) {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  const complete = state.printedPages >= state.pages;
  return (
    <AccountsScreen phase="statement-done" title={t(complete ? 'accounts.done.title' : 'accounts.done.stoppedTitle')} testId="accounts-done-screen">
      <AccountHeading account={state.account} />
      <div className="accounts-split">
        <section className={complete ? 'statement-result' : 'statement-result statement-result--partial'} aria-live="polite" data-testid="statement-result">
          <p className="statement-result__pages" data-testid="pages-printed">
            {t('accounts.done.pages', { printed: state.printedPages, pages: state.pages })}
          </p>
          {!complete && <p>{t('accounts.done.notAll')}</p>}
          <p>
            {t('accounts.done.number')} <span data-testid="receipt-number">{state.receiptNumber}</span>
          </p>
        </section>
        <div className="accounts-actions">
          <p className="ticket__take" data-testid="take-statement">
            <Icon name="card" /> {t('accounts.done.take')}
          </p>
          <BigButton huge onClick={() => void actions.accounts.finish()} data-testid="accounts-done">
            {t('accounts.done.done')}
          </BigButton>
          <BigButton variant="secondary" icon={<Icon name="back" />} onClick={() => void actions.accounts.backToAccounts()} data-testid="back-to-accounts">
            {t('accounts.done.backToAccounts')}
          </BigButton>
        </div>
      </div>
    </AccountsScreen>
  );
}
