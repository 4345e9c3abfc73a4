import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_SEC, estimateWaitSec, typicalServiceSec } from './wait-estimate.js';

describe('estimated wait', () => {
  it('is null when no counter is open for the service', () => {
    expect(estimateWaitSec({ ahead: 0, openCounters: 0, freeCounters: 0, serviceSec: 300 })).toBeNull();
  });

  it('is zero for a ticket a free counter can call now', () => {
    expect(estimateWaitSec({ ahead: 1, openCounters: 3, freeCounters: 2, serviceSec: 300 })).toBe(0);
  });

  it('counts rounds of half a service past the free counters', () => {
    // Two busy counters, nobody free: the first two wait half a service, the next two one and a half.
    expect(estimateWaitSec({ ahead: 0, openCounters: 2, freeCounters: 0, serviceSec: 300 })).toBe(150);
    expect(estimateWaitSec({ ahead: 1, openCounters: 2, freeCounters: 0, serviceSec: 300 })).toBe(150);
    expect(estimateWaitSec({ ahead: 2, openCounters: 2, freeCounters: 0, serviceSec: 300 })).toBe(450);
  });

  it('property: never shrinks with more tickets ahead, never grows with more counters open', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 3600 }), (ahead, open, free, serviceSec) => {
        const freeNow = Math.min(free, open);
        const base = estimateWaitSec({ ahead, openCounters: open, freeCounters: freeNow, serviceSec })!;
        expect(base).toBeGreaterThanOrEqual(0);
        expect(estimateWaitSec({ ahead: ahead + 1, openCounters: open, freeCounters: freeNow, serviceSec })!).toBeGreaterThanOrEqual(base);
        expect(estimateWaitSec({ ahead, openCounters: open + 1, freeCounters: freeNow, serviceSec })!).toBeLessThanOrEqual(base);
      }),
    );
  });

  it('takes the median of recent service times, and the default without history', () => {
    expect(typicalServiceSec([])).toBe(DEFAULT_SERVICE_SEC);
    expect(typicalServiceSec([60_000, 3_600_000, 120_000])).toBe(120);
    expect(typicalServiceSec([60_000, 120_000, 180_000, 240_000])).toBe(150);
    expect(typicalServiceSec([Number.NaN, -5], 90)).toBe(90);
  });
});
