// @vitest-environment jsdom
// The Analytics tab against a fake hub: every view as a panel with its chart, summary and
// tables in both languages; filters sent as query parameters; Refresh reloads; CSV download
// asks the hub for the view's CSV; a 403 says who may see analytics. Chart.js is replaced by
// a stub canvas here (jsdom has no canvas); the e2e test renders the real one.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderConsoleView } from '../testing/render-console-view.js';
import type { AnalyticsResponse, AnalyticsView as ViewName } from '../../../protocol/analytics.js';
import type { ConsoleLocale } from '../i18n/console-i18n.js';
import { AnalyticsView } from './AnalyticsView.js';

vi.mock('react-chartjs-2', () => ({
  Chart: (props: { data: { labels: string[]; datasets: { label: string; data: (number | null)[] }[] }; 'aria-label': string }) => (
    <canvas role="img" aria-label={props['aria-label']} data-labels={props.data.labels.join(',')} data-series={props.data.datasets.map((d) => `${d.label}=${d.data.join('/')}`).join(';')} />
  ),
}));

const staff = { staffId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c09', username: 'sup', displayName: 'Wang Fang', role: 'supervisor' as const, languages: ['zh-CN' as const], topics: ['cards' as const] };
const head = { from: '2026-11-05', to: '2026-12-04', group: 'day' as const, timeZone: 'UTC' };
const tickets = { issued: 120, vip: 9, served: 100, noShow: 6, abandonmentRate: 0.0566, waitAvgMs: 300_000, waitP50Ms: 240_000, waitP90Ms: 600_000, serviceP50Ms: 180_000, serviceP90Ms: 420_000 };
const calls = { requests: 10, answered: 8, abandoned: 2, abandonmentRate: 0.2, answerP50Ms: 25_000, answerP90Ms: 90_000, slaBreaches: 1, firstContactRate: 0.875 };
const feedback = { responses: 20, promoters: 10, passives: 6, detractors: 4, nps: 30, satisfaction: 8.1 };
const followUps = { opened: 4, open: 2, overdue: 1, closed: 2 };
const RESPONSES: Record<ViewName, AnalyticsResponse> = {
  tickets: { view: 'tickets', ...head, series: [{ period: '2026-12-03', ...tickets }], byKey: [{ key: 'cash', ...tickets }], total: tickets },
  journeys: { view: 'journeys', ...head, series: [{ period: '2026-12-03', count: 7 }], byKey: [{ key: 'bill.payment', count: 7 }], total: { count: 7 } },
  calls: { view: 'calls', ...head, series: [{ period: '2026-12-03', ...calls }], byKey: [{ key: 'cards', ...calls }], total: calls },
  feedback: { view: 'feedback', ...head, series: [{ period: '2026-12-03', ...feedback }], byKey: [{ key: 'cash', ...feedback }], total: feedback },
  'follow-ups': { view: 'follow-ups', ...head, series: [], byKey: [], total: followUps },
};

const requests: string[] = [];
let status = 200;

function fakeHub(input: string): Promise<Response> {
  requests.push(input);
  if (status !== 200) return Promise.resolve(new Response('{"code":"FORBIDDEN","message":"no"}', { status }));
  const view = /^\/v1\/staff\/analytics\/([a-z-]+)(\/csv)?/.exec(input);
  if (!view) return Promise.resolve(new Response('', { status: 404 }));
  if (view[2]) return Promise.resolve(new Response('\uFEFFperiod,count\r\n', { status: 200, headers: { 'content-type': 'text/csv' } }));
  return Promise.resolve(new Response(JSON.stringify(RESPONSES[view[1] as ViewName]), { status: 200, headers: { 'content-type': 'application/json' } }));
}

beforeEach(() => {
  requests.length = 0;
  status = 200;
  vi.stubGlobal('fetch', vi.fn(fakeHub));
  URL.createObjectURL = vi.fn(() => 'blob:analytics');
  URL.revokeObjectURL = vi.fn();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const renderView = (locale: ConsoleLocale) => renderConsoleView(<AnalyticsView />, locale, staff);

describe('Analytics tab', () => {
  it('shows every view as a chart with a summary and tables (English)', async () => {
    renderView('en');
    const panel = await screen.findByTestId('analytics-panel-tickets');
    expect(within(panel).getByRole('heading', { name: 'Branch queue: tickets, waits and service times' })).toBeTruthy();
    expect(screen.getByTestId('analytics-summary-tickets').textContent).toBe('120 tickets issued, 100 served, 6 no-shows; wait p50 4 min, p90 10 min; service p50 3 min.');
    const chart = await within(panel).findByRole('img', { name: 'Branch queue: tickets, waits and service times' });
    // Waits are charted in minutes on the right-hand axis.
    expect(chart.getAttribute('data-series')).toBe('Issued=120;Served=100;No-show=6;Wait p50=4;Wait p90=10');
    expect(screen.getByTestId('analytics-summary-calls').textContent).toContain('answer p50 25 s, p90 90 s; 1 SLA breaches; first-contact resolution 87.5%');
    expect(screen.getByTestId('analytics-summary-feedback').textContent).toBe('20 answers, NPS 30, mean score 8.1 of 10.');
    expect(within(screen.getByTestId('analytics-panel-follow-ups')).getByText('No data in this range.')).toBeTruthy();
    expect(within(screen.getByTestId('analytics-panel-journeys')).getAllByRole('cell', { name: '7' })).toHaveLength(2);
    expect(within(panel).getByRole('table', { name: 'Branch queue: tickets, waits and service times · By service' })).toBeTruthy();
    expect(requests.filter((r) => r.startsWith('/v1/staff/analytics/')).sort()).toEqual([
      '/v1/staff/analytics/calls',
      '/v1/staff/analytics/feedback',
      '/v1/staff/analytics/follow-ups',
      '/v1/staff/analytics/journeys',
      '/v1/staff/analytics/tickets',
    ]);
  });

  it('in Chinese, sends the filters, refreshes and downloads a view as CSV', async () => {
    const user = userEvent.setup();
    renderView('zh-CN');
    expect((await screen.findByTestId('analytics-summary-feedback')).textContent).toBe('评价 20 条，净推荐值 30，平均 8.1 分（满分 10）。');
    expect(screen.getByRole('heading', { name: '服务数据分析' })).toBeTruthy();

    await user.type(screen.getByLabelText('网点'), 'BR0007');
    await user.selectOptions(screen.getByLabelText('统计周期'), 'week');
    requests.length = 0;
    await user.click(screen.getByRole('button', { name: '应用' }));
    await waitFor(() => expect(requests).toContain('/v1/staff/analytics/tickets?branchId=BR0007&group=week'));

    requests.length = 0;
    await user.click(screen.getByRole('button', { name: '刷新' }));
    await waitFor(() => expect(requests).toHaveLength(5));

    requests.length = 0;
    await user.click(screen.getByRole('button', { name: '下载 CSV: 视频通话：接通时长与服务水平' }));
    await waitFor(() => expect(requests).toEqual(['/v1/staff/analytics/calls/csv?branchId=BR0007&group=week']));
    expect(URL.createObjectURL).toHaveBeenCalledTimes(1);
  });

  it('tells a refused user who may see analytics', async () => {
    status = 403;
    renderView('en');
    expect((await screen.findByTestId('analytics-error')).textContent).toBe('Analytics are for supervisors and admins.');
    expect(screen.queryByTestId('analytics-panel-tickets')).toBeNull();
  });
});
