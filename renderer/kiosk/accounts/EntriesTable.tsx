// An account's last entries, newest first: date, description, amount and the balance after
// it. Money in and out differ by sign and by colour (never by colour alone). A long list
// scrolls inside its own region, which can be focused and is named, so the screen around it
// (the header, the actions) never moves.
import { useTranslation } from 'react-i18next';
import type { StatementEntry } from '../../../protocol/core-banking.js';
import { useSessionContext } from '../session/SessionContext.js';
import { money, shortDate, signedMoney } from './account-words.js';

export function EntriesTable({ entries }: { entries: readonly StatementEntry[] }) {
  const { t } = useTranslation();
  const { locale } = useSessionContext().state;
  if (entries.length === 0) return <p className="entries-none" data-testid="entries-none">{t('accounts.miniStatement.none')}</p>;
  return (
    <div className="entries" role="region" aria-label={t('accounts.miniStatement.title')} tabIndex={0}>
      <table className="entries__table" data-testid="entries">
        <thead>
          <tr>
            <th scope="col">{t('accounts.miniStatement.date')}</th>
            <th scope="col">{t('accounts.miniStatement.description')}</th>
            <th scope="col" className="entries__money">
              {t('accounts.miniStatement.amount')}
            </th>
            <th scope="col" className="entries__money">
              {t('accounts.miniStatement.balance')}
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.entryId} data-testid={`entry-${entry.entryId}`}>
              <td className="entries__date">{shortDate(entry.bookedAt, locale)}</td>
              <td>{entry.description}</td>
              <td className={`entries__money ${entry.amount.minor < 0 ? 'entries__out' : 'entries__in'}`} data-testid="entry-amount">
                {signedMoney(entry.amount, locale)}
              </td>
              <td className="entries__money">{money(entry.balanceAfter, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
