// One view's series as a Chart.js chart (bars for volumes, lines for times and scores on a
// second axis). Only the parts used are registered, so the rest of Chart.js is not bundled;
// the console loads this tab lazily, so the kiosk page and the console's first paint never
// carry it. The canvas is an image with a label; the numbers are in the summary and table.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartData,
  type ChartOptions,
} from 'chart.js';
import { Chart } from 'react-chartjs-2';
import type { AnalyticsResponse } from '../../../protocol/analytics.js';
import { useT } from '../ConsoleContext.js';
import { CHARTS, metricValue } from './analytics-format.js';

ChartJS.register(BarController, LineController, BarElement, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

/** The console's own type (tokens.css), read once the page has it, so Chinese labels match the page. */
function tokenFont(): { family: string; size: number } {
  const style = getComputedStyle(document.documentElement);
  const family = style.getPropertyValue('--font-family').trim();
  return { family: family || 'sans-serif', size: 14 };
}

// Okabe–Ito: told apart with the common colour-vision deficiencies; lines also get dashes.
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9'];

export function AnalyticsChart({ response, describedBy }: { response: AnalyticsResponse; describedBy: string }) {
  const t = useT();
  const spec = CHARTS[response.view];
  const rows = response.series as unknown as Record<string, number | string | null>[];
  const data: ChartData<'bar' | 'line', (number | null)[], string> = {
    labels: response.series.map((row) => row.period),
    datasets: spec.series.map((s, i) => ({
      type: s.kind,
      label: t(`analytics.metrics.${s.metric}`),
      data: rows.map((row) => metricValue(spec, s, row[s.metric] ?? null)),
      yAxisID: s.axis,
      backgroundColor: PALETTE[i % PALETTE.length],
      borderColor: PALETTE[i % PALETTE.length],
      ...(s.kind === 'line' ? { borderDash: i % 2 === 0 ? [] : [6, 4], tension: 0.2, pointRadius: 2 } : {}),
    })),
  };
  const font = tokenFont();
  const options: ChartOptions<'bar' | 'line'> = {
    responsive: true,
    font,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    scales: {
      x: { ticks: { font } },
      // Counts are whole numbers: no 0.5 ticks on a quiet day.
      y: { beginAtZero: true, position: 'left', ticks: { precision: 0, font }, title: { display: true, text: t('analytics.axis.count'), font } },
      ...(spec.y1
        ? {
            y1: {
              position: 'right' as const,
              ...(spec.y1 === 'nps' ? { min: -100, max: 100 } : { beginAtZero: true }),
              grid: { drawOnChartArea: false },
              ticks: { font },
              title: { display: true, text: t(`analytics.axis.${spec.y1}`), font },
            },
          }
        : {}),
    },
    plugins: { legend: { position: 'bottom', labels: { font } }, tooltip: { titleFont: font, bodyFont: font } },
  };
  return (
    <div className="analytics-chart" data-testid={`analytics-chart-${response.view}`}>
      <Chart type="bar" data={data} options={options} role="img" aria-label={t(`analytics.views.${response.view}`)} aria-describedby={describedBy} />
    </div>
  );
}
