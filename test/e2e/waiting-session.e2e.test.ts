// Issue 12 #1 and #9 in Chromium against the real host and hub: waiting for an expert is part
// of the customer's session. The idle prompt comes while waiting — with a chime, the question
// spoken and a polite live region — and its timeout ends the help request with the session; a
// freshly opened page never shows (or keeps) the request an earlier page left in the host.
// Short idle timings here (prompt after 5 s, 5 s to answer); the real defaults (45 s + 30 s,
// doubled in large text) are checked in electron/host/config.test.ts and the page's unit tests.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, onDiagonal, SCREENSHOTS, type Stack, startStack } from './stack.js';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  stack = await startStack({ kioskId: 'K13', ui: { idleTimeoutMs: 10_000, idleWarningMs: 5_000 } });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** Web Audio tones and speech, recorded in window.__sound (no sound device in CI). */
const SOUND_STUB = () => {
  const sound = { tones: 0, spoken: [] as string[] };
  (window as unknown as { __sound: typeof sound }).__sound = sound;
  class FakeAudio {
    currentTime = 0;
    destination = {};
    createGain = () => ({ gain: { value: 1 }, connect: () => undefined });
    createOscillator = () => ({ frequency: { value: 0 }, connect: () => undefined, start: () => (sound.tones += 1), stop: () => undefined });
    close = () => Promise.resolve();
  }
  class Utterance {
    lang = '';
    voice: unknown = null;
    constructor(readonly text: string) {}
  }
  Object.defineProperty(window, 'AudioContext', { value: FakeAudio, configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
  Object.defineProperty(window, 'speechSynthesis', {
    configurable: true,
    value: {
      cancel: () => undefined,
      speak: (u: Utterance) => sound.spoken.push(u.text),
      getVoices: () => [
        { lang: 'zh-CN', name: 'Mandarin' },
        { lang: 'en-US', name: 'English' },
      ],
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    },
  });
};

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `i12-${name}.png`) });

async function hostPhase(): Promise<string> {
  const answer = (await stack.host.dispatch('assist.status', {})) as { ok: boolean; result?: { state: { phase: string } } };
  return answer.result?.state.phase ?? 'unknown';
}

async function waitingForHelp(page: Page, languageButton: string): Promise<void> {
  await page.goto(stack.page.url);
  await page.getByTestId('attract').click();
  await page.getByTestId(languageButton).click();
  await page.getByTestId('help-button').click();
  await page.getByTestId('assist-waiting').waitFor();
  await expect.poll(hostPhase, { timeout: 10_000 }).toBe('waiting');
}

const ORIENTATIONS = [
  { name: 'portrait', viewport: { width: 1080, height: 1920 } },
  { name: 'landscape', viewport: { width: 1920, height: 1080 } },
] as const;
const LOCALES = [
  { locale: 'zh-CN', button: 'language-zh', title: '还需要更多时间吗？' },
  { locale: 'en', button: 'language-en', title: 'Need more time?' },
] as const;

describe('waiting for an expert is part of the session', () => {
  // Each case waits out the idle prompt (~11 s): the diagonal pairs cover both orientations
  // and both languages.
  for (const o of ORIENTATIONS) {
    for (const l of LOCALES.filter((x) => onDiagonal(o.name, x.locale))) {
      it(`the idle prompt comes while waiting, heard and announced, and its timeout ends the request (${o.name}, ${l.locale})`, async () => {
        const page = await browser.newPage({ viewport: o.viewport });
        await page.addInitScript(SOUND_STUB);
        await waitingForHelp(page, l.button);
        const modal = page.getByTestId('idle-modal');
        await modal.waitFor({ timeout: 15_000 });
        expect(await page.getByTestId('assist-waiting').count()).toBe(0); // one dialog at a time
        const sound = await page.evaluate(() => (window as unknown as { __sound: { tones: number; spoken: string[] } }).__sound);
        expect(sound.tones).toBeGreaterThanOrEqual(2);
        expect(sound.spoken.some((text) => text.startsWith(l.title))).toBe(true);
        const live = page.getByTestId('idle-announcement');
        expect(await live.getAttribute('aria-live')).toBe('polite');
        expect(await live.textContent()).toMatch(/\d/);
        expect(await modal.getByTestId('read-aloud').isEnabled()).toBe(true);
        await expectAccessible(page, `idle while waiting ${o.name} ${l.locale}`);
        await shot(page, `01-09-idle-while-waiting-${o.name}-${l.locale}`);

        await page.getByTestId('attract').waitFor({ timeout: 15_000 });
        await expect.poll(hostPhase, { timeout: 10_000 }).toBe('idle');
        expect(await page.getByTestId('assist-waiting').count()).toBe(0);
        await page.close();
      });
    }
  }

  it('a freshly opened page never shows or keeps the request an earlier page left', async () => {
    const first = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await waitingForHelp(first, 'language-en');
    // The page goes away without ending its session (crash, reload, a new window).
    await first.close();
    expect(await hostPhase()).toBe('waiting');

    const next = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await next.goto(stack.page.url);
    await next.getByTestId('attract').waitFor();
    await expect.poll(hostPhase, { timeout: 10_000 }).toBe('idle');
    expect(await next.getByTestId('assist-waiting').count()).toBe(0);
    expect(await next.locator('html').getAttribute('lang')).toBe('zh-CN');
    await shot(next, '01-new-page-after-abandoned-request-portrait');
    await next.close();
  });
});
