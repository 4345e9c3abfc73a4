// Issue 13, recommendations end to end in Chromium: a supervisor creates the rule in
// the console's Recommendations tab — after an electricity bill payment paid by card, suggest
// auto-pay — and the kiosk host pulls it; a customer (李娜, who accepts marketing at the demo
// bank) pays an electricity bill on the simulators in Chinese on a tall screen, taps Done and
// is offered auto-pay before the satisfaction question; "Yes" prints the information slip and
// the acceptance reaches the hub by sync, where the console shows it counted. A ticket taken in
// English on a wide screen (an anonymous journey) gets only service information. Every screen
// is checked with axe-core and photographed (screenshots/reco-*.png).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BarcodeSimulator } from '../../drivers/barcode/simulator.node.js';
import type { MsrSimulator } from '../../drivers/card/msr-simulator.node.js';
import type { PinPadSimulator } from '../../drivers/pinpad/simulator.node.js';
import { RECOMMENDATION_PATHS, ruleListResponseSchema, type RuleSummary } from '../../protocol/recommendations.js';
import { ticketInfoRule } from '../../protocol/recommendations.testing.js';
import { expectAccessible, launchChromium, SCREENSHOTS } from './stack.js';
import { signInToConsole, startStackWithSupervisor, type SupervisorStack } from './supervisor-stack.js';

let s: SupervisorStack;
let browser: Browser;
// One console sign-in for the file: a second within the same 30 s would reuse its TOTP code, which the hub refuses.
let consolePage: Page;
const simulated = { transport: { type: 'simulated' } } as const;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  s = await startStackWithSupervisor(
    'K47',
    { username: 'reco-supervisor', displayName: 'Zhou Min' },
    {
      devices: [
        { role: 'receipt', kind: 'receipt-printer', driver: 'escpos', ...simulated },
        { role: 'card', kind: 'card-reader', driver: 'msr-serial', ...simulated },
        { role: 'pinpad', kind: 'pin-pad', driver: 'epp-serial', ...simulated },
        { role: 'scanner', kind: 'barcode-scanner', driver: 'barcode-serial', ...simulated },
      ],
    },
  );
  await vi.waitFor(() => expect(s.stack.host.devices.list().map((d) => d.state)).toEqual(['ready', 'ready', 'ready', 'ready']), { timeout: 60_000, interval: 200 });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await s?.stack.close();
});

// Demo data (hub/banking/README.md): K1002 is 李娜's magstripe card; she accepts marketing.
const K1002 = { pan: '6222021000000000025', name: { surname: 'LI', given: 'NA' }, expiry: { year: 2029, month: 8 }, serviceCode: '101' };
const K1002_PIN = '246810';
const ELECTRICITY_BILL_QR = 'BKBILL1|sgcc-sh|3100123456|EB-202611-0001|CNY|25680';

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `reco-${name}.png`), fullPage: true });

async function rules(): Promise<RuleSummary[]> {
  const res = await fetch(`${s.stack.hub.hub.url}${RECOMMENDATION_PATHS.list}`, { headers: { authorization: `Bearer ${s.adminToken}` } });
  expect(res.status).toBe(200);
  return ruleListResponseSchema.parse(await res.json()).rules;
}
const countsOf = async (name: string) => (await rules()).find((r) => r.definition.name === name)?.counts;

describe('recommendations: console rule → pull → suggestion after a bill payment → counted', () => {
  it('a supervisor creates the auto-pay rule in the console, and it explains itself', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    consolePage = page;
    await signInToConsole(page, s.stack.hub.hub.url, s.supervisor);
    await page.getByTestId('tab-recommendations').click();
    await page.getByTestId('recommendations-view').waitFor();
    await page.getByTestId('reco-new').click();
    await page.getByTestId('reco-name').fill('Auto-pay after electricity');
    await page.getByTestId('reco-journey').selectOption('bill-payment');
    await page.getByTestId('reco-outcome').selectOption('success');
    await page.getByTestId('reco-biller-category').selectOption('electricity');
    await page.getByTestId('reco-paid-by-card').check();
    await page.getByTestId('reco-kind').selectOption('marketing');
    await page.getByTestId('reco-title-zh').fill('开通电费自动缴费');
    await page.getByTestId('reco-title-en').fill('Pay electricity automatically');
    await page.getByTestId('reco-text-zh').fill('每月自动从您的账户缴纳电费，不再错过缴费日期。说明单上有开通方法。');
    await page.getByTestId('reco-text-en').fill('Your electricity bill is paid from your account every month, never late. The slip says how to sign up.');
    await page.getByTestId('reco-action').selectOption('slip');
    await page.getByTestId('reco-priority').fill('20');
    await page.getByTestId('reco-save').click();
    await page.getByTestId('reco-explain').waitFor();
    expect(await page.getByTestId('reco-explain').textContent()).toContain('After a bill payment that succeeded, when the biller category is electricity, and it was paid by card');
    expect(await page.getByTestId('reco-audit').textContent()).toContain('Zhou Min · created v1');
    await expectAccessible(page, 'console recommendation rule');
    await shot(page, 'console-rule-en');
    await page.getByTestId('reco-close').click();
    expect((await rules()).map((r) => [r.definition.name, r.enabled])).toEqual([['Auto-pay after electricity', true]]);
    // A service-information rule for tickets, written through the same staff API.
    await s.hubRequest('POST', RECOMMENDATION_PATHS.list, { definition: ticketInfoRule({ when: { journey: 'queue-ticket', outcome: 'success', conditions: [{ field: 'serviceId', in: ['deposits'] }] } }), enabled: true }, s.adminToken);
  }, 120_000);

  it('zh-CN, tall screen: after paying an electricity bill by card the customer is offered auto-pay, accepts, and the slip prints', async () => {
    await s.stack.host.syncNow();
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await page.goto(s.stack.page.url);
    await page.getByTestId('attract').click();
    await page.getByTestId('language-zh').click();
    await page.getByTestId('tile-pay-bill').click();
    await page.getByTestId('biller-sgcc-sh').waitFor();
    await (s.stack.host.devices.simulatorControls('scanner') as BarcodeSimulator).scan(ELECTRICITY_BILL_QR);
    await page.getByTestId('pay-by-card').click();
    await page.getByTestId('bill-card-screen').waitFor();
    await (s.stack.host.devices.simulatorControls('card') as MsrSimulator).swipe(K1002);
    await page.getByTestId('bill-pin-screen').waitFor();
    const pinpad = s.stack.host.devices.simulatorControls('pinpad') as PinPadSimulator;
    await pinpad.whenEntryStarts(15_000);
    await pinpad.type(K1002_PIN, { enter: true });
    await page.getByTestId('confirm-payment').click();
    await page.locator('[data-testid="bill-outcome"][data-outcome="approved"]').waitFor();
    await s.stack.sim.waitForJob(15_000); // the payment receipt

    await page.getByTestId('bill-done').click();
    const card = page.getByTestId('recommendation-card');
    await card.waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('开通电费自动缴费');
    expect(await card.textContent()).toContain('为您推荐');
    await expectAccessible(page, 'kiosk recommendation zh-CN portrait');
    await shot(page, 'kiosk-offer-portrait-zh-CN');

    await page.getByTestId('recommendation-yes').click();
    await expect.poll(() => page.getByTestId('recommendation-outcome').textContent()).toBe('正在打印说明单，请取走。');
    const slip = await s.stack.sim.waitForJob(15_000);
    expect(slip.text).toContain('开通电费自动缴费');
    expect(slip.text).toContain('Pay electricity automatically');
    await expectAccessible(page, 'kiosk recommendation accepted zh-CN');
    await shot(page, 'kiosk-accepted-portrait-zh-CN');
    await page.getByTestId('recommendation-continue').click();
    await page.getByTestId('feedback-screen').waitFor();
    await page.getByTestId('feedback-skip').click();
    await page.getByTestId('attract').waitFor();
    await page.close();

    // Shown and accepted reach the hub by sync, counted for this rule only.
    await expect.poll(() => countsOf('Auto-pay after electricity'), { timeout: 20_000 }).toEqual({ shown: 1, accepted: 1, declined: 0 });
  }, 180_000);

  it('en, wide screen, large text: a ticket (no card) gets service information only; No thanks goes on', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(s.stack.page.url);
    await page.getByTestId('attract').click();
    await page.getByTestId('language-en').click();
    await page.getByTestId('elder-toggle').click();
    await page.getByTestId('tile-queue').click();
    await page.getByTestId('service-deposits').click();
    await page.getByTestId('ticket-number').waitFor();
    await page.getByTestId('done-button').click();
    const card = page.getByTestId('recommendation-card');
    await card.waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Have your ID card ready');
    expect(await card.textContent()).toContain('Good to know');
    await expectAccessible(page, 'kiosk recommendation en landscape elder');
    await shot(page, 'kiosk-offer-landscape-en-elder');
    await page.getByTestId('recommendation-no').click();
    await page.getByTestId('feedback-screen').waitFor();
    await page.getByTestId('feedback-skip').click();
    await page.getByTestId('attract').waitFor();
    await page.close();
    await expect.poll(() => countsOf(ticketInfoRule().name), { timeout: 20_000 }).toEqual({ shown: 1, accepted: 0, declined: 1 });
  }, 120_000);

  it('the console shows the counts and the acceptance rate', async () => {
    const page = consolePage;
    await page.getByTestId('reco-refresh').click();
    const row = page.locator('[data-testid="reco-row"][data-rule="Auto-pay after electricity"]');
    await row.waitFor();
    await expect.poll(() => row.getByTestId('reco-row-shown').textContent()).toBe('1');
    expect([await row.getByTestId('reco-row-shown').textContent(), await row.getByTestId('reco-row-accepted').textContent(), await row.getByTestId('reco-row-rate').textContent()]).toEqual(['1', '1', '100%']);
    await expectAccessible(page, 'console recommendations list');
    await shot(page, 'console-list-en');
    await page.close();
  }, 60_000);
});
