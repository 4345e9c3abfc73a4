// @vitest-environment jsdom
import { act, cleanup, fireEvent, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useIdleTimer } from './useIdleTimer.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function setup(enabled = true) {
  const onTimeout = vi.fn();
  const hook = renderHook((props: { enabled: boolean }) => useIdleTimer({ enabled: props.enabled, timeoutMs: 10_000, warningMs: 4_000, onTimeout }), {
    initialProps: { enabled },
  });
  return { onTimeout, hook };
}

describe('useIdleTimer', () => {
  it('warns after timeout − warning, counts down, then times out once', () => {
    const { onTimeout, hook } = setup();
    act(() => vi.advanceTimersByTime(5_999));
    expect(hook.result.current.warning).toBe(false);
    act(() => vi.advanceTimersByTime(1));
    expect(hook.result.current).toMatchObject({ warning: true, secondsLeft: 4 });
    act(() => vi.advanceTimersByTime(2_000));
    expect(hook.result.current.secondsLeft).toBe(2);
    act(() => vi.advanceTimersByTime(2_000));
    expect(onTimeout).toHaveBeenCalledOnce();
    expect(hook.result.current.warning).toBe(false);
  });

  it('input before the warning restarts the quiet period', () => {
    const { hook } = setup();
    act(() => vi.advanceTimersByTime(5_000));
    fireEvent.pointerDown(document.body);
    act(() => vi.advanceTimersByTime(5_000));
    expect(hook.result.current.warning).toBe(false);
    act(() => vi.advanceTimersByTime(1_000));
    expect(hook.result.current.warning).toBe(true);
  });

  it('a stray touch during the warning does not cancel it; keepAlive does', () => {
    const { onTimeout, hook } = setup();
    act(() => vi.advanceTimersByTime(6_000));
    fireEvent.pointerDown(document.body);
    expect(hook.result.current.warning).toBe(true);
    act(() => hook.result.current.keepAlive());
    expect(hook.result.current.warning).toBe(false);
    act(() => vi.advanceTimersByTime(5_000));
    expect(onTimeout).not.toHaveBeenCalled();
  });

  it('does nothing while disabled and drops a pending warning when disabled', () => {
    const { onTimeout, hook } = setup(false);
    act(() => vi.advanceTimersByTime(60_000));
    expect(hook.result.current.warning).toBe(false);
    hook.rerender({ enabled: true });
    act(() => vi.advanceTimersByTime(6_000));
    expect(hook.result.current.warning).toBe(true);
    hook.rerender({ enabled: false });
    act(() => vi.advanceTimersByTime(10_000));
    expect(hook.result.current.warning).toBe(false);
    expect(onTimeout).not.toHaveBeenCalled();
  });
});
