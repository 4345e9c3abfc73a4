// Issue 13, the knowledge base end to end in Chromium: a supervisor (an editor, as admins are)
// opens the console's Knowledge tab, sees the demo articles, writes a new bilingual article on
// ATM fees, saves it and publishes it; the kiosk host receives it by its regular pull; a
// customer presses Help, and while an expert is busy elsewhere opens "Find an answer", types
// "sxf" on the on-screen keyboard, finds the new article and opens it — in Chinese, in English
// and in large text; with the hub gone, the kiosk still finds it (its own copy). Each screen is
// checked with axe-core and photographed (screenshots/knowledge-*.png).
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { totpCode } from '../../hub/assist/staff/totp.js';
import { ASSIST_PATHS, ASSIST_PROTOCOL, BEARER_PROTOCOL_PREFIX } from '../../protocol/assist-values.js';
import { createStaffResponseSchema, staffLoginResponseSchema } from '../../protocol/staff-api.js';
import { expectAccessible, launchChromium, SCREENSHOTS } from './stack.js';
import { signInToConsole, startStackWithSupervisor, type SupervisorStack } from './supervisor-stack.js';

let s: SupervisorStack;
let browser: Browser;
let expertSocket: WebSocket | null = null;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  s = await startStackWithSupervisor('K43', { username: 'kb-supervisor', displayName: 'Zhou Min' });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  expertSocket?.close();
  await browser?.close();
  await s?.stack.close();
});

/** An expert signed in and available but busy elsewhere: the customer gets a place in the queue. */
async function expertOnDuty(): Promise<void> {
  const password = randomBytes(12).toString('base64url');
  const created = createStaffResponseSchema.parse(
    await s.hubRequest('POST', ASSIST_PATHS.staffUsers, { username: 'kb-expert', displayName: 'Duty Expert', role: 'expert', password, languages: ['zh-CN', 'en'], topics: ['accounts', 'cards', 'loans', 'payments', 'other'] }, s.adminToken),
  );
  const { token } = staffLoginResponseSchema.parse(await s.hubRequest('POST', ASSIST_PATHS.staffLogin, { username: 'kb-expert', password, totp: totpCode(created.totpSecret, Date.now()) }));
  const socket = new WebSocket(`${s.stack.hub.hub.url.replace(/^http/, 'ws')}/v1/assist/ws`, [ASSIST_PROTOCOL, `${BEARER_PROTOCOL_PREFIX}${token}`]);
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.on('message', (data: WebSocket.RawData) => {
      if ((JSON.parse(String(data)) as { type: string }).type === 'hello') resolve();
    });
  });
  socket.send(JSON.stringify({ type: 'availability', available: true }));
  expertSocket = socket;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `knowledge-${name}.png`), fullPage: true });

describe('knowledge base: console → pull → kiosk Help', () => {
  let articleId = '';

  it('a supervisor writes and publishes a bilingual article in the console', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signInToConsole(page, s.stack.hub.hub.url, s.supervisor);
    await page.getByTestId('tab-knowledge').click();
    await page.getByTestId('knowledge-row').first().waitFor();
    expect(await page.getByTestId('knowledge-row').count()).toBe(4); // the demo articles
    await expectAccessible(page, 'console knowledge list');
    await shot(page, 'console-list-en');

    await page.getByTestId('knowledge-new').click();
    await page.getByTestId('knowledge-slug').fill('atm-withdrawal-fees');
    await page.getByTestId('knowledge-category').selectOption('fees');
    await page.getByTestId('knowledge-title-zh-CN').fill('取款手续费');
    await page.getByTestId('knowledge-body-zh-CN').fill('在本行自助设备取款：\n\n- 本行卡：**免手续费**\n- 他行卡：每笔 **4 元**\n\n跨境取款另收 1% 货币转换费。');
    await page.getByTestId('knowledge-keywords-zh-CN').fill('手续费，取款，ATM');
    await page.getByTestId('knowledge-title-en').fill('Cash withdrawal fees');
    await page.getByTestId('knowledge-body-en').fill('Withdrawing cash at our machines:\n\n- With a card from this bank: **no fee**\n- With another bank\'s card: **CNY 4** each time\n\nAbroad, a 1% currency conversion fee applies.');
    await page.getByTestId('knowledge-keywords-en').fill('fee, ATM, cash');
    await page.getByTestId('knowledge-save').click();
    await page.getByTestId('knowledge-history').waitFor();
    await page.getByTestId('knowledge-publish').click();
    await page.locator('[data-testid="knowledge-detail"][data-status="published"]').waitFor();
    expect(await page.getByTestId('knowledge-audit').textContent()).toContain('Zhou Min · published v1');
    await expectAccessible(page, 'console knowledge editor');
    await shot(page, 'console-published-en');
    await page.close();
  }, 120_000);

  it('the kiosk receives it by pull and a customer finds it with "sxf" on the Help screen', async () => {
    // The host pulls every 500 ms here; ask its bridge, as the page would, until the article is in.
    await vi.waitFor(
      async () => {
        const answer = await s.stack.host.dispatch('knowledge.search', { query: '取款手续费', locale: 'zh-CN' });
        const hits = answer.ok ? (answer.result as { hits: { id: string; title: string }[] }).hits : [];
        const found = hits.find((h) => h.title === '取款手续费');
        if (!found) throw new Error('not pulled yet');
        articleId = found.id;
      },
      { timeout: 20_000, interval: 250 },
    );
    await expertOnDuty();

    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(s.stack.page.url);
    await page.getByTestId('attract').click();
    await page.getByTestId('language-zh').click();
    await page.getByTestId('help-button').click();
    await page.getByTestId('assist-position').waitFor();
    await page.getByTestId('help-find-answer').click();
    for (const key of ['s', 'x', 'f']) await page.getByTestId(`osk-${key}`).click();
    const hit = page.locator(`[data-testid="help-hit"][data-article-id="${articleId}"]`);
    await hit.waitFor();
    expect(await page.getByTestId('help-hit').count()).toBeLessThanOrEqual(3);
    await page.getByTestId('help-still-need-help').waitFor();
    await expectAccessible(page, 'kiosk help search zh-CN');
    await shot(page, 'kiosk-search-zh-CN');

    await hit.click();
    const article = page.getByTestId('help-article');
    expect(await article.getByRole('heading').textContent()).toBe('取款手续费');
    expect(await article.locator('strong').first().textContent()).toBe('免手续费');
    await expectAccessible(page, 'kiosk help article zh-CN');
    await shot(page, 'kiosk-article-zh-CN');

    // The expert is never behind the articles: back to the wait, still in the queue.
    await page.getByTestId('help-call-expert').click();
    await page.getByTestId('assist-position').waitFor();
    await page.getByTestId('assist-cancel').click();
    await page.getByTestId('assist-waiting').waitFor({ state: 'detached' });

    // English in large text (the header is inert under the help overlay: chosen before Help).
    await page.getByTestId('language-toggle').click();
    await page.getByTestId('elder-toggle').click();
    await page.getByTestId('help-button').click();
    await page.getByTestId('assist-position').waitFor();
    await page.getByTestId('help-find-answer').click();
    for (const key of ['s', 'x', 'f']) await page.getByTestId(`osk-${key}`).click();
    await hit.click();
    expect(await article.getByRole('heading').textContent()).toBe('Cash withdrawal fees');
    expect(await article.locator('strong').first().textContent()).toBe('no fee');
    await expectAccessible(page, 'kiosk help article en elder');
    await shot(page, 'kiosk-article-en-elder');
    await page.getByTestId('help-call-expert').click();
    await page.getByTestId('assist-cancel').click();
    await page.getByTestId('assist-waiting').waitFor({ state: 'detached' });
    await page.close();
  }, 120_000);

  it('with the hub gone, Help says no expert can be reached and the article is still there, from the kiosk itself', async () => {
    expertSocket?.close();
    await s.stack.hub.close();
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await page.goto(s.stack.page.url);
    await page.getByTestId('attract').click();
    await page.getByTestId('language-zh').click();
    await page.getByTestId('help-button').click();
    await page.getByTestId('assist-ended').waitFor({ timeout: 20_000 });
    await page.getByTestId('help-find-answer').click();
    for (const key of ['s', 'x', 'f']) await page.getByTestId(`osk-${key}`).click();
    await page.locator(`[data-testid="help-hit"][data-article-id="${articleId}"]`).click();
    expect(await page.getByTestId('help-article').getByRole('heading').textContent()).toBe('取款手续费');
    expect(await page.getByTestId('help-still-need-help').getAttribute('data-expert-coming')).toBe('false');
    await expectAccessible(page, 'kiosk help article offline zh-CN');
    await shot(page, 'kiosk-article-offline-zh-CN');
    await page.getByTestId('help-call-expert').click();
    await page.getByTestId('assist-ended-back').click();
    await page.close();
  }, 120_000);
});
