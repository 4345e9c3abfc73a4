// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderKiosk, resetDocument } from '../testing/render-kiosk.js';
import { announcedSeconds } from './screens/IdleModal.js';

// fakeInfo mirrors the host defaults: idleTimeoutMs 75 s, idleWarningMs 30 s → the prompt
// after 45 s of no input, then 30 s to answer (≥ 20 s, WCAG 2.2.1); elder mode doubles both.
beforeEach(() => {
  // shouldAdvanceTime keeps promise-driven UI (findBy*) working while we jump the clock.
  vi.useFakeTimers({ shouldAdvanceTime: true });
});
afterEach(() => {
  cleanup();
  resetDocument();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

async function startInEnglish({ largeText = false } = {}) {
  const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
  const view = renderKiosk();
  await user.click(await screen.findByTestId('attract'));
  await user.click(screen.getByTestId('language-en'));
  if (largeText) await user.click(screen.getByTestId('elder-toggle'));
  await user.click(screen.getByTestId('tile-queue'));
  await screen.findByTestId('service-cash');
  return { user, ...view };
}

/** Counts Web Audio tones and captures speech, the way the prompt reaches a customer who looked away. */
function stubSoundAndSpeech() {
  const tones: number[] = [];
  const spoken: string[] = [];
  class FakeAudio {
    currentTime = 0;
    destination = {};
    createGain = () => ({ gain: { value: 1 }, connect: () => undefined });
    createOscillator = () => ({ frequency: { value: 0 }, connect: () => undefined, start: () => tones.push(1), stop: () => undefined });
    close = () => Promise.resolve();
  }
  class Utterance {
    lang = '';
    constructor(readonly text: string) {}
  }
  vi.stubGlobal('AudioContext', FakeAudio);
  vi.stubGlobal('SpeechSynthesisUtterance', Utterance);
  vi.stubGlobal('speechSynthesis', { cancel: () => undefined, speak: (u: Utterance) => spoken.push(u.text), getVoices: () => [{ lang: 'en-US' }, { lang: 'zh-CN' }] });
  return { tones, spoken };
}

describe('idle timeout', () => {
  it('asks "need more time?" after 45 s, with a 30 s countdown', async () => {
    await startInEnglish();
    act(() => vi.advanceTimersByTime(44_000));
    expect(screen.queryByTestId('idle-modal')).toBeNull();
    act(() => vi.advanceTimersByTime(1_500));
    expect(screen.getByRole('alertdialog', { name: 'Need more time?' })).toBeTruthy();
    expect(screen.getByTestId('idle-countdown').textContent).toContain('30 seconds');
    act(() => vi.advanceTimersByTime(5_000));
    expect(screen.getByTestId('idle-countdown').textContent).toContain('25 seconds');
  });

  it('chimes and speaks the prompt when it opens, and announces the time left in a live region every 10 s', async () => {
    const { tones, spoken } = stubSoundAndSpeech();
    await startInEnglish();
    act(() => vi.advanceTimersByTime(45_500));
    expect(tones.length).toBeGreaterThanOrEqual(2);
    expect(spoken).toEqual(['Need more time? To protect your information, this kiosk will return to the start and clear your session in 30 seconds.']);
    const live = screen.getByTestId('idle-announcement');
    expect(live.getAttribute('aria-live')).toBe('polite');
    expect(live.textContent).toContain('30 seconds');
    act(() => vi.advanceTimersByTime(3_000));
    expect(live.textContent).toContain('30 seconds'); // not every second
    act(() => vi.advanceTimersByTime(8_000));
    expect(live.textContent).toContain('20 seconds');
    expect(spoken).toHaveLength(1); // spoken once per prompt, not per tick
    expect(screen.getByTestId('idle-modal').querySelector('[data-testid="read-aloud"]')).not.toBeNull();
  });

  it('announces 30, 20, 10 and then each of the last 5 seconds', () => {
    expect([30, 29, 21, 20, 11, 10, 6, 5, 4, 1].map(announcedSeconds)).toEqual([30, 30, 30, 20, 20, 10, 10, 5, 4, 1]);
  });

  it('gives twice the time in large-text mode: the prompt after 90 s, 60 s to answer', async () => {
    await startInEnglish({ largeText: true });
    act(() => vi.advanceTimersByTime(89_000));
    expect(screen.queryByTestId('idle-modal')).toBeNull();
    act(() => vi.advanceTimersByTime(1_500));
    expect(screen.getByTestId('idle-countdown').textContent).toContain('60 seconds');
  });

  it('Continue keeps the session where it was', async () => {
    const { user, host } = await startInEnglish();
    act(() => vi.advanceTimersByTime(50_000));
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(screen.queryByTestId('idle-modal')).toBeNull();
    act(() => vi.advanceTimersByTime(30_000));
    expect(screen.queryByTestId('idle-modal')).toBeNull();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Choose a service');
    expect(host.callsTo('session.ended')).toEqual([]);
  });

  it('touching the screen restarts the quiet period', async () => {
    const { user } = await startInEnglish();
    act(() => vi.advanceTimersByTime(40_000));
    await user.click(screen.getByRole('heading', { level: 1 }));
    act(() => vi.advanceTimersByTime(40_000));
    expect(screen.queryByTestId('idle-modal')).toBeNull();
  });

  it('on timeout ends the session, wipes language and large text, and returns to Attract', async () => {
    const { host } = await startInEnglish({ largeText: true });
    expect(document.documentElement.hasAttribute('data-elder')).toBe(true);
    expect(document.documentElement.lang).toBe('en');

    // Two steps, as real time passes: the prompt renders, then its countdown runs out.
    act(() => vi.advanceTimersByTime(90_500));
    expect(screen.getByTestId('idle-modal')).toBeTruthy();
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.getByTestId('attract')).toBeTruthy();
    expect(screen.queryByTestId('idle-modal')).toBeNull();
    expect(host.callsTo('session.ended')).toEqual([{ reason: 'idle' }]);
    expect(document.documentElement.hasAttribute('data-elder')).toBe(false);
    expect(document.documentElement.lang).toBe('zh-CN');

    // The next customer starts clean: Chinese and the normal text size.
    await userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) }).click(screen.getByTestId('attract'));
    expect(screen.getByTestId('elder-toggle').getAttribute('aria-pressed')).toBe('false');
  });

  it('never times out on Attract', async () => {
    const { host } = renderKiosk();
    await screen.findByTestId('attract');
    act(() => vi.advanceTimersByTime(10 * 60_000));
    expect(screen.queryByTestId('idle-modal')).toBeNull();
    expect(host.callsTo('session.ended')).toEqual([]);
  });
});
