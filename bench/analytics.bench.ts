// Service analytics on a year of a 500-branch bank (~50 million rows from
// hub/analytics/generate.node.ts, generated once into its own schema and reused): every
// dashboard view under several filters (all branches / one branch / one kiosk / one counter /
// one service; 30 to 365 days; per day, week, month), each first on a fresh connection (cold:
// no cached plan or session state; the server's buffer cache is whatever earlier runs left)
// and then warm, 5 times. value = p95 ms over all those view requests; target ≤ 1000 ms.
// `npm run bench -- analytics --scale 0.02` runs on a smaller bank (branches × scale).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ANALYTICS_VIEWS, type AnalyticsQuery, type AnalyticsView } from '../protocol/analytics.js';
import { createAnalyticsService } from '../hub/analytics/analytics-service.js';
import { branchIdOf, generateAnalyticsData, kioskIdOf } from '../hub/analytics/generate.node.js';
import { openPostgres } from '../hub/storage/postgres.node.js';
import { percentile, writeResult, type BenchResult } from './result.js';

const WARM_RUNS = 5;
const TARGET_MS = 1000;
const DAY_MS = 86_400_000;

function scaleArg(): number {
  const args = process.argv;
  const at = args.indexOf('--scale');
  const given = args.find((a) => a.startsWith('--scale='))?.slice('--scale='.length) ?? (at >= 0 ? args[at + 1] : undefined) ?? process.env.ANALYTICS_BENCH_SCALE;
  const scale = given === undefined ? 1 : Number(given);
  if (!(scale > 0 && scale <= 1)) throw new Error('--scale must be above 0 and at most 1');
  return scale;
}

const dayBefore = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * DAY_MS).toISOString().slice(0, 10);

export async function run(): Promise<BenchResult> {
  const scale = scaleArg();
  const branches = Math.max(2, Math.round(500 * scale));
  const schema = scale === 1 ? 'analytics_bench' : `analytics_bench_${String(scale).replace('.', '_')}`;
  const connectionString = process.env.DATABASE_URL ?? process.env.HUB_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const generated = await generateAnalyticsData({ connectionString, schema, branches, days: 365, log: (line) => console.log(line) });
  const end = generated.endDay;
  // The hub's "now": noon of the day after the last generated one, so "last 30 days" has data.
  const now = Date.parse(`${end}T12:00:00Z`) + DAY_MS;
  const branch = Math.min(7, branches);
  const counterId = await (async () => {
    const db = await openPostgres({ connectionString, searchPath: schema, maxConnections: 1 });
    try {
      const { rows } = await db.query<{ counter_id: string }>('SELECT counter_id FROM branch_counters WHERE branch_id = $1 ORDER BY name LIMIT 1', [branchIdOf(branch)]);
      return rows[0]!.counter_id;
    } finally {
      await db.close();
    }
  })();
  const combos: [string, Partial<AnalyticsQuery>][] = [
    ['all branches, 30 days, per day', { to: end, group: 'day' }],
    ['all branches, 30 days, one service', { to: end, service: 'cash' }],
    ['all branches, 365 days, per month', { from: dayBefore(end, 364), to: end, group: 'month' }],
    ['one branch, 365 days, per day', { from: dayBefore(end, 364), to: end, branchId: branchIdOf(branch) }],
    ['one branch, 30 days, per week', { to: end, branchId: branchIdOf(branch), group: 'week' }],
    ['one kiosk, 90 days, per day', { from: dayBefore(end, 89), to: end, kioskId: kioskIdOf(branch, 1) }],
    ['one counter, 30 days, per day', { to: end, counterId }],
  ];

  const samples: number[] = [];
  const perView = new Map<AnalyticsView, { cold: number[]; warm: number[] }>(ANALYTICS_VIEWS.map((v) => [v, { cold: [], warm: [] }]));
  const perCombo: Record<string, { rows: Record<string, number>; coldMs: Record<string, number>; warmP50Ms: Record<string, number | null> }> = {};
  for (const [label, filters] of combos) {
    const query: AnalyticsQuery = { group: 'day', ...filters };
    const entry: (typeof perCombo)[string] = { rows: {}, coldMs: {}, warmP50Ms: {} };
    for (const view of ANALYTICS_VIEWS) {
      const db = await openPostgres({ connectionString, searchPath: schema, maxConnections: 1 });
      try {
        const analytics = createAnalyticsService(db, { now: () => now });
        const warm: number[] = [];
        for (let i = 0; i <= WARM_RUNS; i += 1) {
          const started = performance.now();
          const response = await analytics.view(view, query);
          const ms = performance.now() - started;
          samples.push(ms);
          if (i === 0) {
            perView.get(view)!.cold.push(ms);
            entry.coldMs[view] = Math.round(ms);
            entry.rows[view] = response.series.length;
          } else {
            perView.get(view)!.warm.push(ms);
            warm.push(ms);
          }
        }
        entry.warmP50Ms[view] = percentile(warm.sort((a, b) => a - b), 50);
      } finally {
        await db.close();
      }
    }
    perCombo[label] = entry;
    console.log(`  ${label}: cold ${JSON.stringify(entry.coldMs)} ms`);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
  const p95 = round(percentile(sorted, 95))!;
  const views = Object.fromEntries(
    [...perView].map(([view, { cold, warm }]) => {
      const c = [...cold].sort((a, b) => a - b);
      const w = [...warm].sort((a, b) => a - b);
      return [view, { coldP50Ms: round(percentile(c, 50)), coldP95Ms: round(percentile(c, 95)), warmP50Ms: round(percentile(w, 50)), warmP95Ms: round(percentile(w, 95)) }];
    }),
  );
  const dir = path.resolve('bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'analytics-detail.json'),
    JSON.stringify({ schema, scale, branches, days: 365, endDay: end, dataRows: generated.totalRows, rowsPerTable: generated.rows, generationSeconds: generated.seconds, views, combos: perCombo }, null, 2) + '\n',
  );
  console.log(`  data: ${generated.totalRows.toLocaleString('en')} rows, generated in ${generated.seconds} s${generated.generated ? '' : ' (earlier run)'}`);
  console.log(`  per view: ${JSON.stringify(views)}`);
  return writeResult({
    name: 'analytics',
    metric: 'p95 ms per dashboard view',
    value: p95,
    unit: 'ms',
    baseline: { name: 'target', value: TARGET_MS },
    target: '<=1 (p95 ≤ 1000 ms; lower is better)',
    samples: samples.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
  });
}
