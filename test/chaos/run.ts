// `npm run chaos -- --rounds N [--power-cuts SHARE]`: the kill-restart chaos run at any size
// (SHARE of the kills are power cuts, default 0.5; 0 for kill -9 only); prints one JSON line
// and exits 1 when anything acknowledged was lost, doubled, reordered, altered, forgotten or
// dead-lettered. BK_CHAOS_BREAK=skip-journal breaks the outbox's durability on purpose.
import { runChaos } from './chaos-runner.node.js';
import { chaosFailed } from './chaos-verify.js';

const arg = (name: string, fallback: number, valid: (n: number) => boolean) => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!valid(value)) throw new Error(`--${name}: ${process.argv[i + 1]} is out of range`);
  return value;
};

const rounds = arg('rounds', 50, (n) => Number.isInteger(n) && n >= 1);
const powerCutShare = arg('power-cuts', 0.5, (n) => n >= 0 && n <= 1);
const started = Date.now();
const report = await runChaos({
  rounds,
  powerCutShare,
  ...(process.env.BK_CHAOS_BREAK ? { childEnv: { BK_CHAOS_BREAK: process.env.BK_CHAOS_BREAK } } : {}),
  onRound: (r) => r % 25 === 0 && process.stderr.write(`chaos: ${r}/${rounds} rounds (${Math.round((Date.now() - started) / 1000)} s)\n`),
});
console.log(JSON.stringify(report));
process.exit(chaosFailed(report) ? 1 : 0);
