import { expect, it } from 'vitest';
import { FakeClock } from './testing/fake-clock.js';
import { KeyedLimiter, TokenBucket } from './token-bucket.js';

it('allows a burst of capacity, then the refill rate', () => {
  const clock = new FakeClock();
  const bucket = new TokenBucket({ capacity: 3, refillPerSec: 2 }, clock);
  expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  clock.advance(499);
  expect(bucket.take()).toBe(false);
  clock.advance(1);
  expect(bucket.take()).toBe(true);
  clock.advanceSec(60);
  expect(bucket.isFull()).toBe(true);
});

it('limits keys independently and forgets full buckets when crowded', () => {
  const clock = new FakeClock();
  const limiter = new KeyedLimiter({ capacity: 1, refillPerSec: 1 }, clock, 2);
  expect(limiter.take('a')).toBe(true);
  expect(limiter.take('a')).toBe(false);
  expect(limiter.take('b')).toBe(true);
  clock.advanceSec(2);
  expect(limiter.take('c')).toBe(true);
  expect(limiter.take('c')).toBe(false);
  expect(limiter.take('a')).toBe(true);
});
