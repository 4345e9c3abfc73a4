// The duration histograms: bucket edges as the SQL side draws them, and percentiles that stay
// within the stated precision of the exact value for any set of durations.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addHistograms, bucketLowerMs, bucketOf, bucketUpperMs, HISTOGRAM_BUCKETS, percentileMs } from './histogram.js';

const histogramOf = (durations: readonly number[]) => {
  const h = new Array<number>(HISTOGRAM_BUCKETS).fill(0);
  for (const d of durations) h[bucketOf(d) - 1]! += 1;
  return h;
};
const exact = (durations: readonly number[], q: number) => [...durations].sort((a, b) => a - b)[Math.max(0, Math.ceil(q * durations.length) - 1)]!;

describe('duration histograms', () => {
  it('puts a duration in the bucket whose edges hold it', () => {
    expect(bucketOf(0)).toBe(1);
    expect(bucketOf(4999)).toBe(1);
    expect(bucketOf(5000)).toBe(2);
    expect(bucketOf(6249)).toBe(2);
    expect(bucketOf(6251)).toBe(3);
    expect(bucketOf(10 * 3600_000)).toBe(HISTOGRAM_BUCKETS);
    for (let i = 2; i < HISTOGRAM_BUCKETS; i += 1) expect(bucketUpperMs(i) / bucketLowerMs(i)).toBeCloseTo(1.25, 10);
    expect(Math.round(bucketLowerMs(HISTOGRAM_BUCKETS) / 1000)).toBe(4039);
  });

  it('adds histograms bucket by bucket and has no percentile without samples', () => {
    expect(addHistograms(histogramOf([1000, 60_000]), histogramOf([60_000]))[bucketOf(60_000) - 1]).toBe(2);
    expect(percentileMs(new Array<number>(HISTOGRAM_BUCKETS).fill(0), 0.5)).toBeNull();
  });

  it('p50 and p90 are within one bucket (25 %, or 5 s below 5 s) of the exact value', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3600_000 }), { minLength: 1, maxLength: 300 }), fc.constantFrom(0.5, 0.9), (durations, q) => {
        const estimate = percentileMs(histogramOf(durations), q)!;
        const truth = exact(durations, q);
        const bucket = bucketOf(truth);
        expect(estimate).toBeGreaterThanOrEqual(Math.floor(bucketLowerMs(bucket)));
        expect(estimate).toBeLessThanOrEqual(Math.ceil(bucketUpperMs(bucket)));
      }),
      { numRuns: 300 },
    );
  });
});
