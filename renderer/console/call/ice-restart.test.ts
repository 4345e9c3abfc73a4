import { afterEach, describe, expect, it, vi } from 'vitest';
import { IceRestartPolicy, StallDetector } from './ice-restart.js';

afterEach(() => {
  vi.useRealTimers();
});

function policy() {
  vi.useFakeTimers();
  const restart = vi.fn();
  const giveUp = vi.fn();
  const p = new IceRestartPolicy({ restart, giveUp, delayMs: 2500, retryMs: 5000, maxAttempts: 2 });
  return { p, restart, giveUp };
}

describe('ICE restart policy', () => {
  it('restarts 2.5 s after the browser reports disconnected, not before', () => {
    const { p, restart } = policy();
    p.onIceState('connected');
    p.onIceState('disconnected');
    vi.advanceTimersByTime(2400);
    expect(restart).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(restart).toHaveBeenCalledTimes(1);
    expect(p.restarts).toBe(1);
  });

  it('treats stalled media as a disconnect, and still re-offers once after it healed by itself', () => {
    const { p, restart } = policy();
    p.onMediaStalled(true);
    vi.advanceTimersByTime(1000);
    p.onMediaStalled(false);
    vi.advanceTimersByTime(1500);
    expect(restart).toHaveBeenCalledTimes(1);
    // Healed: no retries follow.
    vi.advanceTimersByTime(60_000);
    expect(restart).toHaveBeenCalledTimes(1);
  });

  it('retries while still down, then gives up after maxAttempts', () => {
    const { p, restart, giveUp } = policy();
    p.onIceState('disconnected');
    vi.advanceTimersByTime(2500 + 5000);
    expect(restart).toHaveBeenCalledTimes(2);
    expect(giveUp).not.toHaveBeenCalled();
    vi.advanceTimersByTime(5000);
    expect(giveUp).toHaveBeenCalledTimes(1);
  });

  it('restarts at once when nudged while down, never when healthy, and not after stop()', () => {
    const { p, restart } = policy();
    p.onIceState('connected');
    p.nudge();
    expect(restart).not.toHaveBeenCalled();
    p.onIceState('disconnected');
    p.nudge();
    expect(restart).toHaveBeenCalledTimes(1);
    p.stop();
    vi.advanceTimersByTime(60_000);
    expect(restart).toHaveBeenCalledTimes(1);
  });
});

describe('media stall detector', () => {
  it('declares a stall after a second without new packets, and the recovery', () => {
    const d = new StallDetector(1000);
    expect(d.feed(0, 0)).toBeNull();
    expect(d.feed(50, 250)).toBeNull();
    expect(d.feed(50, 1000)).toBeNull();
    expect(d.feed(50, 1250)).toBe('stalled');
    expect(d.feed(50, 1500)).toBeNull();
    expect(d.feed(60, 1750)).toBe('flowing');
  });

  it('never stalls a call that has no media at all', () => {
    const d = new StallDetector(1000);
    for (let t = 0; t < 10_000; t += 250) expect(d.feed(0, t)).toBeNull();
  });
});
