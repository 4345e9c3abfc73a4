// Balances and statements on screen: one screen per host phase. The host decides every move;
// this only picks what to show for the state it last sent.
import { useTranslation } from 'react-i18next';
import { Progress } from '../../ui/Progress.js';
import type { Phase } from '../session/journey.js';
import { AccountsCardScreen, AccountsPinScreen } from './AccountsCardScreen.js';
import { AccountsLoadingScreen } from './AccountsLoadingScreen.js';
import { AccountsScreen } from './AccountsScreen.js';
import { AccountsStoppedScreen } from './AccountsStoppedScreen.js';
import { BalancesScreen } from './BalancesScreen.js';
import { MiniStatementScreen } from './MiniStatementScreen.js';
import { PrintPausedScreen } from './PrintPausedScreen.js';
import { StatementDoneScreen } from './StatementDoneScreen.js';
import { StatementPeriodScreen } from './StatementPeriodScreen.js';
import { StatementPrintingScreen } from './StatementPrintingScreen.js';

export function AccountServicesScreen({ phase }: { phase: Extract<Phase, { name: 'accounts' }> }) {
  const { t } = useTranslation();
  const { state } = phase.status;
  switch (state.phase) {
    case 'idle':
      return (
        <AccountsScreen phase="idle" title={t('accounts.title')} testId="accounts-starting-screen">
          <Progress label={t('app.starting')} />
        </AccountsScreen>
      );
    case 'card':
      return <AccountsCardScreen state={state} />;
    case 'pin':
      return <AccountsPinScreen state={state} />;
    case 'authorising':
      return (
        <AccountsScreen phase="authorising" title={t('accounts.title')} testId="accounts-authorising-screen">
          <Progress label={t('accounts.authorising')} testId="accounts-progress" />
        </AccountsScreen>
      );
    case 'accounts':
      return <BalancesScreen state={state} />;
    case 'loading':
      return <AccountsLoadingScreen state={state} />;
    case 'mini-statement':
      return <MiniStatementScreen state={state} />;
    case 'statement-period':
      return <StatementPeriodScreen state={state} />;
    case 'printing':
      return <StatementPrintingScreen state={state} />;
    case 'print-paused':
      return <PrintPausedScreen state={state} />;
    case 'statement-done':
      return <StatementDoneScreen state={state} />;
    case 'stopped':
      return <AccountsStoppedScreen state={state} />;
  }
}
