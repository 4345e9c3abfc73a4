// Remote commands end to end in Chromium, against the real hub and kiosk host: a supervisor
// opens the kiosk in the console's Fleet tab and takes it out of service while a customer is
// in the middle of a ticket; the customer is not cut off (the command shows as running), the
// next visitor meets the out-of-service screen, and the command is done once the customer
// finished. Put back in service from the console, the kiosk page is open for customers again.
// Reload the screen reloads the idle kiosk page; a device test's result comes back to the console. Screenshots in both languages.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENSHOTS, type Stack } from './stack.js';
import { signInToConsole, startStackWithSupervisor, type StaffAccount } from './supervisor-stack.js';

const KIOSK = 'K62';
let stack: Stack;
let browser: Browser;
let supervisor: StaffAccount;

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  ({ stack, supervisor } = await startStackWithSupervisor(KIOSK, { username: 'wang.ops', displayName: 'Wang Ops' }));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function openConsole(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await signInToConsole(page, stack.hub.hub.url, supervisor);
  await page.getByTestId('tab-fleet').click();
  const row = page.locator(`[data-testid="fleet-kiosk"][data-kiosk="${KIOSK}"]`);
  await expect.poll(() => row.getAttribute('data-online'), { timeout: 20_000 }).toBe('true');
  await row.getByTestId('fleet-kiosk-open').click();
  await page.getByTestId('fleet-commands').waitFor();
  return page;
}

const newest = (console: Page, kind: string) => console.locator(`[data-testid="fleet-command"][data-kind="${kind}"]`).first();

describe('remote commands from the fleet console', () => {
  it('takes the kiosk out of service after the current customer, and back; reloads its screen; a device test reports back', async () => {
    const kiosk = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await kiosk.goto(stack.page.url);
    await kiosk.getByTestId('attract').waitFor();
    // A customer takes a ticket and is still looking at it.
    await kiosk.getByTestId('attract').click();
    await kiosk.getByTestId('language-en').click();
    await kiosk.getByTestId('tile-queue').click();
    await kiosk.getByTestId('service-deposits').click();
    await kiosk.getByTestId('ticket-number').waitFor();

    const console = await openConsole();
    await console.getByTestId('fleet-command-enter-maintenance').click();
    const enter = newest(console, 'enter-maintenance');
    await expect.poll(() => enter.getAttribute('data-status'), { timeout: 15_000 }).toBe('delivered');
    await shot(console, 'fleet-commands-maintenance-waiting-en');
    // The customer is not cut off: the ticket stays on screen, and the command keeps waiting.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await kiosk.getByTestId('ticket-number').isVisible()).toBe(true);
    expect(await enter.getAttribute('data-status')).toBe('delivered');

    await kiosk.getByTestId('done-button').click();
    // The visit ends after the satisfaction question (skipped here), not at Done.
    await kiosk.getByTestId('feedback-skip').click();
    await kiosk.getByTestId('out-of-service').waitFor({ timeout: 10_000 });
    await expect.poll(() => enter.getAttribute('data-status'), { timeout: 15_000 }).toBe('succeeded');
    expect(await enter.getByTestId('fleet-command-result').innerText()).toMatch(/waited \d+ s for the customer to finish/);
    await shot(kiosk, 'fleet-commands-kiosk-out-of-service');
    await shot(console, 'fleet-commands-maintenance-done-en');

    await console.getByTestId('fleet-command-leave-maintenance').click();
    await expect.poll(() => newest(console, 'leave-maintenance').getAttribute('data-status'), { timeout: 15_000 }).toBe('succeeded');
    await kiosk.getByTestId('attract').waitFor({ timeout: 10_000 });
    expect(await kiosk.getByTestId('out-of-service').count()).toBe(0);

    // Reload the screen: nobody at the kiosk, so the page reloads at once (a fresh document).
    await kiosk.evaluate(() => ((window as unknown as { __beforeReload?: boolean }).__beforeReload = true));
    await console.getByTestId('fleet-command-reload-ui').click();
    await expect.poll(() => newest(console, 'reload-ui').getAttribute('data-status'), { timeout: 15_000 }).toBe('succeeded');
    await expect.poll(() => kiosk.evaluate(() => (window as unknown as { __beforeReload?: boolean }).__beforeReload ?? false), { timeout: 10_000 }).toBe(false);
    await kiosk.getByTestId('attract').waitFor({ timeout: 10_000 });

    await console.getByTestId('fleet-command-test').selectOption('print');
    await console.getByTestId('fleet-command-device-test').click();
    const test = newest(console, 'device-test');
    await expect.poll(() => test.getAttribute('data-status'), { timeout: 20_000 }).toBe('succeeded');
    expect(await test.getByTestId('fleet-command-result').innerText()).toContain('test: passed');

    await console.getByTestId('console-language').click();
    await expect.poll(() => enter.locator('strong').innerText()).toBe('暂停服务');
    expect(await enter.getByTestId('fleet-command-status').innerText()).toBe('已完成');
    await shot(console, 'fleet-commands-zh-CN');
    await console.close();
    await kiosk.close();
  });
});
