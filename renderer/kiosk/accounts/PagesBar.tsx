// How many of the statement's pages are out of the printer, as a bar with its count in words
// (the bar alone would say nothing to a screen reader or at a glance from a step away).
import { useTranslation } from 'react-i18next';

export function PagesBar({ printed, pages }: { printed: number; pages: number }) {
  const { t } = useTranslation();
  const count = t('accounts.done.pages', { printed, pages });
  return (
    <div className="pages-bar">
      <div className="pages-bar__track" role="progressbar" aria-label={t('accounts.printing.progress')} aria-valuemin={0} aria-valuemax={pages} aria-valuenow={printed} aria-valuetext={count} data-testid="pages-bar">
        <div className="pages-bar__fill" style={{ width: `${(100 * printed) / pages}%` }} />
      </div>
      <p className="pages-bar__count" data-testid="pages-count">
        {count}
      </p>
    </div>
  );
}
