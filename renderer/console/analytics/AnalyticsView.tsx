// The Analytics tab (issue 13, service analytics) for supervisors and admins: filters (dates,
// branch, kiosk, counter, service, per day/week/month), then one panel per view with a chart,
// a summary sentence, the numbers as tables and a CSV download. Refreshes every minute and on
// the Refresh button; the rollups behind it are current to the last committed row.
import { Suspense, lazy, useEffect, useMemo, useState, type FormEvent } from 'react';
import { ANALYTICS_METRICS, ANALYTICS_VIEWS, type AnalyticsResponse, type AnalyticsView as ViewName } from '../../../protocol/analytics.js';
import { BigButton } from '../../ui/BigButton.js';
import { Notice } from '../../ui/Notice.js';
import { useStaffResource } from '../api/use-staff-resource.js';
import { useConsoleState, useT } from '../ConsoleContext.js';
import type { ConsoleLocale } from '../i18n/console-i18n.js';
import { AnalyticsClient, type AnalyticsFilters } from './analytics-client.js';
import { formatMetric, summaryOf, type MetricName } from './analytics-format.js';
import './analytics.css';

const REFRESH_MS = 60_000;
// Chart.js only when the tab is opened: the console's first screen does not wait for it.
const AnalyticsChart = lazy(async () => ({ default: (await import('./AnalyticsChart.js')).AnalyticsChart }));

function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The click has handed the blob to the download; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

type Row = Record<string, unknown>;

function NumbersTable({ caption, first, firstKey, rows, metrics, locale }: { caption: string; first: string; firstKey: string; rows: Row[]; metrics: readonly MetricName[]; locale: ConsoleLocale }) {
  const t = useT();
  return (
    <table className="console-table analytics-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          {metrics.map((m) => (
            <th scope="col" key={m}>
              {t(`analytics.metrics.${m}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={String(row[firstKey])}>
            <th scope="row">{String(row[firstKey])}</th>
            {metrics.map((m) => (
              <td key={m}>{formatMetric(m, row[m], locale, t)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ViewPanel({ response, onDownload }: { response: AnalyticsResponse; onDownload: () => void }) {
  const t = useT();
  const { locale } = useConsoleState();
  const title = t(`analytics.views.${response.view}`);
  const metrics: readonly MetricName[] = ANALYTICS_METRICS[response.view];
  const summaryId = `analytics-summary-${response.view}`;
  return (
    <section className="analytics-panel" data-testid={`analytics-panel-${response.view}`} aria-labelledby={`analytics-title-${response.view}`}>
      <div className="analytics-panel__head">
        <h3 id={`analytics-title-${response.view}`}>{title}</h3>
        <BigButton variant="quiet" onClick={onDownload} data-testid={`analytics-download-${response.view}`} aria-label={`${t('analytics.download')}: ${title}`}>
          {t('analytics.download')}
        </BigButton>
      </div>
      <p id={summaryId} data-testid={`analytics-summary-${response.view}`}>
        {summaryOf(response, locale, t)}
      </p>
      {response.series.length === 0 ? (
        <p>{t('analytics.empty')}</p>
      ) : (
        <Suspense fallback={<p>{t('analytics.loading')}</p>}>
          <AnalyticsChart response={response} describedBy={summaryId} />
        </Suspense>
      )}
      <details className="analytics-details">
        <summary>{t('analytics.showTable')}</summary>
        <NumbersTable caption={title} first={t('analytics.period')} firstKey="period" rows={response.series as unknown as Row[]} metrics={metrics} locale={locale} />
        <NumbersTable caption={`${title} · ${t('analytics.byKeyTitle')}`} first={t('analytics.key')} firstKey="key" rows={response.byKey as unknown as Row[]} metrics={metrics} locale={locale} />
      </details>
    </section>
  );
}

const FIELDS = ['from', 'to', 'branchId', 'kioskId', 'counterId', 'service'] as const;
const LABELS = { from: 'from', to: 'to', branchId: 'branch', kioskId: 'kiosk', counterId: 'counter', service: 'service' } as const;

function Filters({ applied, onApply }: { applied: AnalyticsFilters; onApply: (filters: AnalyticsFilters) => void }) {
  const t = useT();
  const [draft, setDraft] = useState<AnalyticsFilters>(applied);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <form className="analytics-filters" onSubmit={submit} aria-label={t('analytics.filters.title')} data-testid="analytics-filters">
      {FIELDS.map((field) => (
        <label key={field}>
          <span>{t(`analytics.filters.${LABELS[field]}`)}</span>
          <input
            type={field === 'from' || field === 'to' ? 'date' : 'text'}
            value={draft[field] ?? ''}
            data-testid={`analytics-filter-${field}`}
            onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
          />
        </label>
      ))}
      <label>
        <span>{t('analytics.filters.group')}</span>
        <select value={draft.group ?? 'day'} data-testid="analytics-filter-group" onChange={(event) => setDraft({ ...draft, group: event.target.value })}>
          {(['day', 'week', 'month'] as const).map((g) => (
            <option key={g} value={g}>
              {t(`analytics.group.${g}`)}
            </option>
          ))}
        </select>
      </label>
      <BigButton type="submit" data-testid="analytics-apply">
        {t('analytics.filters.apply')}
      </BigButton>
    </form>
  );
}

export function AnalyticsView() {
  const t = useT();
  const { session, locale } = useConsoleState();
  const token = session?.token ?? null;
  const client = useMemo(() => (token ? new AnalyticsClient(token) : null), [token]);
  const [filters, setFilters] = useState<AnalyticsFilters>({});
  const load = useMemo(() => (client ? () => Promise.all(ANALYTICS_VIEWS.map((view) => client.view(view, filters))) : null), [client, filters]);
  const { data, error, refresh, failed } = useStaffResource(load, REFRESH_MS);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  useEffect(() => {
    if (data) setUpdatedAt(new Date());
  }, [data]);
  const download = (view: ViewName) => {
    if (!client) return;
    client.csv(view, filters).then((blob) => saveBlob(blob, `analytics-${view}.csv`), failed);
  };

  return (
    <section className="analytics-view" aria-labelledby="analytics-title" data-testid="analytics-view">
      <div className="analytics-view__head">
        <h2 id="analytics-title">{t('analytics.title')}</h2>
        <BigButton variant="quiet" onClick={() => void refresh()} data-testid="analytics-refresh">
          {t('analytics.refresh')}
        </BigButton>
      </div>
      <p>{t('analytics.intro')}</p>
      <Filters applied={filters} onApply={setFilters} />
      {error && (
        <Notice tone="danger" testId="analytics-error">
          {t(error === 'forbidden' ? 'analytics.error.forbidden' : error === 'network' ? 'analytics.error.network' : 'analytics.error.other')}
        </Notice>
      )}
      {updatedAt && (
        <p className="analytics-updated" data-testid="analytics-updated">
          {data && `${data[0]?.from ?? ''} – ${data[0]?.to ?? ''} · `}
          {t('analytics.updated', { at: new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }).format(updatedAt) })}
        </p>
      )}
      {!data && !error && <p>{t('analytics.loading')}</p>}
      {data && (
        <div className="analytics-panels">
          {data.map((response) => (
            <ViewPanel key={response.view} response={response} onDownload={() => download(response.view)} />
          ))}
        </div>
      )}
    </section>
  );
}
