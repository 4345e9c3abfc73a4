// The help wait with a place in the queue (an expert is on duty but busy) on a tall and a
// wide screen in large text, both languages: the longest waiting screen — title, spinner,
// hint, "You are number 1", expected wait — must leave Cancel on screen (issue 12, item 13:
// in landscape large text Cancel was below the screen edge).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expertOnDuty, seedAdminEnv } from './expert-on-duty.js';
import { measureLayout } from './layout-measure.js';
import { launchChromium, SCREENSHOTS, startStack, type Stack } from './stack.js';

let stack: Stack;
let browser: Browser;
let expert: { close(): void };

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  seedAdminEnv();
  stack = await startStack({ kioskId: 'K25', ticketPrefix: '5' });
  expert = await expertOnDuty(stack.hub.hub.url);
  browser = await launchChromium();
});
afterAll(async () => {
  expert?.close();
  await browser?.close();
  await stack?.close();
});

const cases = [
  { orientation: 'landscape', viewport: { width: 1920, height: 1080 }, locale: 'en', button: 'language-en' },
  { orientation: 'landscape', viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', button: 'language-zh' },
  { orientation: 'portrait', viewport: { width: 1080, height: 1920 }, locale: 'en', button: 'language-en' },
  { orientation: 'portrait', viewport: { width: 1080, height: 1920 }, locale: 'zh-CN', button: 'language-zh' },
] as const;

describe('help wait with a queue place, large text', () => {
  for (const c of cases) {
    it(`keeps Cancel on screen: ${c.orientation}-${c.locale}-elder`, async () => {
      const page = await browser.newPage({ viewport: c.viewport });
      await page.goto(stack.page.url);
      await page.getByTestId('attract').click();
      await page.getByTestId('elder-toggle').click();
      await page.getByTestId(c.button).click();
      await page.getByTestId('help-button').click();
      try {
        await page.getByTestId('assist-position').waitFor();
        await page.getByTestId('assist-expected-wait').waitFor();
        await page.screenshot({ path: path.join(SCREENSHOTS, `layout-help-queue-place-${c.orientation}-${c.locale}-elder.png`) });
        const layout = await measureLayout(page, '.assist-overlay', ['assist-cancel']);
        expect(layout.cutOff).toEqual([]);
        expect(layout.primary['assist-cancel']).not.toBeNull();
        if (c.orientation === 'portrait') expect(layout.primary['assist-cancel']?.top ?? 0).toBeGreaterThanOrEqual(layout.height / 3);
      } finally {
        await page.getByTestId('assist-cancel').dispatchEvent('click');
        await page.getByTestId('assist-waiting').waitFor({ state: 'detached' });
      }
      await page.close();
    });
  }
});
