// Issue 13, voice of the customer end to end in Chromium: a customer takes a queue ticket,
// answers 3 with the reason "waiting time" on the satisfaction screen; the answer syncs to the
// hub, which opens a follow-up case; a supervisor signs in to the console and finds the case in
// the Follow-ups tab, overdue-free, and takes it. The rating screen is photographed in zh-CN
// and en (screenshots/i13-feedback-*.png) and every screen is checked with axe-core.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOLLOW_UP_PATHS, followUpListResponseSchema } from '../../protocol/follow-ups.js';
import { newTotpSecret, totpCode } from '../../hub/assist/staff/totp.js';
import { shiftedClock } from '../../hub/assist/testing/shifted-clock.js';
import { expectAccessible, launchChromium, SCREENSHOTS, startStack, type Stack } from './stack.js';

const admin = { username: 'voice-admin', password: randomBytes(12).toString('base64url'), totpSecret: newTotpSecret() };
const supervisor = { username: 'voice-supervisor', password: randomBytes(12).toString('base64url'), totpSecret: '' };

let stack: Stack;
let browser: Browser;
/** The hub's clock: a day passes in the last step, so the case's 24 h deadline does. */
const hubClock = shiftedClock();

const hubUrl = () => stack.hub.hub.url;
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `i13-${name}.png`) });

async function adminToken(): Promise<string> {
  const res = await fetch(`${hubUrl()}/v1/staff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: admin.username, password: admin.password, totp: totpCode(admin.totpSecret, Date.now()) }),
  });
  if (!res.ok) throw new Error(`login: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  process.env.HUB_SEED_ADMIN_USERNAME = admin.username;
  process.env.HUB_SEED_ADMIN_PASSWORD = admin.password;
  process.env.HUB_SEED_ADMIN_TOTP_SECRET = admin.totpSecret;
  stack = await startStack({ kioskId: 'K33', ticketPrefix: '5', branchId: 'BR003' }, { hubClock });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
  delete process.env.HUB_SEED_ADMIN_USERNAME;
  delete process.env.HUB_SEED_ADMIN_PASSWORD;
  delete process.env.HUB_SEED_ADMIN_TOTP_SECRET;
});

/** attract → language → queue ticket → Done: the satisfaction question. */
async function ticketThenFeedback(locale: 'zh' | 'en', orientation: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport: orientation });
  await page.goto(stack.page.url);
  await page.getByTestId('attract').click();
  await page.getByTestId(`language-${locale}`).click();
  await page.getByTestId('tile-queue').click();
  await page.getByTestId('service-deposits').click();
  await page.getByTestId('ticket-number').waitFor();
  await stack.sim.waitForJob();
  await page.getByTestId('done-button').click();
  await page.getByTestId('feedback-screen').waitFor();
  return page;
}

describe('issue 13: the voice of the customer in Chromium', () => {
  it('asks in English and lets the customer skip', async () => {
    const page = await ticketThenFeedback('en', { width: 1920, height: 1080 });
    expect(await page.getByTestId('feedback').innerText()).toContain('0 = not at all likely');
    await shot(page, 'feedback-rating-en');
    await expectAccessible(page, 'rating screen (en)');
    await page.getByTestId('feedback-skip').click();
    await page.getByTestId('attract').waitFor();
    await page.close();
  });

  it('a 3 for "waiting time" opens a follow-up case the console shows', async () => {
    const page = await ticketThenFeedback('zh', { width: 1080, height: 1920 });
    expect(await page.getByTestId('feedback').innerText()).toContain('10 = 极有可能');
    await shot(page, 'feedback-rating-zh-CN');
    await expectAccessible(page, 'rating screen (zh-CN)');
    await page.getByTestId('elder-toggle').click();
    await shot(page, 'feedback-rating-zh-CN-elder');
    await expectAccessible(page, 'rating screen (zh-CN, large text)');
    await page.getByTestId('feedback-3').click();
    await page.getByTestId('feedback-reason-waiting-time').click();
    await shot(page, 'feedback-reason-zh-CN');
    await expectAccessible(page, 'reason screen (zh-CN)');
    await page.getByTestId('feedback-done').click();
    await page.getByTestId('attract').waitFor();
    await page.close();

    // Synced by the kiosk (every 500 ms here); the hub opens the case in the same transaction.
    const token = await adminToken();
    const cases = async () => {
      const res = await fetch(`${hubUrl()}${FOLLOW_UP_PATHS.list}`, { headers: { authorization: `Bearer ${token}` } });
      return followUpListResponseSchema.parse(await res.json()).cases.filter((c) => c.kioskId === 'K33');
    };
    await expect.poll(async () => (await cases()).map((c) => [c.kind, c.score, c.reason]), { timeout: 15_000 }).toEqual([['detractor', 3, 'waiting-time']]);

    const console = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    /** The supervisor signs in with the authenticator's code at `atMs` (the hub's time). */
    const signIn = async (atMs: number) => {
      await console.goto(`${hubUrl()}/console/?lang=en`);
      await console.getByTestId('login-username').fill(supervisor.username);
      await console.getByTestId('login-password').fill(supervisor.password);
      await console.getByTestId('login-totp').fill(totpCode(supervisor.totpSecret, atMs));
      await console.getByTestId('login-submit').click();
    };
    // A second person: the admin's TOTP code of this half-minute is spent on the API sign-in above.
    const created = await fetch(`${hubUrl()}/v1/staff/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ username: supervisor.username, displayName: 'Supervisor Zhao', role: 'supervisor', password: supervisor.password }),
    });
    supervisor.totpSecret = ((await created.json()) as { totpSecret: string }).totpSecret;
    await signIn(Date.now());
    await console.getByTestId('tab-follow-ups').click();
    const row = console.getByTestId('follow-up-row').filter({ hasText: 'Waiting time' });
    await row.waitFor();
    expect(await row.innerText()).toContain('Low score');
    expect(await row.getAttribute('data-breached')).toBe('false');
    await console.getByTestId('voice-report-row').first().waitFor();
    await row.getByTestId('follow-up-open').click();
    await console.getByTestId('follow-up-take').click();
    await expect.poll(() => console.getByTestId('follow-up-owner').innerText()).toBe('You own this case');
    await shot(console, 'follow-ups-console-en');
    await expectAccessible(console, 'follow-ups view (en)');
    await console.getByTestId('console-language').click();
    await expect.poll(() => console.getByTestId('follow-up-owner').innerText()).toBe('您负责此工单');
    await shot(console, 'follow-ups-console-zh-CN');

    // A day passes at the hub with nobody contacting the customer: the case is past its 24 h
    // deadline. (The console's session ended with the idle time, so the supervisor signs in again.)
    hubClock.shift(25 * 3600_000);
    await signIn(hubClock.now());
    await console.getByTestId('tab-follow-ups').click();
    const breached = console.getByTestId('follow-up-row').filter({ hasText: 'Waiting time' });
    await expect.poll(() => breached.getAttribute('data-breached'), { timeout: 15_000 }).toBe('true');
    expect(await breached.getByTestId('follow-up-breached').innerText()).toBe('Overdue');
    expect(await breached.getAttribute('class')).toContain('follow-up-row--breached');
    await expectAccessible(console, 'follow-ups view, a case overdue (en)');
    await shot(console, 'follow-ups-breached-en');
    await console.close();
  });
});
