// Balances and statements, step 3 for a statement: the period, as a few one-tap choices
// (this month, last month, the last 3 or 12 months) already clipped to what the bank keeps and
// prints, each with its dates written out. One primary action: print the period chosen.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountServicesState } from '../../../electron/bridge/account-services-contract.js';
import { BigButton } from '../../ui/BigButton.js';
import { Icon } from '../../ui/Icon.js';
import { Notice } from '../../ui/Notice.js';
import { useSessionContext } from '../session/SessionContext.js';
import { AccountHeading } from './AccountHeading.js';
import { AccountsScreen } from './AccountsScreen.js';
import { shortDate } from './account-words.js';
import { periodChoices, type PeriodPreset } from './statement-periods.js';

type PeriodState = Extract<AccountServicesState, { phase: 'statement-period' }>;

const problemKey = { 'no-entries': 'accounts.period.noEntries', 'too-long': 'accounts.period.tooLong' } as const;

export function StatementPeriodScreen({ state }: { state: PeriodState }) {
  const { t } = useTranslation();
  const { state: session, actions } = useSessionContext();
  const { locale } = session;
  const choices = periodChoices(state);
  const [picked, setPicked] = useState<PeriodPreset | null>(null);
  const chosen = choices.find((c) => c.preset === picked) ?? choices[0];
  const range = (from: string, to: string) => t('accounts.period.range', { from: shortDate(from, locale), to: shortDate(to, locale) });
  return (
    <AccountsScreen phase="statement-period" title={t('accounts.period.title')} testId="accounts-period-screen">
      <AccountHeading account={state.account} />
      {state.problem && (
        <Notice tone="danger" testId="period-problem">
          {t(problemKey[state.problem])}
        </Notice>
      )}
      <div className="accounts-split">
        <div className="period-choices" role="group" aria-label={t('accounts.period.title')}>
          {choices.map((choice) => (
            <button
              key={choice.preset}
              type="button"
              className="period-choice"
              aria-pressed={choice.preset === chosen?.preset}
              onClick={() => setPicked(choice.preset)}
              data-testid={`period-${choice.preset}`}
            >
              <span className="period-choice__name">{t(`accounts.period.${choice.preset}`)}</span>{' '}
              <span className="period-choice__dates">{range(choice.period.from, choice.period.to)}</span>
              {choice.clipped && (
                <>
                  {' '}
                  <span className="period-choice__note">{t('accounts.period.shortened')}</span>
                </>
              )}
            </button>
          ))}
          <p className="accounts-note">{t('accounts.period.limits', { earliest: shortDate(state.earliest, locale), days: state.maxDays })}</p>
        </div>
        <div className="accounts-actions">
          {chosen && (
            <BigButton huge icon={<Icon name="printer" />} onClick={() => void actions.accounts.printStatement(chosen.period)} data-testid="print-statement">
              {t('accounts.period.print')}
            </BigButton>
          )}
          <BigButton variant="secondary" icon={<Icon name="back" />} onClick={() => void actions.accounts.backToAccounts()} data-testid="back-to-accounts">
            {t('accounts.miniStatement.backToAccounts')}
          </BigButton>
        </div>
      </div>
    </AccountsScreen>
  );
}
