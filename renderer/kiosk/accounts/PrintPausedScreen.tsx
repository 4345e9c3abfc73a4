// Balances and statements, step 4, paused: what happened at the printer in plain words, that
// staff will put it right, and that printing goes on from the page that failed (never a page
// twice). One primary action: continue once the printer is ready; or stop here.
import { useTranslation } from 'react-i18next';
import type { AccountServicesState } from '../../../electron/bridge/account-services-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';
import { useSessionContext } from '../session/SessionContext.js';
import { AccountHeading } from './AccountHeading.js';
import { AccountsScreen } from './AccountsScreen.js';
import { PagesBar } from './PagesBar.js';
import { pauseKey } from './account-words.js';

export function PrintPausedScreen({ state }: { state: Extract<AccountServicesState, { phase: 'print-paused' }> }) {
  const { t } = useTranslation();
  const { actions } = useSessionContext();
  return (
    <AccountsScreen phase="print-paused" title={t('accounts.paused.title')} testId="accounts-paused-screen">
      <AccountHeading account={state.account} />
      <Notice tone="warning" testId="pause-reason">
        {t(pauseKey[state.reason])}
      </Notice>
      <p className="accounts-lead" data-testid="resume-from">
        {t('accounts.paused.resumeFrom', { page: state.page, pages: state.pages })}
      </p>
      <PagesBar printed={state.page - 1} pages={state.pages} />
      <div className="action-row">
        <BigButton huge icon={<Icon name="printer" />} onClick={() => void actions.accounts.resumePrint()} data-testid="resume-printing">
          {t('accounts.paused.continue')}
        </BigButton>
        <BigButton variant="secondary" onClick={() => void actions.accounts.stopPrinting()} data-testid="stop-printing">
          {t('accounts.paused.stop')}
        </BigButton>
      </div>
    </AccountsScreen>
  );
}
