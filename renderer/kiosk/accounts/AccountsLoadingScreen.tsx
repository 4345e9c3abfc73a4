// Waiting on the bank for an account's entries. A quick answer (under 300 ms) replaces this
// screen before anything moves; a slower one shows progress, so the screen never looks frozen.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountServicesState } from '../../../electron/bridge/account-services-contract.js';
import { Progress } from '../../ui/Progress.js';
import { AccountsScreen } from './AccountsScreen.js';

/** DESIGN §6 / issue 10: anything slower than this shows progress. */
export const PROGRESS_AFTER_MS = 300;

function useShownAfter(ms: number): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setShown(true), ms);
    return () => clearTimeout(timer);
  }, [ms]);
  return shown;
}

export function AccountsLoadingScreen({ state }: { state: Extract<AccountServicesState, { phase: 'loading' }> }) {
  const { t } = useTranslation();
  const shown = useShownAfter(PROGRESS_AFTER_MS);
  const title = state.what === 'statement' ? t('accounts.printing.title') : t('accounts.miniStatement.title');
  return (
    <AccountsScreen phase="loading" title={title} testId="accounts-loading-screen">
      {shown && <Progress label={t(state.what === 'statement' ? 'accounts.loading.statement' : 'accounts.loading.miniStatement')} hint={t('accounts.loading.wait')} testId="accounts-progress" />}
    </AccountsScreen>
  );
}
