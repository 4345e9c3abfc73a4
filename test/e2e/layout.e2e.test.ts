// The customer screens measured on a tall (portrait 1080×1920) and a wide (landscape
// 1920×1080) kiosk, in both languages and both text sizes (issue 12, items 12 and 13):
// the header is one row, nothing a customer can touch is cut off, nothing scrolls, and on a
// tall screen the content reaches down the screen and the primary actions sit in the lower
// two thirds, where a standing or seated person reaches. Every screen is checked with
// axe-core and photographed for a person to look at.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { measureLayout, type Layout } from './layout-measure.js';
import { expectAccessible, launchChromium, SCREENSHOTS, type Stack, startStack } from './stack.js';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // The readers a branch kiosk has: with them Home offers the card journeys and the service list
  // shows the card and ID card hints (priority recognition), and all of it must still fit.
  const simulated = { transport: { type: 'simulated' } } as const;
  stack = await startStack({
    kioskId: 'K24',
    ticketPrefix: '4',
    devices: [
      { role: 'receipt', kind: 'receipt-printer', driver: 'escpos', ...simulated },
      { role: 'card', kind: 'card-reader', driver: 'msr-serial', ...simulated },
      { role: 'pinpad', kind: 'pin-pad', driver: 'epp-serial', ...simulated },
      { role: 'idcard', kind: 'id-reader', driver: 'cn-id', ...simulated },
    ],
  });
  await vi.waitFor(() => expect(stack.host.devices.list().map((d) => d.state)).toEqual(['ready', 'ready', 'ready', 'ready']), { timeout: 60_000, interval: 200 });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const orientations = {
  portrait: { width: 1080, height: 1920 },
  landscape: { width: 1920, height: 1080 },
} as const;
type Orientation = keyof typeof orientations;
const locales = [
  { locale: 'zh-CN', button: 'language-zh' },
  { locale: 'en', button: 'language-en' },
] as const;
const sizes = ['normal', 'elder'] as const;

/** Limits for a tall screen; before issue 12 the screens left 47–70 % empty below the content. */
const PORTRAIT_MAX_EMPTY_BELOW = 0.12;
const PORTRAIT_MAX_GAP = 0.3;

// Soft expectations: one run reports every screen that misfits, not only the first.
function expectFits(layout: Layout, where: string, orientation: Orientation, primary: readonly string[]): void {
  expect.soft(layout.cutOff, `${where}: controls cut off by the screen edge`).toEqual([]);
  expect.soft(layout.scrolls, `${where}: the page scrolls`).toBe(false);
  for (const id of primary) {
    const box = layout.primary[id];
    expect.soft(box, `${where}: ${id} on screen`).not.toBeNull();
    if (orientation === 'portrait' && box) {
      expect.soft(box.top, `${where}: ${id} in the lower two thirds`).toBeGreaterThanOrEqual(layout.height / 3);
    }
  }
}

function expectFilled(layout: Layout, where: string, orientation: Orientation): void {
  expect.soft(layout.headerRows, `${where}: header rows`).toBe(1);
  if (orientation !== 'portrait') return;
  expect.soft(layout.emptyBelow, `${where}: empty below the content`).toBeLessThanOrEqual(PORTRAIT_MAX_EMPTY_BELOW);
  expect.soft(layout.largestGap, `${where}: tallest empty band`).toBeLessThanOrEqual(PORTRAIT_MAX_GAP);
}

describe('kiosk layout on tall and wide screens', () => {
  for (const orientation of Object.keys(orientations) as Orientation[]) {
    for (const { locale, button } of locales) {
      for (const size of sizes) {
        const tag = `${orientation}-${locale}-${size}`;
        it(`language, home, choose service, ticket, help waiting and satisfaction fit: ${tag}`, async () => {
          const page = await browser.newPage({ viewport: orientations[orientation] });
          const shot = (screen: string) => page.screenshot({ path: path.join(SCREENSHOTS, `layout-${screen}-${tag}.png`) });
          const measured: Record<string, Layout> = {};
          await page.goto(stack.page.url);
          await page.getByTestId('attract').click();
          await page.getByTestId(button).waitFor();
          // Large text is offered before the language: the first screen a customer reads.
          if (size === 'elder') await page.getByTestId('elder-toggle').click();
          expect(await page.locator('html').getAttribute('data-elder')).toBe(size === 'elder' ? '' : null);
          await shot('language');
          const languages = ['language-zh', 'language-en'];
          measured.language = await measureLayout(page, '.screen', languages);
          expectFits(measured.language, `language ${tag}`, orientation, languages);
          expectFilled(measured.language, `language ${tag}`, orientation);
          await expectAccessible(page, `language ${tag}`);
          await page.getByTestId(button).click();
          await page.getByTestId('tile-queue').waitFor();

          await shot('home');
          measured.home = await measureLayout(page, '.screen', ['tile-queue', 'elder-toggle']);
          expectFits(measured.home, `home ${tag}`, orientation, ['tile-queue']);
          expectFilled(measured.home, `home ${tag}`, orientation);
          await expectAccessible(page, `home ${tag}`);

          await page.getByTestId('tile-queue').click();
          await page.getByTestId('service-vip').waitFor();
          // Measured with the reader hints shown, as on a kiosk with a card reader and an ID reader.
          await page.getByTestId('recognition-id-hint').waitFor();
          await page.getByTestId('recognition-card-hint').waitFor();
          await shot('choose');
          const services = ['service-deposits', 'service-loans', 'service-forex', 'service-vip'];
          measured.choose = await measureLayout(page, '.screen', services);
          expectFits(measured.choose, `choose ${tag}`, orientation, services);
          expectFilled(measured.choose, `choose ${tag}`, orientation);
          await expectAccessible(page, `choose ${tag}`);

          await page.getByTestId('service-deposits').click();
          await page.getByTestId('take-ticket').waitFor();
          await shot('ticket');
          measured.ticket = await measureLayout(page, '.screen', ['done-button']);
          expectFits(measured.ticket, `ticket ${tag}`, orientation, ['done-button']);
          expectFilled(measured.ticket, `ticket ${tag}`, orientation);
          await expectAccessible(page, `ticket ${tag}`);

          // Nobody is on duty in this stack: the customer is told so (or waits first in line)
          // and cancels. The
          // host holds the request, so it is cancelled even when a check fails: the next page
          // would open behind a waiting overlay otherwise.
          await page.getByTestId('help-button').click();
          try {
            await page.locator('[data-testid="assist-waiting"][data-phase="waiting"]').waitFor();
            await shot('help-waiting');
            measured.help = await measureLayout(page, '.assist-overlay', ['assist-cancel']);
            expectFits(measured.help, `help waiting ${tag}`, orientation, ['assist-cancel']);
          } finally {
            await page.getByTestId('assist-cancel').dispatchEvent('click');
            await page.getByTestId('assist-waiting').waitFor({ state: 'detached' });
          }

          // Done asks how the visit was (issue 13): every score and Skip within reach.
          await page.getByTestId('done-button').click();
          await page.getByTestId('feedback-screen').waitFor();
          await shot('feedback');
          const scores = ['feedback-0', 'feedback-10', 'feedback-skip'];
          measured.feedback = await measureLayout(page, '.screen', scores);
          expectFits(measured.feedback, `feedback ${tag}`, orientation, scores);
          await expectAccessible(page, `feedback ${tag}`);

          console.info(tag, JSON.stringify(Object.fromEntries(Object.entries(measured).map(([k, m]) => [k, { rows: m.headerRows, below: m.emptyBelow.toFixed(2), gap: m.largestGap.toFixed(2) }]))));
          await page.getByTestId('feedback-skip').click();
          await page.getByTestId('attract').waitFor();
          await page.close();
        });
      }
    }
  }

  // The longest ticket screen: not printed, with the reason, the note and Reprint above Done.
  for (const orientation of Object.keys(orientations) as Orientation[]) {
    it(`the not-printed ticket fits in large text: ${orientation}-en-elder`, async () => {
      const page = await browser.newPage({ viewport: orientations[orientation] });
      await page.goto(stack.page.url);
      await page.getByTestId('attract').click();
      await page.getByTestId('language-en').click();
      await page.getByTestId('elder-toggle').click();
      stack.sim.setPaper('out');
      try {
        await page.getByTestId('tile-queue').click();
        await page.getByTestId('service-loans').click();
        await page.getByTestId('print-error').waitFor();
      } finally {
        stack.sim.setPaper('ok');
      }
      const reprint = page.getByRole('button', { name: 'Reprint' });
      await reprint.waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, `layout-ticket-not-printed-${orientation}-en-elder.png`) });
      const layout = await measureLayout(page, '.screen', ['done-button']);
      expectFits(layout, `not printed ${orientation}`, orientation, ['done-button']);
      expectFilled(layout, `not printed ${orientation}`, orientation);
      await page.getByTestId('done-button').click();
      await page.close();
    });
  }

  it('large text is a first-row header control that keeps its name and reports its state', async () => {
    const page = await browser.newPage({ viewport: orientations.portrait });
    await page.goto(stack.page.url);
    await page.getByTestId('attract').click();
    await page.getByTestId('language-zh').click();
    const toggle = page.getByTestId('elder-toggle');
    const home = page.getByTestId('home-button');
    const before = { name: await toggle.innerText(), pressed: await toggle.getAttribute('aria-pressed') };
    // As big and as dark as the navigation beside it, on the same row.
    const style = (selector: string) =>
      page.$eval(selector, (el) => {
        const s = getComputedStyle(el);
        return { fontSize: parseFloat(s.fontSize), color: s.color, top: el.getBoundingClientRect().top };
      });
    const [toggleStyle, homeStyle] = [await style('[data-testid="elder-toggle"]'), await style('[data-testid="home-button"]')];
    expect(toggleStyle.fontSize).toBeGreaterThanOrEqual(homeStyle.fontSize);
    expect(toggleStyle.color).toBe(homeStyle.color);
    expect(Math.abs(toggleStyle.top - homeStyle.top)).toBeLessThan(4);
    expect(await home.isVisible()).toBe(true);

    await toggle.click();
    const after = { name: await toggle.innerText(), pressed: await toggle.getAttribute('aria-pressed') };
    // A toggle button's name says what it is; only aria-pressed says whether it is on.
    expect(before).toEqual({ name: after.name, pressed: 'false' });
    expect(after.pressed).toBe('true');
    expect(after.name).toContain('大字');
    await page.close();
  });
});
