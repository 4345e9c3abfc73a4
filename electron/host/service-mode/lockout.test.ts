import { describe, expect, it } from 'vitest';
import { afterFailure, afterSuccess, attemptsLeft, initialLockout, lockedFor, type LockoutState } from './lockout.js';

const fail = (s: LockoutState, n: number, now: number): LockoutState => Array.from({ length: n }).reduce<LockoutState>((acc) => afterFailure(acc, now), s);

describe('technician sign-in lockout', () => {
  it('allows four wrong tries, locks on the fifth for one minute', () => {
    const four = fail(initialLockout, 4, 1_000);
    expect(lockedFor(four, 1_000)).toBe(0);
    expect(attemptsLeft(four)).toBe(1);
    const five = afterFailure(four, 1_000);
    expect(lockedFor(five, 1_000)).toBe(60_000);
    expect(lockedFor(five, 61_000)).toBe(0);
    expect(attemptsLeft(five)).toBe(5);
  });

  it('doubles the lock each time (backoff) up to an hour', () => {
    let s = initialLockout;
    const locks: number[] = [];
    let now = 0;
    for (let round = 0; round < 8; round++) {
      s = fail(s, 5, now);
      locks.push(lockedFor(s, now));
      now += lockedFor(s, now);
    }
    expect(locks).toEqual([60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000]);
  });

  it('a success clears failures and lockouts and remembers the TOTP step', () => {
    const s = afterSuccess(fail(fail(initialLockout, 5, 0), 3, 70_000), 42);
    expect(s).toEqual({ failures: 0, lockouts: 0, lockedUntil: null, lastTotpStep: 42 });
    expect(lockedFor(fail(s, 5, 0), 0)).toBe(60_000);
  });
});
