// Figures of the journey-latency benchmark: samples per step of the bill-payment journey,
// p50/p95 per step and over all taps, and the result in the shape of DESIGN.md §8. Pure, so
// the unit test checks the arithmetic without a browser.
import { percentile, type BenchInput } from '../result.js';

/** A tap on the screen, or a device event (card swipe, PIN pad Enter) the customer makes instead. */
export type StepKind = 'tap' | 'device';

export interface StepSample {
  step: string;
  kind: StepKind;
  ms: number;
}

export interface Spread {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface StepSummary extends Spread {
  step: string;
  kind: StepKind;
}

export interface JourneySummary {
  /** In the journey's order (first seen first). */
  steps: StepSummary[];
  /** Every tap step's samples together: what `value` is taken from. */
  taps: Spread;
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

/** p50/p95/p99/max of a set of durations, rounded to 0.1 ms; throws on an empty set or a sample that is not a finite duration. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('no samples');
  const bad = values.find((v) => !Number.isFinite(v) || v < 0);
  if (bad !== undefined) throw new Error(`not a duration: ${bad}`);
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => round1(percentile(sorted, p) ?? Number.NaN);
  return { samples: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: round1(sorted[sorted.length - 1] ?? Number.NaN) };
}

export function summarise(samples: readonly StepSample[]): JourneySummary {
  const byStep = new Map<string, { kind: StepKind; values: number[] }>();
  for (const sample of samples) {
    const entry = byStep.get(sample.step) ?? { kind: sample.kind, values: [] };
    if (entry.kind !== sample.kind) throw new Error(`step ${sample.step} is both a tap and a device step`);
    entry.values.push(sample.ms);
    byStep.set(sample.step, entry);
  }
  const steps = [...byStep].map(([step, { kind, values }]) => ({ step, kind, ...spread(values) }));
  return { steps, taps: spread(samples.filter((s) => s.kind === 'tap').map((s) => s.ms)) };
}

export const JOURNEY_LATENCY = 'journey-latency';

/** value = p95 of every tap → next screen painted; baseline = p95 of an empty React page's route change, same run. */
export function journeyResult(summary: JourneySummary, baseline: Spread): BenchInput {
  const tapSteps = summary.steps.filter((s) => s.kind === 'tap').map((s) => s.step);
  return {
    name: JOURNEY_LATENCY,
    metric: `ms from a tap to the next screen painted, p95 over the bill-payment journey's taps (${tapSteps.join(', ')}), devices simulated, real host and hub (p50 ${summary.taps.p50} ms)`,
    value: summary.taps.p95,
    unit: 'ms',
    baseline: { name: `route change of an empty React page on 127.0.0.1, tap to painted, p95 (p50 ${baseline.p50} ms)`, value: baseline.p95 },
    target: 'value <= 100 ms; ratio lower is better',
    samples: summary.taps.samples,
    p50: summary.taps.p50,
    p99: summary.taps.p99,
  };
}

/** The per-step table printed after a run. */
export function stepTable(summary: JourneySummary, baseline: Spread): string[] {
  const line = (name: string, s: Spread) => `  ${name.padEnd(34)} n=${String(s.samples).padStart(3)}  p50 ${s.p50.toFixed(1).padStart(7)} ms  p95 ${s.p95.toFixed(1).padStart(7)} ms  max ${s.max.toFixed(1).padStart(7)} ms`;
  return [
    ...summary.steps.map((s) => line(`${s.step}${s.kind === 'device' ? ' (device)' : ''}`, s)),
    line('all taps', summary.taps),
    line('baseline: empty React route change', baseline),
  ];
}
