// `npm run chaos -- --rounds N`: the kill-restart chaos run at any size; prints one JSON line
// and exits 1 when anything acknowledged was lost, doubled or reordered.
import { runChaos } from './chaos-runner.node.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
};

const rounds = arg('rounds', 50);
const started = Date.now();
const report = await runChaos({ rounds, onRound: (r) => r % 25 === 0 && process.stderr.write(`chaos: ${r}/${rounds} rounds (${Math.round((Date.now() - started) / 1000)} s)\n`) });
console.log(JSON.stringify(report));
process.exit(report.lost + report.duplicated + report.outOfOrder === 0 && report.acknowledged > 0 ? 0 : 1);
