// Software updates in the console, in Chromium against the real hub and kiosk host: an admin
// creates an operations account in the console's Accounts tab; that user signs in and lands on the
// Fleet tab without any customer tab, where a paper-out alert arrives live (long poll: no call
// socket for operations); in Software updates they publish a release, start a
// rollout to a branch and a share of the rest, pause and resume it; who runs what shows the
// running kiosk's version and, marked, a kiosk of the branch that rolled back (its report
// sent signed, as a kiosk sends it). The alert webhook section takes an address and a
// secret. Checked with axe; screenshots in both languages.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSIST_PATHS } from '../../protocol/assist-signaling.js';
import { SOFTWARE_UPDATE_PATHS, type UpdateReport } from '../../protocol/software-updates.js';
import { createStaffResponseSchema } from '../../protocol/staff-api.js';
import { enrollTestKiosk, signedFetch } from '../../hub/testing/kiosk-auth.js';
import { expectAccessible, launchChromium, SCREENSHOTS, type Stack } from './stack.js';
import { signInToConsole, startStackWithSupervisor, type StaffAccount } from './supervisor-stack.js';

const KIOSK = 'K64';
const BRANCH = 'BJ-E2E';
const ROLLED_BACK = 'K64-RB';
let stack: Stack;
let browser: Browser;
let admin: StaffAccount;
let operations: StaffAccount;

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `fleet-releases-${name}.png`), fullPage: true });
const artifact = Buffer.from('branch kiosk 1.1.0 build for the e2e test');
const sha512 = createHash('sha512').update(artifact).digest('base64');

beforeAll(async () => {
  const started = await startStackWithSupervisor(KIOSK, { username: 'li.super', displayName: 'Li Supervisor' });
  stack = started.stack;
  // A second admin with known credentials, to create the operations account in the console.
  const adminPassword = 'second admin passphrase 64';
  const created = createStaffResponseSchema.parse(
    await started.hubRequest('POST', ASSIST_PATHS.staffUsers, { username: 'wu.admin', displayName: 'Wu Admin', role: 'admin', password: adminPassword }, started.adminToken),
  );
  admin = { username: 'wu.admin', password: adminPassword, totpSecret: created.totpSecret };
  // Raised without the default 30 s hold-down, so the test does not wait for it.
  await started.hubRequest('PUT', '/v1/staff/fleet/rules/printer-paper', { enabled: true, severity: 'warning', holdDownSec: 0, params: { kind: 'printer-paper', includeNearEnd: false } }, started.adminToken);
  // A kiosk of the branch whose update did not stick: it reports as the kiosk host would, signed.
  const rolledBack = await enrollTestKiosk(stack.hub.hub.authStore, ROLLED_BACK, BRANCH);
  const report: UpdateReport = { currentVersion: '1.0.0', previousVersion: '1.1.0', targetVersion: '1.1.0', state: 'rolled-back', reason: 'crash-loop', at: new Date().toISOString() };
  const res = await signedFetch(stack.hub.hub.url, rolledBack, { method: 'POST', url: SOFTWARE_UPDATE_PATHS.report.replace(':kioskId', ROLLED_BACK), payload: report });
  expect(res.status).toBe(204);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('software updates in the fleet console', () => {
  it('an admin creates the operations account in the console; its authenticator secret is shown once', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await signInToConsole(page, stack.hub.hub.url, admin);
    await page.getByTestId('tab-accounts').click();
    const form = page.getByTestId('accounts-form');
    await form.getByTestId('accounts-role').selectOption('operations');
    await form.getByTestId('accounts-username').fill('zhao.ops');
    await form.getByTestId('accounts-display-name').fill('Zhao Ops');
    const password = 'operations passphrase 64';
    await form.getByTestId('accounts-password').fill(password);
    await form.getByTestId('accounts-submit').click();
    const secret = (await form.getByTestId('accounts-totp-secret').innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await form.getByTestId('accounts-created').getAttribute('data-role')).toBe('operations');
    await expectAccessible(page, 'staff accounts (en)');
    await shot(page, 'accounts-created-en');
    operations = { username: 'zhao.ops', password, totpSecret: secret };
    await page.close();
  });

  it('an operations user publishes a release, starts, pauses and resumes a rollout, and sees who runs what', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await signInToConsole(page, stack.hub.hub.url, operations);
    // Straight to the fleet: no queue, supervisor or follow-up tab, no availability switch.
    await page.getByTestId('fleet-view').waitFor();
    expect(await page.getByTestId('tab-fleet').getAttribute('aria-pressed')).toBe('true');
    for (const hidden of ['tab-queue', 'tab-supervisor', 'tab-follow-ups', 'availability-toggle']) expect(await page.getByTestId(hidden).count(), hidden).toBe(0);
    const kioskRow = page.locator(`[data-testid="fleet-kiosk"][data-kiosk="${KIOSK}"]`);
    await expect.poll(() => kioskRow.getAttribute('data-online'), { timeout: 20_000 }).toBe('true');
    const runningVersion = (await kioskRow.getByTestId('fleet-kiosk-version').innerText()).trim();
    expect(runningVersion).toMatch(/^\d+\.\d+\.\d+/);

    // Live alerts without the call socket: the long poll brings the paper-out event.
    const heard = page.waitForResponse(async (response) => response.url().includes('/v1/staff/fleet/alerts/changes') && (await response.text()).includes('printer-paper'), { timeout: 20_000 });
    stack.sim.setPaper('out');
    await heard;
    await page.locator('[data-testid="fleet-alert"][data-kind="printer-paper"]').waitFor({ timeout: 10_000 });
    await expectAccessible(page, 'fleet overview for operations (en)');
    await shot(page, 'live-alert-en');
    stack.sim.setPaper('ok');
    await page.getByTestId('fleet-no-alerts').waitFor({ timeout: 20_000 });

    await page.getByTestId('fleet-section-updates').click();
    const updates = page.getByTestId('fleet-updates');
    await expect.poll(() => updates.getAttribute('data-loaded')).toBe('true');
    expect(await updates.getByText('No release has been published yet.').count()).toBe(1);

    // Publish 1.1.0.
    const publish = page.getByTestId('fleet-publish-form');
    await publish.getByTestId('fleet-publish-version').fill('1.1.0');
    await publish.getByTestId('fleet-publish-url').fill('https://downloads.bank.example/branch-kiosk-1.1.0.tar.gz');
    await publish.getByTestId('fleet-publish-sha512').fill(sha512);
    await publish.getByTestId('fleet-publish-size').fill(String(artifact.length));
    await publish.getByTestId('fleet-publish-submit').click();
    expect(await publish.getByTestId('fleet-publish-outcome').innerText()).toBe('Release 1.1.0 published.');
    const release = page.locator('[data-testid="fleet-release"][data-version="1.1.0"]');
    await release.waitFor();
    expect(await release.getByTestId('fleet-release-hash').innerText()).toBe(`${sha512.slice(0, 16)}…`);
    expect(await release.innerText()).toContain('by Zhao Ops');

    // Roll it out to the branch and a tenth of the other kiosks, at night in Beijing.
    const start = page.getByTestId('fleet-start-form');
    await expect.poll(() => start.getByTestId('fleet-start-version').inputValue()).toBe('1.1.0');
    await start.getByTestId('fleet-start-branches').fill(BRANCH);
    await start.getByTestId('fleet-start-percentage').fill('10');
    await start.getByTestId('fleet-start-submit').click();
    expect(await start.getByTestId('fleet-start-outcome').innerText()).toBe('Rollout of 1.1.0 started.');
    const rollout = page.locator('[data-testid="fleet-rollout"][data-version="1.1.0"]');
    await rollout.waitFor();
    expect(await rollout.getByTestId('fleet-rollout-target').innerText()).toBe(`${BRANCH}; 10 % of the other kiosks`);
    expect(await rollout.getAttribute('data-phase')).toBe('active');

    // Who runs what: the running kiosk's version, and the branch's rolled-back kiosk marked and named.
    const branch = page.locator(`[data-testid="fleet-versions-branch"][data-branch="${BRANCH}"]`);
    await branch.waitFor();
    const troubleRow = branch.locator('[data-testid="fleet-version-row"][data-version="1.0.0"]');
    expect(await troubleRow.getAttribute('data-trouble')).toBe('true');
    expect(await troubleRow.getByTestId('fleet-version-rolled-back').innerText()).toBe('1');
    expect(await branch.getByTestId('fleet-version-trouble').innerText()).toContain(`${ROLLED_BACK}: rolled back (kept restarting), runs 1.0.0, was getting 1.1.0`);
    await expect.poll(() => updates.locator(`[data-testid="fleet-version-row"][data-version="${runningVersion}"]`).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expectAccessible(page, 'fleet releases (en)');
    await shot(page, 'rolling-out-en');

    // Pause: the kiosks stay where they are; resume.
    await rollout.getByTestId('fleet-rollout-pause').click();
    await expect.poll(() => rollout.getAttribute('data-phase')).toBe('paused');
    expect(await rollout.getByTestId('fleet-rollout-state').textContent()).toBe('paused');
    await shot(page, 'paused-en');

    // Widening down is explained, not sent.
    await rollout.getByTestId('fleet-rollout-percentage').fill('5');
    await rollout.getByTestId('fleet-rollout-widen').click();
    expect(await rollout.getByTestId('fleet-rollout-problem').innerText()).toBe('Give a share no lower than now, or branch codes.');

    await page.getByTestId('console-language').click();
    await expect.poll(() => updates.locator('h1').innerText()).toBe('软件更新');
    expect(await rollout.getByTestId('fleet-rollout-state').textContent()).toBe('已暂停');
    expect(await branch.getByTestId('fleet-version-trouble').innerText()).toContain('已回退（反复重启）');
    // Messages already on screen change language too.
    expect(await start.getByTestId('fleet-start-outcome').innerText()).toBe('已开始分批更新 1.1.0。');
    await expectAccessible(page, 'fleet releases (zh-CN)');
    await shot(page, 'paused-zh-CN');
    await rollout.getByTestId('fleet-rollout-resume').click();
    await expect.poll(() => rollout.getAttribute('data-phase')).toBe('active');

    // The alert webhook: an address and a secret; the secret is not shown back.
    await page.getByTestId('fleet-section-webhook').click();
    const webhook = page.getByTestId('fleet-webhook');
    await expect.poll(() => webhook.getAttribute('data-source')).toBe('none');
    await webhook.getByTestId('fleet-webhook-url').fill('https://tickets.bank.example/kiosk-alerts');
    await webhook.getByTestId('fleet-webhook-secret').fill('a webhook secret for the e2e test');
    await webhook.locator('[data-testid="fleet-webhook-kind"][data-kind="kiosk-offline"]').check();
    await webhook.locator('[data-testid="fleet-webhook-kind"][data-kind="crash-loop"]').check();
    await webhook.getByTestId('fleet-webhook-save').click();
    expect(await webhook.getByTestId('fleet-webhook-outcome').innerText()).toBe('已保存。');
    await expect.poll(() => webhook.getAttribute('data-source')).toBe('hub');
    expect(await webhook.getByTestId('fleet-webhook-secret').inputValue()).toBe('');
    expect(await page.content()).not.toContain('a webhook secret for the e2e test');
    await expectAccessible(page, 'fleet webhook (zh-CN)');
    await shot(page, 'webhook-zh-CN');
    await page.close();
  });
  it('an admin disables the operations account: its open console is signed out; enabled again, it signs in', async () => {
    const opsPage = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await signInToConsole(opsPage, stack.hub.hub.url, operations);
    await opsPage.getByTestId('fleet-view').waitFor();
    const adminPage = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await signInToConsole(adminPage, stack.hub.hub.url, admin);
    await adminPage.getByTestId('tab-accounts').click();
    const row = adminPage.locator('[data-testid="accounts-row"][data-username="zhao.ops"]');
    await row.getByTestId('accounts-disable').click();
    await expect.poll(() => row.getAttribute('data-disabled')).toBe('true');
    expect(await adminPage.getByTestId('accounts-list-outcome').innerText()).toBe('zhao.ops is disabled: signed out everywhere now.');
    // The admin's own row has no Disable.
    expect(await adminPage.locator('[data-testid="accounts-row"][data-username="wu.admin"]').getByTestId('accounts-disable').count()).toBe(0);
    await expectAccessible(adminPage, 'staff accounts list (en)');
    await shot(adminPage, 'accounts-disabled-en');
    // The operations console's next request is refused: it is back at sign-in.
    await opsPage.getByTestId('console-login').waitFor({ timeout: 20_000 });

    await row.getByTestId('accounts-enable').click();
    await expect.poll(() => row.getAttribute('data-disabled')).toBe('false');
    await signInToConsole(opsPage, stack.hub.hub.url, operations);
    await opsPage.getByTestId('fleet-view').waitFor({ timeout: 40_000 });
    await opsPage.close();
    await adminPage.close();
  });
});
