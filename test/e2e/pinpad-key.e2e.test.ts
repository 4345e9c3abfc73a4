// The PIN pad's per-device working key as a technician sees it: the real host with a simulated
// PIN pad (its TMK from the simulated key ceremony) gets its key from the hub as a TR-31 key
// block at start; service mode shows the key id and its check value — the pad's own KCV — and
// never the key. Both languages, axe-clean, photographed.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PinPadSimulator } from '../../drivers/pinpad/simulator.node.js';
import { setTechnicianCredentials, technicianFile } from '../../electron/host/service-mode/technician-credentials.node.js';
import { totpCode } from '../../electron/host/service-mode/totp.js';
import { expectAccessible, launchChromium, SCREENSHOTS, type Stack, startStack } from './stack.js';

const PIN = '480261';
const simulated = { transport: { type: 'simulated' } } as const;
let stack: Stack;
let browser: Browser;
let secret: string;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  stack = await startStack({
    kioskId: 'K32',
    ticketPrefix: '3',
    devices: [
      { role: 'receipt', kind: 'receipt-printer', driver: 'escpos', ...simulated },
      { role: 'pinpad', kind: 'pin-pad', driver: 'epp-serial', ...simulated },
    ],
  });
  ({ totpSecret: secret } = await setTechnicianCredentials({ file: technicianFile(stack.host.config.dataDir, null), technicianId: 'tech-e2e', pin: PIN, cost: { N: 1024, r: 8, p: 1 } }));
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function signIn(page: Page, step: number): Promise<void> {
  for (let i = 0; i < 5; i++) await page.mouse.click(30, 30);
  await page.getByTestId('service-login-pin').waitFor();
  for (const d of PIN) await page.getByTestId(`pin-key-${d}`).click();
  await page.getByTestId('login-next').click();
  await page.getByTestId('service-login-totp').waitFor();
  for (const d of totpCode(secret, Date.now() + step * 30_000)) await page.getByTestId(`pin-key-${d}`).click();
  await page.getByTestId('login-submit').click();
  await page.getByTestId('service-kiosk-line').waitFor();
}

describe('PIN pad working key in service mode', () => {
  it("shows the key id and the pad's KCV, never the key (zh-CN, then en)", async () => {
    await vi.waitFor(() => expect(stack.host.devices.pinWorkingKey()).not.toBeNull(), { timeout: 30_000, interval: 200 });
    const loaded = stack.host.devices.pinWorkingKey();
    const pad = stack.host.devices.simulatorControls('pinpad') as PinPadSimulator;
    expect(pad.epp.workingKey).toEqual(loaded);
    expect(loaded?.keyId).toMatch(/^pek-[0-9a-f]{8}-[0-9a-f]{8}$/);

    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(stack.page.url);
    await page.locator('[data-testid="attract"], [data-testid="out-of-service"]').first().waitFor();
    await signIn(page, 0);
    const line = page.getByTestId('service-pin-key');
    await expect.poll(() => line.innerText()).toContain(loaded?.kcv ?? '?');
    expect(await line.innerText()).toContain(loaded?.keyId ?? '?');
    expect(await line.innerText()).toContain('校验值');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'pinpad-key-zh-CN.png') });
    await expectAccessible(page, 'service mode with the PIN key (zh-CN)');
    await page.getByTestId('service-language').click();
    await expect.poll(() => line.innerText()).toContain('check value (KCV)');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'pinpad-key-en.png') });
    await expectAccessible(page, 'service mode with the PIN key (en)');
    // Only the check value: no 32-hex-digit string (a key) anywhere on the page.
    expect(await page.locator('body').innerText()).not.toMatch(/[0-9A-Fa-f]{32}/);
    await page.close();
  }, 120_000);
});
