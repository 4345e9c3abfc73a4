import { expect, it } from 'vitest';
import { HandleTimeAverage, estimateWaitSec } from './wait-estimate.js';

const base = { freeExperts: 0, busyExperts: 2, avgHandleSec: 200, answerSec: 10 };

it('promises a quick answer while free experts outnumber the people ahead', () => {
  expect(estimateWaitSec({ ...base, position: 2, freeExperts: 2 })).toBe(10);
});

it('adds half a call per round of busy experts, then a full call per further round', () => {
  expect(estimateWaitSec({ ...base, position: 1 })).toBe(110);
  expect(estimateWaitSec({ ...base, position: 3 })).toBe(310);
  expect(estimateWaitSec({ ...base, position: 3, freeExperts: 1, busyExperts: 1 })).toBe(110);
});

it('has no number when no expert is free or in a call (nobody signed in, everybody away)', () => {
  expect(estimateWaitSec({ ...base, busyExperts: 0, position: 1 })).toBeNull();
  expect(estimateWaitSec({ ...base, busyExperts: 0, position: 4 })).toBeNull();
});

it('follows talk times with an exponential average and ignores nonsense', () => {
  const average = new HandleTimeAverage(100, 0.5);
  average.record(200);
  expect(average.sec).toBe(150);
  average.record(Number.NaN);
  average.record(-5);
  expect(average.sec).toBe(150);
});
