import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock.js';
import { LoginBackoff } from './login-backoff.js';

const options = { freeFailures: 2, baseDelaySec: 1, maxDelaySec: 8, forgetAfterSec: 60 };

describe('LoginBackoff', () => {
  it('lets the free failures through, then doubles the wait up to the cap', () => {
    const clock = new FakeClock();
    const backoff = new LoginBackoff(options, clock);
    const outcomes: (number | 'ok')[] = [];
    for (let i = 0; i < 12; i++) {
      const verdict = backoff.attempt('k');
      outcomes.push(verdict.ok ? 'ok' : verdict.retryAfterSec);
      if (!verdict.ok) clock.advanceSec(verdict.retryAfterSec);
    }
    // two free failures, then each attempt waits 1, 2, 4, 8, 8 … seconds before the next
    expect(outcomes).toEqual(['ok', 'ok', 1, 'ok', 2, 'ok', 4, 'ok', 8, 'ok', 8, 'ok']);
  });

  it('keeps keys apart, forgets a key on success, and after a quiet while', () => {
    const clock = new FakeClock();
    const backoff = new LoginBackoff(options, clock);
    for (let i = 0; i < 2; i++) backoff.attempt('a');
    expect(backoff.attempt('a').ok).toBe(false);
    expect(backoff.attempt('b').ok).toBe(true);
    backoff.succeeded('b');
    clock.advanceSec(61);
    for (let i = 0; i < 2; i++) expect(backoff.attempt('a').ok).toBe(true);
  });

  it('holds at most maxKeys keys under a flood of fresh ones', () => {
    const clock = new FakeClock();
    const backoff = new LoginBackoff(options, clock, 100);
    for (let i = 0; i < 1000; i++) backoff.attempt(`k${i}`);
    expect((backoff as unknown as { entries: Map<string, unknown> }).entries.size).toBeLessThanOrEqual(100);
  });
});
