// Which account a screen is about: its name and masked number, as on the balances screen.
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../../../protocol/core-banking.js';
import { useSessionContext } from '../session/SessionContext.js';

export function AccountHeading({ account, detail }: { account: AccountSummary; detail?: string }) {
  const { t } = useTranslation();
  const { locale } = useSessionContext().state;
  return (
    <p className="account-heading" data-testid="account-heading">
      <span className="account-heading__name">{account.name[locale]}</span> <span>{t('accounts.balances.account', { number: account.maskedNumber })}</span>
      {detail !== undefined && (
        <>
          {' '}
          <span className="account-heading__detail">{detail}</span>
        </>
      )}
    </p>
  );
}
