// `npm run chaos -- --rounds N [--power-cuts SHARE] [--hubs H]`: the kill-restart chaos run at
// any size (SHARE of the kills are power cuts, default 0.5; 0 for kill -9 only). With
// --hubs H (H >= 2) the hub is H processes on one PostgreSQL and one NATS behind a
// round-robin proxy; each round also kill -9s one random instance and restarts it, while
// simulated calls (--calls, default 3) keep signaling across the kills. Prints one JSON line
// and exits 1 when anything acknowledged was lost, doubled, reordered, altered, forgotten or
// dead-lettered, or a call was dropped. BK_CHAOS_BREAK=skip-journal breaks the outbox's
// durability on purpose; BK_CHAOS_BREAK=late-calls has cut call parties come back only after
// the hub's grace period (2 s), so every call a kill cuts must count as dropped. PostgreSQL (and NATS for --hubs) are provided as for `npm test`
// (scripts/test-postgres.mjs, scripts/test-nats.mjs): HUB_TEST_DATABASE_URL /
// HUB_TEST_NATS_URL, else the local servers, else throwaway ones when run as root.
import { ensureTestNats } from '../../scripts/test-nats.mjs';
import { ensureTestPostgres } from '../../scripts/test-postgres.mjs';

const arg = (name: string, fallback: number, valid: (n: number) => boolean) => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!valid(value)) throw new Error(`--${name}: ${process.argv[i + 1]} is out of range`);
  return value;
};

const rounds = arg('rounds', 50, (n) => Number.isInteger(n) && n >= 1);
const powerCutShare = arg('power-cuts', 0.5, (n) => n >= 0 && n <= 1);
const hubs = arg('hubs', 1, (n) => Number.isInteger(n) && n >= 1 && n <= 16);
const calls = arg('calls', 3, (n) => Number.isInteger(n) && n >= 1 && n <= 50);
const log = (line: string) => process.stderr.write(`${line}\n`);

const postgres = await ensureTestPostgres({ log });
if (!postgres) process.exit(1);
process.env.HUB_TEST_DATABASE_URL = postgres.url;
const nats = hubs >= 2 ? await ensureTestNats({ log }) : null;
if (hubs >= 2 && !nats) {
  postgres.stop();
  process.exit(1);
}
if (nats) process.env.HUB_TEST_NATS_URL = nats.url;

// Imported once the URLs are known: the test database helpers read them at load.
const { runChaos } = await import('./chaos-runner.node.js');
const { chaosFailed } = await import('./chaos-verify.js');
const started = Date.now();
let code = 1;
try {
  const report = await runChaos({
    rounds,
    powerCutShare,
    hubs,
    calls,
    log,
    ...(process.env.BK_CHAOS_BREAK === 'late-calls' ? { graceSec: 2, callReconnectDelayMs: 4_000 } : {}),
    ...(process.env.BK_CHAOS_BREAK && process.env.BK_CHAOS_BREAK !== 'late-calls' ? { childEnv: { BK_CHAOS_BREAK: process.env.BK_CHAOS_BREAK } } : {}),
    onRound: (r) => (r % 25 === 0 || (hubs >= 2 && r % 5 === 0)) && log(`chaos: ${r}/${rounds} rounds (${Math.round((Date.now() - started) / 1000)} s)`),
  });
  console.log(JSON.stringify(report));
  code = chaosFailed(report) ? 1 : 0;
} finally {
  nats?.stop();
  postgres.stop();
}
process.exit(code);
