// Balances and statements, step 4: the statement coming out page by page. The page being
// printed is said in words and the pages already out are drawn as a bar; Stop calls off the
// pages not yet started (the host finishes the one in the printer).
import { useTranslation } from 'react-i18next';
import type { AccountServicesState } from '../../../electron/bridge/account-services-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Progress } from '../../ui/Progress.js';
import { useSessionContext } from '../session/SessionContext.js';
import { AccountHeading } from './AccountHeading.js';
import { AccountsScreen } from './AccountsScreen.js';
import { PagesBar } from './PagesBar.js';
import { shortDate } from './account-words.js';

export function StatementPrintingScreen({ state }: { state: Extract<AccountServicesState, { phase: 'printing' }> }) {
  const { t } = useTranslation();
  const { state: session, actions } = useSessionContext();
  const { locale } = session;
  return (
    <AccountsScreen phase="printing" title={t('accounts.printing.title')} testId="accounts-printing-screen">
      <AccountHeading account={state.account} detail={t('accounts.period.range', { from: shortDate(state.period.from, locale), to: shortDate(state.period.to, locale) })} />
      <Progress label={t('accounts.printing.page', { page: state.page, pages: state.pages })} hint={t('accounts.printing.hint')} testId="printing-page" />
      <PagesBar printed={state.page - 1} pages={state.pages} />
      <div className="action-row">
        <BigButton variant="secondary" onClick={() => void actions.accounts.stopPrinting()} data-testid="stop-printing">
          {t('accounts.printing.stop')}
        </BigButton>
      </div>
    </AccountsScreen>
  );
}
