// A technician in Chromium against the real host, printer simulator and hub: the hidden
// gesture, PIN pad + TOTP, a print test that passes, one that fails on a paper-out printer
// (recorded and audited, the audit reaching the hub), the log viewer, Leave; and the
// out-of-service screen appearing by itself when the printer runs out of paper and going when
// paper is back. Screens are checked with axe-core and photographed in both languages.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTechnicianCredentials, technicianFile } from '../../electron/host/service-mode/technician-credentials.node.js';
import { totpCode } from '../../electron/host/service-mode/totp.js';
import { expectAccessible, launchChromium, SCREENSHOTS, type Stack, startStack } from './stack.js';

const PIN = '480261';
let stack: Stack;
let browser: Browser;
let secret: string;
/** A TOTP code is good once: each sign-in takes the code of a later 30 s step (±1 step is accepted). */
let signIns = 0;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  stack = await startStack({ kioskId: 'K31', ticketPrefix: '3', technician: { outOfServiceGraceMs: 500 } }, { logToFile: true });
  ({ totpSecret: secret } = await setTechnicianCredentials({ file: technicianFile(stack.host.config.dataDir, null), technicianId: 'tech-e2e', pin: PIN, cost: { N: 1024, r: 8, p: 1 } }));
  browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `service-${name}.png`) });

async function openKiosk(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(stack.page.url);
  await page.locator('[data-testid="attract"], [data-testid="out-of-service"]').first().waitFor();
  return page;
}

async function tapPin(page: Page, digits: string): Promise<void> {
  for (const d of digits) await page.getByTestId(`pin-key-${d}`).click();
}

async function signIn(page: Page): Promise<void> {
  for (let i = 0; i < 5; i++) await page.mouse.click(30, 30);
  await page.getByTestId('service-login-pin').waitFor();
  await tapPin(page, PIN);
  await page.getByTestId('login-next').click();
  await page.getByTestId('service-login-totp').waitFor();
  await tapPin(page, totpCode(secret, Date.now() + signIns++ * 30_000));
  await page.getByTestId('login-submit').click();
  await page.getByTestId('service-kiosk-line').waitFor();
}

async function hubAudit(): Promise<{ action: string; outcome: string; detail: Record<string, unknown> }[]> {
  const body = await stack.hub.staffGet<{ items: { type: string; payload: { action: string; outcome: string; detail: Record<string, unknown> } }[] }>('/v1/transactions?kioskId=K31');
  return body.items.filter((i) => i.type === 'kiosk.audit.service').map((i) => i.payload);
}

const testRow = (page: Page, test: string) => page.getByTestId(`test-${test}`);

describe('service mode in Chromium', () => {
  it('enters with the gesture + PIN + TOTP, runs print tests (pass, then fail on paper-out), views logs and leaves (zh-CN)', async () => {
    const page = await openKiosk();
    // Four taps are not the gesture: the attract screen stays.
    for (let i = 0; i < 4; i++) await page.mouse.click(30, 30);
    expect(await page.getByTestId('attract').isVisible()).toBe(true);
    await page.mouse.click(30, 30);
    await page.getByTestId('service-login-pin').waitFor();
    await tapPin(page, PIN);
    expect(await page.getByTestId('pin-dots').locator('.pin-pad__dot--on').count()).toBe(6);
    expect(await page.locator('body').innerText()).not.toContain(PIN);
    await shot(page, '01-pin-zh-CN');
    await expectAccessible(page, 'PIN pad');
    await page.getByTestId('login-next').click();
    await tapPin(page, totpCode(secret, Date.now() + signIns++ * 30_000));
    await shot(page, '02-totp-zh-CN');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('service-kiosk-line').waitFor();
    expect(await page.getByTestId('service-kiosk-line').innerText()).toContain('tech-e2e');

    await page.getByTestId('run-print').click();
    await expect.poll(() => testRow(page, 'print').innerText(), { timeout: 20_000 }).toContain('通过');
    expect((await stack.sim.waitForJob()).text).toContain('PRINTER TEST');
    await shot(page, '03-tests-pass-zh-CN');
    await expectAccessible(page, 'device tests');

    stack.sim.setPaper('out');
    await page.getByTestId('run-print').click();
    await expect.poll(() => testRow(page, 'print').innerText(), { timeout: 20_000 }).toContain('paper-out');
    expect(await testRow(page, 'print').innerText()).toContain('未通过');
    await shot(page, '04-tests-fail-zh-CN');
    stack.sim.setPaper('ok');

    await page.getByTestId('nav-logs').click();
    await page.getByTestId('log-lines').waitFor();
    expect(await page.getByTestId('log-lines').innerText()).toContain('service mode: device test');
    await shot(page, '05-logs-zh-CN');
    await expectAccessible(page, 'logs');
    await page.getByTestId('log-level-error').click();
    // The filtered page itself (no error lines yet), not the previous page still on screen.
    await page.getByTestId('log-empty').waitFor();
    expect(await page.getByTestId('log-lines').count()).toBe(0);

    await page.getByTestId('nav-restart').click();
    await page.getByTestId('service-restart').waitFor();
    await shot(page, '06-restart-zh-CN');
    await expectAccessible(page, 'restart');

    await page.getByTestId('service-exit').click();
    await page.locator('[data-testid="attract"], [data-testid="out-of-service"]').first().waitFor();

    // Every action reached the hub as an audit transaction, with who did it and what came out.
    // A page of the log read twice is audited twice (seen: the first page loaded twice on a
    // loaded machine), so repeats of the same read are folded before comparing.
    const folded = (audit: Awaited<ReturnType<typeof hubAudit>>) =>
      audit.map((a) => `${a.action}:${a.outcome}${a.action === 'logs' ? `:${String(a.detail.minLevel)}` : ''}`).filter((entry, i, all) => !entry.startsWith('logs:') || entry !== all[i - 1]);
    await expect
      .poll(async () => folded(await hubAudit()), { timeout: 15_000 })
      .toEqual(['enter:ok', 'test:pass', 'test:fail', 'logs:ok:info', 'logs:ok:error', 'leave:ok']);
    expect((await hubAudit())[2]?.detail).toMatchObject({ test: 'print', reason: 'paper-out' });
    await page.close();
  });

  it('shows its screens in English, tests camera, microphone and the hub link, and reloads the screen', async () => {
    const page = await openKiosk();
    await page.getByTestId('attract').waitFor();
    await signIn(page);
    await page.getByTestId('service-language').click();
    await expect.poll(() => page.getByTestId('nav-tests').innerText()).toBe('Device tests');
    await page.getByTestId('run-camera').click();
    await expect.poll(() => testRow(page, 'camera').innerText(), { timeout: 20_000 }).toContain('Pass');
    await page.getByTestId('run-microphone').click();
    await expect.poll(() => testRow(page, 'microphone').innerText(), { timeout: 20_000 }).toContain('Pass');
    await page.getByTestId('run-hub').click();
    await expect.poll(() => testRow(page, 'hub').innerText(), { timeout: 20_000 }).toContain('Pass');
    await shot(page, '07-tests-en');
    await expectAccessible(page, 'device tests (en)');
    await page.getByTestId('nav-logs').click();
    await page.getByTestId('log-lines').waitFor();
    await shot(page, '08-logs-en');
    // Reload the screen: the page reloads itself and comes back to Attract, the session ended.
    await page.getByTestId('nav-restart').click();
    await Promise.all([page.waitForEvent('load'), page.getByTestId('restart-ui').click()]);
    await page.getByTestId('attract').waitFor();
    await expect.poll(async () => (await hubAudit()).map((a) => a.action), { timeout: 15_000 }).toContain('restart');
    expect((await hubAudit()).find((a) => a.action === 'restart')?.detail).toEqual({ target: 'ui', mode: 'reload-page' });
    await page.close();
  });
});

describe('out-of-service screen in Chromium', () => {
  it('appears by itself when the printer runs out of paper and goes when paper is back', async () => {
    const page = await openKiosk();
    await page.getByTestId('attract').waitFor();
    stack.sim.setPaper('out');
    // The printer's status poll sees it (≤ 5 s), then the host's grace period passes.
    await page.getByTestId('out-of-service').waitFor({ timeout: 20_000 });
    const text = await page.getByTestId('out-of-service').innerText();
    expect(text).toContain('本机暂停服务');
    expect(text).toContain('Please go to a counter, or use another self-service kiosk.');
    expect(text).toContain('打印机缺纸');
    await shot(page, '10-out-of-service-zh-CN');
    await expectAccessible(page, 'out of service');
    await page.getByTestId('out-of-service-language').click();
    expect(await page.locator('.out-of-service__block--lead').getAttribute('lang')).toBe('en');
    await shot(page, '11-out-of-service-en');

    stack.sim.setPaper('ok');
    await page.getByTestId('attract').waitFor({ timeout: 20_000 });
    await page.close();
  });

  it('lets a customer already inside finish, and shows at their next Home (elder mode)', async () => {
    const page = await openKiosk();
    await page.getByTestId('attract').click();
    await page.getByTestId('language-en').click();
    await page.getByTestId('elder-toggle').click();
    await page.getByTestId('tile-queue').click();
    await page.getByTestId('service-vip').waitFor();
    stack.sim.setPaper('out');
    const outOfService = async () => {
      const answer = await stack.host.dispatch('kiosk.outOfService', {});
      return answer.ok && (answer.result as { outOfService: boolean }).outOfService;
    };
    await expect.poll(outOfService, { timeout: 20_000 }).toBe(true);
    // The customer's screen stays where it was.
    expect(await page.getByTestId('service-vip').isVisible()).toBe(true);
    await page.getByTestId('home-button').click();
    await page.getByTestId('out-of-service').waitFor();
    expect(await page.locator('.out-of-service__block--lead').getAttribute('lang')).toBe('en');
    expect(await page.locator('html').getAttribute('data-elder')).not.toBeNull();
    await shot(page, '12-out-of-service-elder-en');
    await expectAccessible(page, 'out of service (elder)');
    stack.sim.setPaper('ok');
    await page.getByTestId('tile-queue').waitFor({ timeout: 20_000 });
    await page.close();
  });
});
