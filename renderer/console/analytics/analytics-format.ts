// What each view charts and how its numbers read: counts grouped by thousands, durations in
// seconds or minutes, rates as percentages, NPS with one decimal.
import { ANALYTICS_METRICS, type AnalyticsResponse, type AnalyticsView } from '../../../protocol/analytics.js';
import type { ConsoleLocale, Translate } from '../i18n/console-i18n.js';

export type MetricName = (typeof ANALYTICS_METRICS)[AnalyticsView][number];

export interface ChartSeries {
  metric: MetricName;
  kind: 'bar' | 'line';
  axis: 'y' | 'y1';
}

export interface ChartSpec {
  series: ChartSeries[];
  /** What the right-hand axis measures, if the chart has one. */
  y1?: 'minutes' | 'seconds' | 'nps';
}

const bar = (metric: MetricName): ChartSeries => ({ metric, kind: 'bar', axis: 'y' });
const line = (metric: MetricName): ChartSeries => ({ metric, kind: 'line', axis: 'y1' });

export const CHARTS: Record<AnalyticsView, ChartSpec> = {
  tickets: { series: [bar('issued'), bar('served'), bar('noShow'), line('waitP50Ms'), line('waitP90Ms')], y1: 'minutes' },
  journeys: { series: [bar('count')] },
  calls: { series: [bar('requests'), bar('answered'), bar('abandoned'), bar('slaBreaches'), line('answerP50Ms'), line('answerP90Ms')], y1: 'seconds' },
  feedback: { series: [bar('responses'), line('nps')], y1: 'nps' },
  'follow-ups': { series: [bar('opened'), bar('open'), bar('overdue'), bar('closed')] },
};

const isDuration = (metric: string) => metric.endsWith('Ms');
const isRate = (metric: string) => metric.endsWith('Rate');

/** The number a chart plots: durations in the unit of the chart's right-hand axis. */
export function metricValue(spec: ChartSpec, series: ChartSeries, value: number | string | null): number | null {
  if (typeof value !== 'number') return null;
  if (!isDuration(series.metric)) return value;
  return Math.round((value / (spec.y1 === 'minutes' ? 60_000 : 1000)) * 10) / 10;
}

export function formatMetric(metric: string, value: unknown, locale: ConsoleLocale, t: Translate): string {
  if (typeof value !== 'number') return '–';
  if (isDuration(metric)) {
    return value < 120_000
      ? t('analytics.units.seconds', { n: Math.round(value / 1000) })
      : t('analytics.units.minutes', { n: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value / 60_000) });
  }
  if (isRate(metric)) return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: metric === 'satisfaction' ? 2 : 1 }).format(value);
}

/** The one-sentence summary of a view's totals (read by screen readers with the chart). */
export function summaryOf(response: AnalyticsResponse, locale: ConsoleLocale, t: Translate): string {
  const total = response.total as unknown as Record<string, unknown>;
  const f = (metric: string) => formatMetric(metric, total[metric], locale, t);
  switch (response.view) {
    case 'tickets':
      return t('analytics.summary.tickets', { issued: f('issued'), served: f('served'), noShow: f('noShow'), waitP50: f('waitP50Ms'), waitP90: f('waitP90Ms'), serviceP50: f('serviceP50Ms') });
    case 'journeys':
      return t('analytics.summary.journeys', { count: f('count'), top: response.byKey[0]?.key ?? '–' });
    case 'calls':
      return t('analytics.summary.calls', {
        requests: f('requests'),
        answered: f('answered'),
        abandoned: f('abandoned'),
        answerP50: f('answerP50Ms'),
        answerP90: f('answerP90Ms'),
        slaBreaches: f('slaBreaches'),
        firstContact: f('firstContactRate'),
      });
    case 'feedback':
      return t('analytics.summary.feedback', { responses: f('responses'), nps: f('nps'), satisfaction: f('satisfaction') });
    case 'follow-ups':
      return t('analytics.summary.follow-ups', { opened: f('opened'), open: f('open'), overdue: f('overdue'), closed: f('closed') });
  }
}
