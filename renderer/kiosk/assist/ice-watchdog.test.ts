import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ICE_POLICY, IceWatchdog } from './ice-watchdog.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup() {
  const restart = vi.fn();
  const giveUp = vi.fn();
  return { restart, giveUp, dog: new IceWatchdog(DEFAULT_ICE_POLICY, { restart, giveUp }) };
}

describe('ICE watchdog', () => {
  it('restarts 2.5 s after disconnected, without waiting for failed', () => {
    const { restart, dog } = setup();
    dog.onState('connected');
    dog.onState('disconnected');
    vi.advanceTimersByTime(2_499);
    expect(restart).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(restart).toHaveBeenCalledWith(1);
    expect(DEFAULT_ICE_POLICY.restartAfterMs).toBeGreaterThanOrEqual(2_000);
    expect(DEFAULT_ICE_POLICY.restartAfterMs).toBeLessThanOrEqual(3_000);
  });

  it('does nothing when the link heals by itself within the grace', () => {
    const { restart, giveUp, dog } = setup();
    dog.onState('disconnected');
    vi.advanceTimersByTime(2_000);
    dog.onState('connected');
    vi.advanceTimersByTime(60_000);
    expect(restart).not.toHaveBeenCalled();
    expect(giveUp).not.toHaveBeenCalled();
  });

  it('a repeated disconnected does not push the restart back', () => {
    const { restart, dog } = setup();
    dog.onState('disconnected');
    vi.advanceTimersByTime(2_000);
    dog.onState('disconnected');
    vi.advanceTimersByTime(500);
    expect(restart).toHaveBeenCalledTimes(1);
  });

  it('retries until the attempts run out, then gives up', () => {
    const { restart, giveUp, dog } = setup();
    dog.onState('disconnected');
    vi.advanceTimersByTime(DEFAULT_ICE_POLICY.restartAfterMs + DEFAULT_ICE_POLICY.recoverWithinMs * 2);
    expect(restart.mock.calls.map((c) => c[0])).toEqual([1, 2, 3]);
    expect(giveUp).not.toHaveBeenCalled();
    vi.advanceTimersByTime(DEFAULT_ICE_POLICY.recoverWithinMs);
    expect(giveUp).toHaveBeenCalledOnce();
  });

  it('counts attempts afresh after a recovery, and stop() cancels everything', () => {
    const { restart, giveUp, dog } = setup();
    dog.onState('disconnected');
    vi.advanceTimersByTime(DEFAULT_ICE_POLICY.restartAfterMs);
    dog.onState('completed');
    expect(dog.attempts).toBe(0);
    dog.onState('failed');
    vi.advanceTimersByTime(DEFAULT_ICE_POLICY.restartAfterMs);
    expect(restart).toHaveBeenLastCalledWith(1);
    dog.stop();
    vi.advanceTimersByTime(120_000);
    expect(restart).toHaveBeenCalledTimes(2);
    expect(giveUp).not.toHaveBeenCalled();
  });
});
