// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderKiosk, resetDocument } from '../testing/render-kiosk.js';

// fakeInfo: idleTimeoutMs 60 s, idleWarningMs 15 s → prompt after 45 s of no input.
beforeEach(() => {
  // shouldAdvanceTime keeps promise-driven UI (findBy*) working while we jump the clock.
  vi.useFakeTimers({ shouldAdvanceTime: true });
});
afterEach(() => {
  cleanup();
  resetDocument();
  vi.useRealTimers();
});

async function startInEnglishLargeText() {
  const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
  const view = renderKiosk();
  await user.click(await screen.findByTestId('attract'));
  await user.click(screen.getByTestId('language-en'));
  await user.click(screen.getByTestId('elder-toggle'));
  await user.click(screen.getByTestId('tile-queue'));
  await screen.findByTestId('service-cash');
  return { user, ...view };
}

describe('idle timeout', () => {
  it('asks "need more time?" after the quiet period, with a countdown', async () => {
    await startInEnglishLargeText();
    act(() => vi.advanceTimersByTime(44_000));
    expect(screen.queryByTestId('idle-modal')).toBeNull();
    act(() => vi.advanceTimersByTime(1_500));
    expect(screen.getByRole('alertdialog', { name: 'Need more time?' })).toBeTruthy();
    expect(screen.getByTestId('idle-countdown').textContent).toContain('15 seconds');
    act(() => vi.advanceTimersByTime(5_000));
    expect(screen.getByTestId('idle-countdown').textContent).toContain('10 seconds');
  });

  it('Continue keeps the session where it was', async () => {
    const { user, host } = await startInEnglishLargeText();
    act(() => vi.advanceTimersByTime(50_000));
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(screen.queryByTestId('idle-modal')).toBeNull();
    act(() => vi.advanceTimersByTime(30_000));
    expect(screen.queryByTestId('idle-modal')).toBeNull();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Choose a service');
    expect(host.callsTo('session.ended')).toEqual([]);
  });

  it('touching the screen restarts the quiet period', async () => {
    const { user } = await startInEnglishLargeText();
    act(() => vi.advanceTimersByTime(40_000));
    await user.click(screen.getByRole('heading', { level: 1 }));
    act(() => vi.advanceTimersByTime(40_000));
    expect(screen.queryByTestId('idle-modal')).toBeNull();
  });

  it('on timeout ends the session, wipes language and large text, and returns to Attract', async () => {
    const { host } = await startInEnglishLargeText();
    expect(document.documentElement.hasAttribute('data-elder')).toBe(true);
    expect(document.documentElement.lang).toBe('en');

    // Two steps, as real time passes: the prompt renders, then its countdown runs out.
    act(() => vi.advanceTimersByTime(45_500));
    expect(screen.getByTestId('idle-modal')).toBeTruthy();
    act(() => vi.advanceTimersByTime(15_000));
    expect(screen.getByTestId('attract')).toBeTruthy();
    expect(screen.queryByTestId('idle-modal')).toBeNull();
    expect(host.callsTo('session.ended')).toEqual([{ reason: 'idle' }]);
    expect(document.documentElement.hasAttribute('data-elder')).toBe(false);
    expect(document.documentElement.lang).toBe('zh-CN');

    // The next customer starts clean: Chinese and the normal text size.
    await userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) }).click(screen.getByTestId('attract'));
    expect(screen.getByTestId('elder-toggle').getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByTestId('language-toggle').textContent).toBe('English');
  });

  it('never times out on Attract', async () => {
    const { host } = renderKiosk();
    await screen.findByTestId('attract');
    act(() => vi.advanceTimersByTime(10 * 60_000));
    expect(screen.queryByTestId('idle-modal')).toBeNull();
    expect(host.callsTo('session.ended')).toEqual([]);
  });
});
