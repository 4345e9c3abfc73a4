// An operator's day in Chromium, against the real hub and kiosk host (simulated printer): an
// operations user points the alert webhook at the bank's ticketing system (a signed-body
// receiver here), a printer cover is left open at a branch → the alert reaches the fleet console
// live and the ticketing system signed → the operator acknowledges it and takes the kiosk out of
// service → the technician closes the cover, the alert resolves itself (console and webhook) →
// a printer test passes and the operator puts the kiosk back in service. Screenshots en, zh-CN.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_HEADERS, webhookBodySchema, type WebhookBody } from '../../protocol/fleet-alerts.js';
import { expectAccessible, launchChromium, SCREENSHOTS, type Stack } from './stack.js';
import { signInToConsole, startStackWithSupervisor, type StaffAccount } from './supervisor-stack.js';

const KIOSK = 'K63';
const SECRET = 'the ticketing system shares this secret';
let stack: Stack;
let browser: Browser;
let operator: StaffAccount;
let receiver: Server;
let receiverUrl: string;
/** Bodies whose signature checked out; a bad signature fails the test through `forged`. */
const received: WebhookBody[] = [];
let forged = 0;

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

function signatureValid(timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

beforeAll(async () => {
  const started = await startStackWithSupervisor(KIOSK, { username: 'li.ops', displayName: 'Li Ops', role: 'operations' });
  ({ stack, supervisor: operator } = started);
  // Raised without the default hold-down, so the test does not wait for it.
  await started.hubRequest('PUT', '/v1/staff/fleet/rules/printer-cover-open', { enabled: true, severity: 'warning', holdDownSec: 0, params: { kind: 'printer-cover-open' } }, started.adminToken);
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const ok = signatureValid(String(req.headers[WEBHOOK_HEADERS.timestamp] ?? ''), body, String(req.headers[WEBHOOK_HEADERS.signature] ?? ''));
      if (ok) received.push(webhookBodySchema.parse(JSON.parse(body)));
      else forged += 1;
      res.writeHead(ok ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/kiosk-alerts`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

const delivered = (event: WebhookBody['event']) => received.filter((b) => b.event === event && b.alert.kioskId === KIOSK && b.alert.kind === 'printer-cover-open');

describe("an operator's day", () => {
  it('fault → alert (console and signed webhook) → acknowledged, out of service → fixed on site → tested → back in service', async () => {
    const console = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await signInToConsole(console, stack.hub.hub.url, operator);
    await console.getByTestId('tab-fleet').click();

    // Morning: alerts to the bank's ticketing system.
    await console.getByTestId('fleet-section-webhook').click();
    const webhook = console.getByTestId('fleet-webhook');
    await expect.poll(() => webhook.getAttribute('data-loaded')).toBe('true');
    await webhook.getByTestId('fleet-webhook-url').fill(receiverUrl);
    await webhook.getByTestId('fleet-webhook-secret').fill(SECRET);
    await webhook.locator('[data-testid="fleet-webhook-kind"][data-kind="printer-cover-open"]').check();
    await webhook.getByTestId('fleet-webhook-enabled').check();
    await webhook.getByTestId('fleet-webhook-save').click();
    expect(await webhook.getByTestId('fleet-webhook-outcome').innerText()).toBe('Saved.');

    await console.getByTestId('fleet-section-overview').click();
    const row = console.locator(`[data-testid="fleet-kiosk"][data-kiosk="${KIOSK}"]`);
    await expect.poll(() => row.getAttribute('data-online'), { timeout: 20_000 }).toBe('true');
    const kiosk = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await kiosk.goto(stack.page.url);
    await kiosk.getByTestId('attract').waitFor();

    // A printer cover left open at the branch.
    const faultAt = Date.now();
    stack.sim.setCoverOpen(true);
    const alert = console.locator(`[data-testid="fleet-alert"][data-kind="printer-cover-open"][data-kiosk="${KIOSK}"]`);
    await alert.waitFor({ timeout: 20_000 });
    const onConsoleMs = Date.now() - faultAt;
    await expect.poll(() => delivered('alert.raised').length, { timeout: 20_000 }).toBe(1);
    const onWebhookMs = Date.now() - faultAt;
    process.stdout.write(`operator's day: cover open → fleet console ${onConsoleMs} ms, → signed webhook ${onWebhookMs} ms\n`);
    expect(await alert.innerText()).toContain('cover open');
    await expectAccessible(console, 'operator day, alert raised');
    await shot(console, 'operator-day-1-alert-en');

    await alert.getByTestId('fleet-acknowledge').click();
    await expect.poll(() => alert.getAttribute('data-state')).toBe('acknowledged');
    expect(await alert.getByTestId('fleet-acknowledged').innerText()).toContain('Acknowledged by Li Ops');

    // Out of service until the technician has been: nobody is at the kiosk, so at once.
    await row.getByTestId('fleet-kiosk-open').click();
    const command = (kind: string) => console.locator(`[data-testid="fleet-command"][data-kind="${kind}"]`).first();
    await console.getByTestId('fleet-command-enter-maintenance').click();
    await expect.poll(() => command('enter-maintenance').getAttribute('data-status'), { timeout: 20_000 }).toBe('succeeded');
    await kiosk.getByTestId('out-of-service').waitFor({ timeout: 10_000 });
    await shot(kiosk, 'operator-day-2-kiosk-out-of-service');
    await shot(console, 'operator-day-2-out-of-service-en');

    // The technician closes the cover: the alert resolves itself, here and at the ticketing system.
    stack.sim.setCoverOpen(false);
    await console.getByTestId('fleet-no-alerts').waitFor({ timeout: 20_000 });
    await expect.poll(() => delivered('alert.resolved').length, { timeout: 20_000 }).toBe(1);

    await console.getByTestId('fleet-command-test').selectOption('print');
    await console.getByTestId('fleet-command-device-test').click();
    await expect.poll(() => command('device-test').getAttribute('data-status'), { timeout: 20_000 }).toBe('succeeded');
    expect(await command('device-test').getByTestId('fleet-command-result').innerText()).toContain('test: passed');

    await console.getByTestId('fleet-command-leave-maintenance').click();
    await expect.poll(() => command('leave-maintenance').getAttribute('data-status'), { timeout: 20_000 }).toBe('succeeded');
    await kiosk.getByTestId('attract').waitFor({ timeout: 10_000 });

    // The day on record: the alert's history names who acknowledged it, and it is resolved.
    const history = console.getByTestId('fleet-detail').locator('[data-testid="fleet-detail-alerts"] li[data-state="resolved"]');
    await history.first().waitFor({ timeout: 20_000 });
    expect(await history.first().innerText()).toContain('Li Ops');
    expect(forged).toBe(0);
    await shot(console, 'operator-day-3-fixed-en');

    await console.getByTestId('console-language').click();
    await expect.poll(() => command('leave-maintenance').locator('strong').innerText()).toBe('恢复服务');
    await expectAccessible(console, 'operator day, zh-CN');
    await shot(console, 'operator-day-3-fixed-zh-CN');
    await console.close();
    await kiosk.close();
  });
});
