// Issue 10, a declined stored payment end to end in Chromium: while the kiosk cannot reach the
// hub, a customer pays an electricity bill of ¥412.05 with the demo card K1002, whose account
// holds ¥320.50; the kiosk stores the payment and the receipt says pending. The hub comes back,
// the kiosk syncs, the hub forwards the payment to the demo bank, which declines it for
// insufficient funds. A supervisor finds it in the console's Follow-ups tab with what is needed
// to contact the customer, resolves it with a note, and it leaves the open list for the
// resolved one, with who resolved it. Console screens are checked with axe-core and
// photographed (screenshots/declined-payments-*.png).
//
// "The hub is away" is a TCP relay between the kiosk host and the hub that is stopped and
// started again: the hub keeps its in-memory database, and the console talks to it directly.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MsrSimulator } from '../../drivers/card/msr-simulator.node.js';
import type { BarcodeSimulator } from '../../drivers/barcode/simulator.node.js';
import type { PinPadSimulator } from '../../drivers/pinpad/simulator.node.js';
import { newTotpSecret, totpCode } from '../../hub/assist/staff/totp.js';
import { ASSIST_PATHS } from '../../protocol/assist-signaling.js';
import { BANKING_STAFF_PATHS, followUpsResponseSchema } from '../../protocol/core-banking.js';
import { createStaffResponseSchema, staffLoginResponseSchema } from '../../protocol/staff-api.js';
import { expectAccessible, launchChromium, SCREENSHOTS, startStack, type Stack } from './stack.js';
import { signInToConsole, type StaffAccount } from './supervisor-stack.js';

/** A TCP relay to the hub that can be switched off (connections refused, open ones cut) and on again on the same port. */
class HubRelay {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private target: number | null = null;
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Until the hub's port is known, connections are refused, as if the hub were away. */
  pointAt(hubUrl: string): void {
    this.target = Number(new URL(hubUrl).port);
  }

  async start(): Promise<void> {
    const server = net.createServer((client) => {
      if (this.target === null) return client.destroy();
      const upstream = net.connect(this.target, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    // Keep-alive connections would otherwise still reach the hub.
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

const relay = new HubRelay();
let stack: Stack;
let browser: Browser;
let supervisor: StaffAccount;
let adminToken: string;

const simulated = { transport: { type: 'simulated' } } as const;
// Demo data (hub/banking/README.md): K1002 (LI NA, stripe card, PIN 246810) pays from A2001,
// which holds ¥320.50; electricity bill EB-202611-0002 is ¥412.05.
const K1002 = { pan: '6222021000000000025', name: { surname: 'LI', given: 'NA' }, expiry: { year: 2029, month: 8 }, serviceCode: '101' };
const K1002_PIN = '246810';
const BILL_TOO_BIG = 'BKBILL1|sgcc-sh|3100654321|EB-202611-0002|CNY|41205';

const card = (): MsrSimulator => stack.host.devices.simulatorControls('card') as MsrSimulator;
const pinpad = (): PinPadSimulator => stack.host.devices.simulatorControls('pinpad') as PinPadSimulator;
const scanner = (): BarcodeSimulator => stack.host.devices.simulatorControls('scanner') as BarcodeSimulator;
const hubUrl = () => stack.hub.hub.url;
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `declined-payments-${name}.png`), fullPage: true });

async function hubPost(url: string, body: unknown, token?: string): Promise<unknown> {
  const res = await fetch(`${hubUrl()}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await relay.start();
  const admin: StaffAccount = { username: 'payments-admin', password: randomBytes(12).toString('base64url'), totpSecret: newTotpSecret() };
  // The hub seeds its first admin from these at start; they must not leak into later stacks.
  const seed = { HUB_SEED_ADMIN_USERNAME: admin.username, HUB_SEED_ADMIN_PASSWORD: admin.password, HUB_SEED_ADMIN_TOTP_SECRET: admin.totpSecret };
  Object.assign(process.env, seed);
  try {
    stack = await startStack({
      kioskId: 'K41',
      branchId: 'BR041',
      hubUrl: relay.url,
      devices: [
        { role: 'receipt', kind: 'receipt-printer', driver: 'escpos', ...simulated },
        { role: 'card', kind: 'card-reader', driver: 'msr-serial', ...simulated },
        { role: 'pinpad', kind: 'pin-pad', driver: 'epp-serial', ...simulated },
        { role: 'scanner', kind: 'barcode-scanner', driver: 'barcode-serial', ...simulated },
      ],
    });
  } finally {
    for (const key of Object.keys(seed)) delete process.env[key];
  }
  relay.pointAt(hubUrl());
  // Offline payments need one successful contact first (the store-and-forward rules count from it).
  await vi.waitFor(() => stack.host.syncNow(), { timeout: 30_000, interval: 500 });
  await vi.waitFor(() => expect(stack.host.devices.list().map((d) => d.state)).toEqual(['ready', 'ready', 'ready', 'ready']), { timeout: 60_000, interval: 200 });

  const adminLogin = staffLoginResponseSchema.parse(await hubPost(ASSIST_PATHS.staffLogin, { username: admin.username, password: admin.password, totp: totpCode(admin.totpSecret, Date.now()) }));
  const password = randomBytes(12).toString('base64url');
  const created = createStaffResponseSchema.parse(
    await hubPost(ASSIST_PATHS.staffUsers, { username: 'payments-supervisor', displayName: 'Zhou Min', role: 'supervisor', password, languages: ['zh-CN', 'en'], topics: ['payments'] }, adminLogin.token),
  );
  supervisor = { username: 'payments-supervisor', password, totpSecret: created.totpSecret };
  adminToken = adminLogin.token;
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await relay.stop();
});

describe('issue 10: a stored payment the bank declines reaches the console follow-up list', () => {
  it('is paid offline (pending), declined when the hub is back, shown to a supervisor, resolved with a note', async () => {
    // The customer, with the hub away.
    const kiosk = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await kiosk.goto(stack.page.url);
    await kiosk.getByTestId('attract').click();
    await kiosk.getByTestId('language-en').click();
    await kiosk.getByTestId('tile-pay-bill').click();
    await kiosk.getByTestId('biller-sgcc-sh').waitFor();
    await relay.stop();
    await scanner().scan(BILL_TOO_BIG);
    await kiosk.getByTestId('bill-shown-screen').waitFor();
    expect(await kiosk.getByTestId('bill-amount').innerText()).toBe('CN¥412.05');
    await kiosk.getByTestId('pay-by-card').click();
    await kiosk.getByTestId('bill-card-screen').waitFor();
    await card().swipe(K1002);
    await kiosk.getByTestId('bill-pin-screen').waitFor();
    await pinpad().whenEntryStarts(15_000);
    await pinpad().type(K1002_PIN, { enter: true });
    await kiosk.getByTestId('bill-offline-notice').waitFor({ timeout: 30_000 });
    await kiosk.getByTestId('confirm-payment').click();
    await kiosk.locator('[data-testid="bill-outcome"][data-outcome="pending"]').waitFor();
    const receipt = await stack.sim.waitForJob(15_000);
    expect(receipt.text).toContain('PENDING: stored on this kiosk');
    await kiosk.getByTestId('bill-done').click();
    await kiosk.getByTestId('feedback-skip').click();
    await kiosk.getByTestId('attract').waitFor();
    await kiosk.close();

    // The hub is back: the kiosk syncs the stored payment, the hub forwards it, the bank declines.
    await relay.start();
    await vi.waitFor(() => stack.host.syncNow(), { timeout: 30_000, interval: 500 });
    const openFollowUps = async () => {
      const res = await fetch(`${hubUrl()}${BANKING_STAFF_PATHS.followUps}`, { headers: { authorization: `Bearer ${adminToken}` } });
      return followUpsResponseSchema.parse(await res.json()).items.map((item) => [item.kioskId, item.status, item.reason, item.amount?.minor]);
    };
    await expect.poll(openFollowUps, { timeout: 30_000, interval: 1_000 }).toEqual([['K41', 'declined', 'insufficient-funds', 41_205]]);

    // A supervisor in the console.
    const console = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signInToConsole(console, hubUrl(), supervisor);
    await console.getByTestId('tab-follow-ups').click();
    const row = console.getByTestId('stored-payment-row');
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('declined');
    const text = await row.innerText();
    for (const fact of ['K41', 'Branch BR041', 'State Grid Shanghai — electricity', '3100654321', 'CN¥412.05', '622202*********0025', 'Not enough money in the account', 'Declined by the bank']) expect(text).toContain(fact);
    await console.getByTestId('stored-payments').scrollIntoViewIfNeeded();
    await shot(console, 'open-en');
    await expectAccessible(console, 'declined payments, open (en)');

    await console.getByTestId('console-language').click();
    await expect.poll(() => row.getByTestId('stored-payment-reason').innerText()).toBe('账户余额不足');
    expect(await row.getByTestId('stored-payment-amount').innerText()).toBe('¥412.05');
    await shot(console, 'open-zh-CN');
    await expectAccessible(console, 'declined payments, open (zh-CN)');
    await console.getByTestId('console-language').click();

    await row.getByTestId('stored-payment-resolve').click();
    const form = console.getByTestId('stored-payment-form');
    await form.getByLabel('What was done and agreed with the customer').fill('Called Ms Li: she will pay at the counter on Monday.');
    await shot(console, 'resolve-en');
    await expectAccessible(console, 'declined payments, resolve form (en)');
    await form.getByTestId('stored-payment-submit').click();
    await console.getByTestId('stored-payments-empty').waitFor();
    expect(await console.getByTestId('stored-payment-row').count()).toBe(0);
    expect(await openFollowUps()).toEqual([]);

    await console.getByTestId('stored-payments-filter-resolved').click();
    const done = console.getByTestId('stored-payment-row');
    await done.waitFor();
    const resolved = await done.getByTestId('stored-payment-resolved').innerText();
    expect(resolved).toMatch(/^Zhou Min, \d\d\/\d\d\/\d{4}, \d\d:\d\d/);
    expect(resolved).toContain('Called Ms Li: she will pay at the counter on Monday.');
    await shot(console, 'resolved-en');
    await expectAccessible(console, 'declined payments, resolved (en)');
    await console.close();
  });
});
