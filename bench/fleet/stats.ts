// The fleet benchmark's figures: percentiles of latency samples, a process's CPU share.
import { percentile } from '../result.js';

export interface Summary {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

const round = (v: number | null) => (v === null ? null : Number(v.toFixed(1)));

/** Nearest-rank percentiles (bench/result.ts) of `samples`, in their unit, to 0.1. */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? null) };
}

/** process.cpuUsage() deltas (µs) over a wall-clock span (ms) as % of one core. */
export function cpuPercent(before: { user: number; system: number }, after: { user: number; system: number }, wallMs: number): number {
  if (wallMs <= 0) return 0;
  const usedMs = (after.user - before.user + after.system - before.system) / 1000;
  return Number(((usedMs / wallMs) * 100).toFixed(1));
}

export const fmt = (s: Summary): string => `p50 ${s.p50 ?? '—'} / p95 ${s.p95 ?? '—'} / p99 ${s.p99 ?? '—'} ms (n ${s.n})`;
