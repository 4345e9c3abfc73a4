// Benchmark results in the shape of DESIGN.md §8: a value, a baseline measured in the same
// run, and their ratio. Results are machine-specific and git-ignored.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BenchResult {
  name: string;
  metric: string;
  value: number;
  unit: string;
  baseline: { name: string; value: number };
  ratio: number;
  target: string;
  samples: number;
  p50: number | null;
  p99: number | null;
  node: string;
  cpus: number;
  at: string;
}

export type BenchInput = Omit<BenchResult, 'ratio' | 'node' | 'cpus' | 'at'>;

export function writeResult(input: BenchInput, dir = path.resolve('bench/results')): BenchResult {
  const result: BenchResult = {
    ...input,
    ratio: Number((input.value / input.baseline.value).toFixed(3)),
    node: process.version,
    cpus: os.cpus().length,
    at: new Date().toISOString(),
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${input.name}.json`), JSON.stringify(result, null, 2) + '\n');
  return result;
}

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? null;
}
