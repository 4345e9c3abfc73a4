// The expert console in Chromium against the real hub and a real kiosk host: sign-in with
// password + TOTP (wrong code, then right), the queue with a real help request (asked
// through the host's signed signaling socket), the supervisor's floor view with a live SLA
// breach, and a session that expires while the console is open.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCallHub } from './support/call-hub.js';
import { SCREENSHOTS, startCallStack, type CallStack } from './support/call-stack.js';
import type { StaffAccount } from './support/call-hub.js';

let stack: CallStack;
let expert: StaffAccount;

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

beforeAll(async () => {
  stack = await startCallStack({
    kioskId: 'K71',
    // A short answer target so the supervisor sees a breach within the test.
    hubConfig: { slaRules: [{ id: 'answer-2s', kind: 'answer', withinSec: 2, match: {} }] },
  });
  expert = await stack.hub.createStaff('expert', 'Li Expert');
});
afterAll(async () => {
  await stack?.close();
});

async function askHelp(): Promise<void> {
  const envelope = await stack.host.dispatch('assist.requestHelp', {
    topic: 'cards',
    flags: { vip: false, elderly: true },
    journeyStep: 'queue-ticket/choose-service',
    locale: 'zh-CN',
  });
  expect(envelope).toMatchObject({ ok: true });
}

describe('expert console', () => {
  it('refuses a wrong TOTP code with a message, then signs in with the current one', async () => {
    const page = await stack.consoleContext.newPage();
    await page.goto(`${stack.hub.url}/console/?lang=zh-CN`);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.getByTestId('login-username').fill(expert.username);
    await page.getByTestId('login-password').fill(expert.password);
    await page.getByTestId('login-totp').fill('000000');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('动态码有误');
    await shot(page, 'call-console-login-error-zh-CN');
    await page.getByTestId('login-totp').fill('12345');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('6 位数字');

    await page.getByTestId('login-totp').fill(stack.hub.totp(expert));
    await page.getByTestId('login-submit').click();
    await page.getByTestId('queue-view').waitFor();
    expect(await page.getByTestId('console-staff').innerText()).toContain('Li Expert');
    await page.close();
  });

  it('lists a waiting customer with wait time, language, topic, flag and step; the supervisor sees the floor and the SLA breach', async () => {
    // The supervisor watches before the customer asks: the breach must arrive live.
    const supervisorPage = await stack.openConsole(stack.hub.admin);
    await supervisorPage.getByTestId('tab-supervisor').click();
    await supervisorPage.getByTestId('supervisor-view').waitFor();
    const page = await stack.openConsole(expert);
    await page.getByTestId('availability-toggle').click();
    await expect.poll(() => page.getByTestId('expert-state').innerText()).toBe('Available');
    await askHelp();
    const row = page.getByTestId('queue-item');
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('K71');
    expect(text).toContain('Chinese');
    expect(text).toContain('Cards');
    expect(text).toContain('Elderly');
    expect(text).toContain('Queue ticket: choosing a service');
    // The wait counts up between hub messages.
    const waited = async () => Number(/(\d+) s/.exec(await page.getByTestId('queue-waited').innerText())?.[1] ?? -1);
    const first = await waited();
    await expect.poll(waited, { timeout: 5000 }).toBeGreaterThan(first);
    await shot(page, 'call-console-queue-en');

    await expect.poll(() => supervisorPage.getByTestId('sup-queue-length').innerText()).toBe('1');
    await expect.poll(() => supervisorPage.getByTestId('sla-alert').innerText(), { timeout: 10_000 }).toContain('answer-2s');
    await expect.poll(async () => Number(await supervisorPage.getByTestId('sup-breaches').innerText())).toBeGreaterThanOrEqual(1);
    expect(await supervisorPage.getByTestId('sup-longest-wait').innerText()).toMatch(/\d+ s/);
    const states = await supervisorPage.getByTestId('sup-expert').evaluateAll((rows) => rows.map((r) => `${r.textContent}|${r.getAttribute('data-state')}`));
    expect(states.some((s) => s.startsWith('Li Expert') && s.endsWith('|available'))).toBe(true);
    await shot(supervisorPage, 'call-console-supervisor-en');

    expect(await stack.host.dispatch('assist.cancel', {})).toMatchObject({ ok: true });
    await page.getByTestId('queue-empty').waitFor();
    await expect.poll(() => supervisorPage.getByTestId('sup-queue-length').innerText()).toBe('0');
    await supervisorPage.close();
    await page.close();
  });
});

describe('an expiring staff session', () => {
  it('returns the console to sign-in, saying why', async () => {
    const hub = await startCallHub({ staffSessionTtlSec: 4 });
    try {
      const who = await hub.createStaff('expert', 'Zhao Expert');
      const page = await stack.consoleContext.newPage();
      await page.goto(`${hub.url}/console/?lang=en`);
      await page.getByTestId('login-username').fill(who.username);
      await page.getByTestId('login-password').fill(who.password);
      await page.getByTestId('login-totp').fill(hub.totp(who));
      await page.getByTestId('login-submit').click();
      await page.getByTestId('queue-view').waitFor();
      await page.getByTestId('login-error').waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('login-error').innerText()).toContain('Your session has ended');
      await shot(page, 'call-console-session-expired-en');
      await page.close();
    } finally {
      await hub.close();
    }
  });
});
