// Issue 13, service analytics end to end in Chromium: a customer takes a queue ticket at the
// kiosk and answers the satisfaction question with a 3; the kiosk syncs; the hub's triggers fold
// the ticket, the two transactions, the answer and the follow-up case into the daily rollups. A
// supervisor opens the console's Analytics tab in English and in Chinese: the charts are drawn
// (Chart.js canvases), the summaries carry the counts, a view's CSV downloads with its header,
// and axe-core finds nothing serious. Screenshots: screenshots/analytics-*.png.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, SCREENSHOTS } from './stack.js';
import { signInToConsole, startStackWithSupervisor, type SupervisorStack } from './supervisor-stack.js';

let s: SupervisorStack;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  s = await startStackWithSupervisor('K61', { username: 'analytics-supervisor', displayName: 'Sun Li' });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await s?.stack.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `analytics-${name}.png`), fullPage: true });

/** A ticket and a low score at the kiosk: what the analytics will count. */
async function customerVisit(): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await page.goto(s.stack.page.url);
  await page.getByTestId('attract').click();
  await page.getByTestId('language-en').click();
  await page.getByTestId('tile-queue').click();
  await page.getByTestId('service-deposits').click();
  await page.getByTestId('ticket-number').waitFor();
  await s.stack.sim.waitForJob();
  await page.getByTestId('done-button').click();
  await page.getByTestId('feedback-screen').waitFor();
  await page.getByTestId('feedback-3').click();
  await page.getByTestId('feedback-reason-waiting-time').click();
  await page.getByTestId('feedback-done').click();
  await page.getByTestId('attract').waitFor();
  await page.close();
}

describe('service analytics in the console', () => {
  it('a supervisor sees the day in charts, in English and Chinese, and downloads a CSV', async () => {
    await customerVisit();
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
    await signInToConsole(page, s.stack.hub.hub.url, s.supervisor);
    await page.getByTestId('tab-analytics').click();
    await page.getByTestId('analytics-view').waitFor();
    // Synced every 500 ms; Refresh until the visit is in (the tab itself refreshes each minute).
    await expect
      .poll(
        async () => {
          await page.getByTestId('analytics-refresh').click();
          return page.getByTestId('analytics-summary-feedback').innerText({ timeout: 2000 }).catch(() => '');
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toBe('1 answers, NPS -100, mean score 3 of 10.');
    expect(await page.getByTestId('analytics-summary-tickets').innerText()).toMatch(/^1 tickets issued, 0 served, 0 no-shows/);
    expect(await page.getByTestId('analytics-summary-follow-ups').innerText()).toBe('1 cases opened, 1 still open, 0 overdue, 0 closed.');
    expect(await page.getByTestId('analytics-summary-journeys').innerText()).toMatch(/^2 journeys/);
    for (const view of ['tickets', 'journeys', 'feedback', 'follow-ups']) {
      const canvas = page.getByTestId(`analytics-chart-${view}`).locator('canvas');
      await canvas.waitFor();
      const size = await canvas.boundingBox();
      expect(size?.height, view).toBeGreaterThan(100);
    }
    // No call today: said in words, not an empty chart.
    expect(await page.getByTestId('analytics-panel-calls').innerText()).toContain('No data in this range.');
    // Chart.js has drawn: the tickets canvas is not blank.
    const inked = await page
      .getByTestId('analytics-chart-tickets')
      .locator('canvas')
      .evaluate((canvas: HTMLCanvasElement) => {
        const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
        let coloured = 0;
        for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) coloured += 1;
        return coloured;
      });
    expect(inked).toBeGreaterThan(1000);
    await shot(page, 'en');
    await expectAccessible(page, 'analytics (en)');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('analytics-download-feedback').click()]);
    const file = await download.path();
    const csv = readFileSync(file, 'utf8');
    expect(download.suggestedFilename()).toBe('analytics-feedback.csv');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFperiod,responses,promoters,passives,detractors,nps,satisfaction');
    expect(csv.split('\r\n')[1]).toMatch(/^\d{4}-\d{2}-\d{2},1,0,0,1,-100,3$/);

    await page.getByTestId('console-language').click();
    await expect.poll(() => page.getByTestId('analytics-summary-feedback').innerText()).toBe('评价 1 条，净推荐值 -100，平均 3 分（满分 10）。');
    await page.getByTestId('analytics-filter-group').selectOption('month');
    await page.getByTestId('analytics-apply').click();
    await expect.poll(() => page.getByTestId('analytics-chart-tickets').locator('canvas').count()).toBe(1);
    await page.locator('[data-testid="analytics-panel-tickets"] details summary').click();
    expect(await page.getByTestId('analytics-panel-tickets').locator('tbody tr').first().innerText()).toMatch(/^\d{4}-\d{2}-01\t1\t/);
    await shot(page, 'zh-CN');
    await expectAccessible(page, 'analytics (zh-CN, month, table open)');
    await page.close();
  });
});
