// Issue 13, the branch queue end to end in Chromium: a customer takes an ordinary ticket, then
// a VIP one, on the kiosk; both sync to the hub and join the branch queue; a teller signs in to
// the console, opens a counter and calls — the VIP first, then the ordinary ticket — in both
// languages. The waiting room's wall display shows each call and announces it (speech stubbed)
// in Chinese and English. The counter view and the wall are checked with axe-core and
// photographed (screenshots/i13-*.png).
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRANCH_QUEUE_PATHS, snapshotSchema } from '../../protocol/branch-queue.js';
import { newTotpSecret, totpCode } from '../../hub/assist/staff/totp.js';
import { expectAccessible, launchChromium, SCREENSHOTS, SPEECH_RECORDER, type Stack, startStack } from './stack.js';

const BRANCH = 'BR001';
const admin = { username: 'queue-admin', password: randomBytes(12).toString('base64url'), totpSecret: newTotpSecret() };
const teller = { username: 'counter-teller', password: randomBytes(12).toString('base64url'), totpSecret: '' };

let stack: Stack;
let browser: Browser;
let adminToken: string;

async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const hubUrl = () => stack.hub.hub.url;
const login = (who: { username: string; password: string; totpSecret: string }) =>
  post<{ token: string }>(`${hubUrl()}/v1/staff/login`, { username: who.username, password: who.password, totp: totpCode(who.totpSecret, Date.now()) }).then((r) => r.token);

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  process.env.HUB_SEED_ADMIN_USERNAME = admin.username;
  process.env.HUB_SEED_ADMIN_PASSWORD = admin.password;
  process.env.HUB_SEED_ADMIN_TOTP_SECRET = admin.totpSecret;
  // The wall's long poll held 2 s, not 20: closing the hub waits for the poll in flight.
  stack = await startStack({ kioskId: 'K31', ticketPrefix: '3', branchId: BRANCH }, { wallFeedWaitMs: 2_000 });
  browser = await launchChromium();
  adminToken = await login(admin);
  const created = await post<{ totpSecret: string }>(`${hubUrl()}/v1/staff/users`, { username: teller.username, displayName: 'Teller Li', role: 'teller', password: teller.password }, adminToken);
  teller.totpSecret = created.totpSecret;
  await post(`${hubUrl()}${BRANCH_QUEUE_PATHS.counters.replace(':branchId', BRANCH)}`, { name: 'Counter 1', services: ['deposits', 'vip'] }, adminToken);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
  delete process.env.HUB_SEED_ADMIN_USERNAME;
  delete process.env.HUB_SEED_ADMIN_PASSWORD;
  delete process.env.HUB_SEED_ADMIN_TOTP_SECRET;
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `i13-${name}.png`) });

/** The customer's side: attract → language → queue → service → ticket. */
async function takeTicket(serviceId: string): Promise<string> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(stack.page.url);
  await page.getByTestId('attract').click();
  await page.getByTestId('language-en').click();
  await page.getByTestId('tile-queue').click();
  await page.getByTestId(`service-${serviceId}`).click();
  await page.getByTestId('ticket-number').waitFor();
  const number = (await page.getByTestId('ticket-number').innerText()).trim();
  await stack.sim.waitForJob();
  await page.close();
  return number;
}

async function waitingAtHub(): Promise<number> {
  const res = await fetch(`${hubUrl()}${BRANCH_QUEUE_PATHS.snapshot.replace(':branchId', BRANCH)}`, { headers: { authorization: `Bearer ${adminToken}` } });
  return snapshotSchema.parse(await res.json()).waits.reduce((sum, w) => sum + w.waiting, 0);
}

describe('issue 13: the branch queue in Chromium', () => {
  it('a teller calls the VIP ticket before the earlier ordinary one, in English and Chinese', async () => {
    const ordinary = await takeTicket('deposits');
    const vip = await takeTicket('vip');
    expect(ordinary).toMatch(/^A3/);
    expect(vip).toMatch(/^V3/);
    // Synced by the kiosk (every 500 ms here) and entered in the branch queue by the hub.
    await expect.poll(waitingAtHub, { timeout: 15_000 }).toBe(2);

    // The waiting room's wall display, fed by the kiosk host; speech recorded by a stub.
    const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await wall.addInitScript(SPEECH_RECORDER);
    await wall.goto(stack.page.wallUrl);
    await expect.poll(() => wall.getByTestId('wall').getAttribute('data-connected'), { timeout: 15_000 }).toBe('true');
    await expect.poll(() => wall.getByTestId('wall-waits').innerText()).toContain('waiting');
    const spoken = () => wall.evaluate(() => (window as unknown as { __spoken: { text: string; lang: string }[] }).__spoken);
    expect(await spoken()).toEqual([]);

    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${hubUrl()}/console/?lang=en&branch=${BRANCH}`);
    await page.getByTestId('login-username').fill(teller.username);
    await page.getByTestId('login-password').fill(teller.password);
    await page.getByTestId('login-totp').fill(totpCode(teller.totpSecret, Date.now()));
    await page.getByTestId('login-submit').click();
    await page.getByTestId('counter-view').waitFor();
    await page.getByTestId('counter-load').click();
    await page.getByTestId('counter-choice').click();
    await page.getByTestId('counter-name').waitFor();
    await expect.poll(() => page.getByTestId('counter-waits').innerText()).toContain('vip');
    // Opening the counter moves the queue's version: the long poll brings the new estimate at once.
    await expect.poll(() => page.locator('[data-service="deposits"]').innerText(), { timeout: 5_000 }).not.toContain('no counter open');
    await shot(page, 'counter-open-en');
    await expectAccessible(page, 'counter open (en)');

    await page.getByTestId('counter-call-next').click();
    await expect.poll(() => page.getByTestId('counter-ticket-number').innerText()).toBe(vip);
    await expect.poll(() => page.getByTestId('counter-last-calls').innerText()).toContain(`${vip} → Counter 1`);
    await shot(page, 'counter-called-en');
    await expectAccessible(page, 'counter called (en)');
    // The wall shows the call at once and announces it in both languages, once.
    await wall.getByTestId(`wall-at-${vip}`).waitFor({ timeout: 10_000 });
    await expect.poll(spoken, { timeout: 5_000 }).toEqual([
      { text: `请 ${vip} 号到 Counter 1 办理。`, lang: 'zh-CN' },
      { text: `Ticket ${vip}, please go to Counter 1.`, lang: 'en-US' },
    ]);
    await shot(wall, 'wall-called');
    await expectAccessible(wall, 'wall display');
    await page.getByTestId('counter-serve').click();
    await expect.poll(() => page.getByTestId('counter-ticket').getAttribute('data-state')).toBe('serving');
    await page.getByTestId('counter-finish').click();
    await page.getByTestId('counter-no-ticket').waitFor();

    await page.getByTestId('console-language').click();
    await page.getByTestId('counter-call-next').click();
    await expect.poll(() => page.getByTestId('counter-ticket-number').innerText()).toBe(ordinary);
    expect(await page.getByTestId('counter-call-next').innerText()).toContain('叫下一位');
    await shot(page, 'counter-called-zh-CN');
    await expectAccessible(page, 'counter called (zh-CN)');
    await wall.getByTestId(`wall-at-${ordinary}`).waitFor({ timeout: 10_000 });
    await expect.poll(async () => (await spoken()).map((u) => u.text), { timeout: 5_000 }).toContain(`Ticket ${ordinary}, please go to Counter 1.`);
    expect((await spoken()).filter((u) => u.text.includes(vip))).toHaveLength(2);
    await expect.poll(() => wall.getByTestId('wall-recent').innerText()).toContain(`${ordinary} → Counter 1`);
    await shot(wall, 'wall-second-call');
    await page.getByTestId('counter-no-show').click();
    await page.getByTestId('counter-no-ticket').waitFor();
    // Nobody left: the hub says so, in words.
    await page.getByTestId('counter-call-next').click();
    await expect.poll(() => page.getByTestId('counter-error').innerText()).toContain('暂无等候客户');
    await shot(page, 'counter-empty-zh-CN');
    await page.close();
    await wall.close();
  });
});
