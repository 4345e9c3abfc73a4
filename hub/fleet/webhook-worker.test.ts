import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './webhook-worker.js';

const config = { baseDelayMs: 1_000, maxDelayMs: 60_000 };

describe('retryDelayMs (exponential backoff, full jitter)', () => {
  it('the ceiling doubles per attempt up to the cap', () => {
    const top = (attempt: number) => retryDelayMs(attempt, config, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(top)).toEqual([999, 1999, 3999, 7999, 15999, 31999, 59999, 59999]);
  });

  it('jitter spreads delays over [floor, ceiling); never zero, so a failing receiver is not hammered', () => {
    expect(retryDelayMs(5, config, () => 0)).toBe(100);
    expect(retryDelayMs(5, config, () => 0.5)).toBe(8_000);
    const samples = Array.from({ length: 200 }, () => retryDelayMs(4, config, Math.random));
    expect(Math.max(...samples)).toBeLessThan(8_000);
    expect(new Set(samples).size).toBeGreaterThan(100);
  });
});
