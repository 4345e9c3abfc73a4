// `npm run bench [-- name…]`: runs the benchmarks and prints each result. Exits non-zero only
// when a benchmark fails to run, never because a target was missed.
import type { BenchResult } from './result.js';

// A benchmark may write more than one result (drain-vs-pouchdb also reports the host's RSS).
const benches: Record<string, () => Promise<BenchResult | BenchResult[]>> = {
  'enqueue-durable': async () => (await import('./enqueue-durable.bench.js')).run(),
  'enqueue-group': async () => (await import('./enqueue-group.bench.js')).run(),
  'drain-vs-pouchdb': async () => (await import('./drain-vs-pouchdb.bench.js')).run(),
  'signaling-capacity': async () => (await import('./signaling-capacity.bench.js')).run(),
  'hub-capacity': async () => (await import('./hub-capacity.bench.js')).run(),
  'help-to-frame': async () => (await import('./help-to-frame.bench.js')).run(),
  'swipe-latency': async () => (await import('./devices/swipe-latency.bench.js')).run(),
  'print-throughput': async () => (await import('./devices/print-throughput.bench.js')).run(),
  'cold-start': async () => (await import('./host/cold-start.bench.js')).run(),
  'idle-rss': async () => (await import('./host/idle-rss.bench.js')).run(),
  'journey-latency': async () => (await import('./journey-latency.bench.js')).run(),
  fleet: async () => (await import('./fleet.bench.js')).run(),
  analytics: async () => (await import('./analytics.bench.js')).run(),
  'face-verify': async () => (await import('./face-verify.bench.js')).run(),
};

// Options may take a value as `--scale=0.02` or `--scale 0.02`; a value is not a benchmark name.
const VALUE_OPTIONS = new Set(['--scale']);
const wanted = process.argv.slice(2).filter((a, i, all) => !a.startsWith('-') && !VALUE_OPTIONS.has(all[i - 1] ?? ''));
const unknown = wanted.filter((n) => !(n in benches));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const name of wanted.length > 0 ? wanted : Object.keys(benches)) {
  try {
    const results = await benches[name]!();
    for (const r of Array.isArray(results) ? results : [results]) {
      console.log(`${r.name}: ${r.value} ${r.metric} vs ${r.baseline.name} ${r.baseline.value} → ratio ${r.ratio} (target ${r.target})`);
    }
  } catch (err) {
    failed++;
    console.error(`${name} failed to run:`, err);
  }
}
process.exit(failed > 0 ? 1 : 0);
