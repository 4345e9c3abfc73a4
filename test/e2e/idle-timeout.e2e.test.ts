// A customer walks away mid-journey: the kiosk asks "need more time?", then returns to the
// attract screen with the session wiped (language back to the default, elder mode off).
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENSHOTS, startStack, type Stack } from './stack.js';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({ kioskId: 'K22', ui: { idleTimeoutMs: 5_000, idleWarningMs: 3_000 } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('idle timeout in Chromium', () => {
  it('warns, then wipes the session and returns to attract', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(stack.page.url);
    await page.getByTestId('attract').click();
    await page.getByTestId('language-en').click();
    await page.getByTestId('elder-toggle').click();
    await page.getByTestId('tile-queue').click();
    await page.getByTestId('service-deposits').waitFor();

    // Large text doubles the idle timings (issue 12 #9): prompt after 4 s, 6 s to answer.
    await page.getByTestId('idle-modal').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, '11-idle-prompt-en.png') });
    await page.getByTestId('idle-continue').click();
    await page.getByTestId('idle-modal').waitFor({ state: 'detached' });
    expect(await page.getByTestId('service-deposits').isVisible()).toBe(true);

    await page.getByTestId('idle-modal').waitFor({ timeout: 10_000 });
    await page.getByTestId('attract').waitFor({ timeout: 12_000 });
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('html').getAttribute('data-elder')).toBeNull();
    await page.close();
  });
});
