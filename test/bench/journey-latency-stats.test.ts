// The journey-latency benchmark's arithmetic (bench/journey-latency/stats.ts): percentiles per
// step and over the taps only, the result's value, baseline and target, and refusals of
// samples that cannot be durations.
import { describe, expect, it } from 'vitest';
import { journeyResult, spread, stepTable, summarise, type StepSample } from '../../bench/journey-latency/stats.js';

const ms = (step: string, kind: StepSample['kind'], values: number[]): StepSample[] => values.map((v) => ({ step, kind, ms: v }));

describe('journey-latency statistics', () => {
  it('takes p50/p95/p99/max of 1..100 ms by the nearest rank, rounded to 0.1 ms', () => {
    expect(spread(Array.from({ length: 100 }, (_, i) => 100 - i + 0.04))).toEqual({ samples: 100, p50: 51, p95: 96, p99: 100, max: 100 });
  });

  it('summarises per step in journey order and over the taps only: a slow device step does not move the value', () => {
    const samples = [
      ...ms('home → bill entry', 'tap', [10, 20, 30, 40]),
      ...ms('card swipe → PIN', 'device', [900, 950, 1000, 1100]),
      ...ms('confirm → result', 'tap', [50, 60, 70, 80]),
    ];
    const summary = summarise(samples);
    expect(summary.steps.map((s) => [s.step, s.kind, s.samples, s.p50, s.p95])).toEqual([
      ['home → bill entry', 'tap', 4, 30, 40],
      ['card swipe → PIN', 'device', 4, 1000, 1100],
      ['confirm → result', 'tap', 4, 70, 80],
    ]);
    expect(summary.taps).toEqual({ samples: 8, p50: 50, p95: 80, p99: 80, max: 80 });

    const result = journeyResult(summary, spread([8, 9, 10, 16]));
    expect(result).toMatchObject({ name: 'journey-latency', value: 80, unit: 'ms', samples: 8, p50: 50, p99: 80, baseline: { value: 16 } });
    expect(result.metric).toContain('home → bill entry, confirm → result');
    expect(result.metric).not.toContain('card swipe');
    expect(result.target).toContain('<= 100');
    expect(stepTable(summary, spread([8, 9, 10, 16])).at(-1)).toMatch(/baseline.*p95 +16\.0 ms/);
  });

  it('refuses what cannot be a duration, and a step that is both a tap and a device step', () => {
    expect(() => spread([])).toThrow('no samples');
    expect(() => spread([1, Number.NaN])).toThrow('not a duration');
    expect(() => spread([1, -2])).toThrow('not a duration');
    expect(() => summarise([...ms('x', 'tap', [1]), ...ms('x', 'device', [2])])).toThrow('both');
  });
});
