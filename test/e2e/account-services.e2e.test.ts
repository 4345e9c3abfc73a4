// Balances and statements in Chromium against the real host and a hub running the demo bank,
// every device a protocol simulator driven through its real driver: the magstripe reader gets
// the demo card K1002 (hub/banking/README.md), the PIN pad simulator types the PIN, the ESC/POS
// printer simulator captures the slips and the statement pages — and runs out of paper part-way
// through page 2 of a statement, then gets paper back. Each screen is checked with axe-core,
// measured for fit and photographed (test/e2e/screenshots/accounts-*.png) on the diagonal:
// a tall screen in Chinese (large text) and a wide screen in English.
//
// The demo account A2001 has two entries; the hub here adds 30 in October (the demo bank's own
// tables, before the kiosk asks), so a "last 3 months" statement has two pages of 20 entries.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MsrSimulator } from '../../drivers/card/msr-simulator.node.js';
import type { EscPosSimulator } from '../../drivers/escpos/simulator.node.js';
import type { ChinaIdSimulator } from '../../drivers/id/china/simulator.node.js';
import { SAMPLE_CARD } from '../../drivers/id/china/sim/sample-card.js';
import type { PinPadSimulator } from '../../drivers/pinpad/simulator.node.js';
import { loadConfig } from '../../electron/host/config.js';
import { openCredentialsStore } from '../../electron/host/kiosk-credentials.node.js';
import { silentLogger } from '../../electron/host/log.node.js';
import { servePage, type PageServer } from '../../electron/host/page-server.node.js';
import { startHost, type KioskHost } from '../../electron/host/start-host.node.js';
import { enrollLocalKiosk } from '../../hub/auth/enroll-local.node.js';
import type { CoreBankingFactory } from '../../hub/banking/register-core-banking.node.js';
import { createDemoCoreBanking } from '../../hub/banking/demo/demo-core-banking.node.js';
import { startHub, type RunningHub } from '../../hub/start-hub.node.js';
import { FEEDBACK_TRANSACTION_TYPE } from '../../protocol/customer-feedback.js';
import { measureLayout } from './layout-measure.js';
import { expectAccessible, launchChromium, onDiagonal, SCREENSHOTS, SPEECH_RECORDER } from './stack.js';

const KIOSK = 'K41';
const simulated = { transport: { type: 'simulated' } } as const;
const viewports = { portrait: { width: 1080, height: 1920 }, landscape: { width: 1920, height: 1080 } } as const;

// Demo data (hub/banking/README.md): K1002 is a magstripe card (service code 101) for account A2001.
const K1002 = { pan: '6222021000000000025', name: { surname: 'LI', given: 'NA' }, expiry: { year: 2029, month: 8 }, serviceCode: '101' };
const K1002_PIN = '246810';
const ACCOUNT = 'A2001';

/** The demo bank, plus 30 October entries on A2001 that end where its November history starts (¥220.50). */
const demoBankWithHistory: CoreBankingFactory = async ({ db, secretKey }) => {
  const bank = await createDemoCoreBanking({ db, secretKey });
  for (let day = 1; day <= 30; day++) {
    const income = day % 2 === 1;
    await db.query('INSERT INTO demo_bank_ledger (account_id, amount_minor, balance_after_minor, description, booked_at) VALUES ($1, $2, $3, $4, $5)', [
      ACCOUNT,
      income ? 1_000 : -1_000,
      income ? 23_050 : 22_050,
      income ? '退款 / Refund' : '咖啡 / Coffee',
      `2026-10-${String(day).padStart(2, '0')}T12:00:00+08:00`,
    ]);
  }
  return bank;
};

let hub: RunningHub;
let host: KioskHost;
let pageServer: PageServer;
let browser: Browser;
const staffToken = randomBytes(32).toString('base64url');

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  hub = await startHub({ port: 0, host: '127.0.0.1', dataDir: 'memory://', auth: { tokens: { staffToken } }, coreBanking: demoBankWithHistory });
  const config = loadConfig({
    env: {},
    file: null,
    overrides: {
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'bk-e2e-')),
      hubUrl: hub.url,
      syncIntervalMs: 500,
      kioskId: KIOSK,
      devices: [
        { role: 'receipt', kind: 'receipt-printer', driver: 'escpos', ...simulated },
        { role: 'card', kind: 'card-reader', driver: 'msr-serial', ...simulated },
        { role: 'pinpad', kind: 'pin-pad', driver: 'epp-serial', ...simulated },
        { role: 'idcard', kind: 'id-reader', driver: 'cn-id', ...simulated },
      ],
    },
  });
  await openCredentialsStore({ dataDir: config.dataDir }).save(await enrollLocalKiosk(hub, KIOSK));
  host = await startHost({ config, logger: silentLogger() });
  pageServer = await servePage({ host, rendererDir: path.resolve('dist/renderer'), log: silentLogger() });
  await vi.waitFor(() => expect(host.devices.list().map((d) => d.state)).toEqual(['ready', 'ready', 'ready', 'ready']), { timeout: 60_000, interval: 200 });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await pageServer?.close();
  await host?.close();
  await hub?.close();
});

const printer = (): EscPosSimulator => {
  const sim = host.devices.simulator();
  if (!sim) throw new Error('expected the simulated printer');
  return sim;
};
const card = (): MsrSimulator => host.devices.simulatorControls('card') as MsrSimulator;
const pinpad = (): PinPadSimulator => host.devices.simulatorControls('pinpad') as PinPadSimulator;
const idReader = () => (host.devices.simulatorControls('idcard') as ChinaIdSimulator).reader;
// 李娜's resident ID (demo bank, hub/banking/README.md): her debit card K1002's PIN is her account password.
const LI_NA_ID = { ...SAMPLE_CARD, name: '李娜', birth: '19900228', idNumber: '110105199002280020' };

type Language = 'zh' | 'en';
type Orientation = keyof typeof viewports;

/** `home`: the menu is photographed and checked first under this name. */
async function openAccounts(orientation: Orientation, language: Language, elder: boolean, home?: string): Promise<Page> {
  const page = await browser.newPage({ viewport: viewports[orientation] });
  // A Chinese and an English voice; what is read aloud lands in window.__spoken.
  await page.addInitScript(SPEECH_RECORDER);
  await page.goto(pageServer.url);
  await page.getByTestId('attract').click();
  await page.getByTestId(`language-${language}`).click();
  if (elder) await page.getByTestId('elder-toggle').click();
  if (home) await check(page, home, ['tile-statement', 'tile-pay-bill', 'tile-queue']);
  await page.getByTestId('tile-statement').click();
  await page.getByTestId('accounts-card-screen').waitFor();
  return page;
}

/** Photographed, axe-checked and measured: every control on screen, nothing scrolls, one header row. */
async function check(page: Page, name: string, primary: readonly string[]): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `accounts-${name}.png`) });
  await expectAccessible(page, name);
  const layout = await measureLayout(page, '.screen', primary);
  expect.soft(layout.cutOff, `${name}: controls cut off`).toEqual([]);
  expect.soft(layout.scrolls, `${name}: the page scrolls`).toBe(false);
  expect.soft(layout.headerRows, `${name}: header rows`).toBe(1);
  for (const id of primary) expect.soft(layout.primary[id], `${name}: ${id} on screen`).not.toBeNull();
}

async function typePin(pin: string): Promise<void> {
  await pinpad().whenEntryStarts(15_000);
  await pinpad().type(pin, { enter: true });
}

/** Print jobs that came out since `from` (the simulator keeps every job, torn ones marked). */
const jobsSince = (from: number) => printer().jobs().slice(from);

// The simulator hands jobs out in order (waitForJob); this file counts what it was handed.
let handedOut = 0;
/** Resolves as job number `index` (0-based, of all jobs) comes out of the printer. */
async function job(index: number, timeoutMs: number) {
  while (handedOut < index) {
    await printer().waitForJob(timeoutMs);
    handedOut += 1;
  }
  const out = await printer().waitForJob(timeoutMs);
  handedOut += 1;
  return out;
}

const words = {
  zh: { printing: '正在打印第 1 页，共 2 页', spoken: '活期账户，尾号0001的账户：可用余额¥320.50，账面余额¥320.50。', pin: '已输入位数：3', paperOut: '打印机缺纸', resume: '将从第 2 页继续打印', page1: '第 1 页 / 共 2 页', page2: '第 2 页 / 共 2 页', take: '请取走对账单和银行卡', slip: '请取走凭条' },
  en: { printing: 'Printing page 1 of 2', spoken: 'Current account, account ending 0001: available balance CN¥320.50, ledger balance CN¥320.50.', pin: 'Digits entered: 3', paperOut: 'The printer ran out of paper', resume: 'Printing continues from page 2 of 2', page1: 'Page 1 of 2', page2: 'Page 2 of 2', take: 'Please take your statement and your card', slip: 'Please take your slip' },
} as const;

const diagonal = (['portrait', 'landscape'] as const).flatMap((orientation) =>
  (['zh', 'en'] as const).filter((language) => onDiagonal(orientation, language === 'zh' ? 'zh-CN' : 'en')).map((language) => ({ orientation, language, elder: language === 'zh' })),
);

describe('balances and statements in Chromium on the simulators', () => {
  it.each(diagonal)(
    '$orientation $language (large text: $elder): balances, recent transactions printed, a two-page statement that runs out of paper on page 2 and resumes there, done, rated',
    async ({ orientation, language, elder }) => {
      const w = words[language];
      const tag = `${orientation}-${language}${elder ? '-elder' : ''}`;
      const page = await openAccounts(orientation, language, elder, `home-${tag}`);
      await check(page, `card-${tag}`, ['accounts-cancel']);

      await card().swipe(K1002);
      await page.getByTestId('accounts-pin-screen').waitFor();
      await pinpad().whenEntryStarts(15_000);
      await pinpad().type(K1002_PIN.slice(0, 3));
      await expect.poll(() => page.getByTestId('pin-digits').innerText()).toBe(w.pin);
      expect(await page.getByTestId('accounts-pin-screen').innerText()).not.toContain(K1002.pan);
      await check(page, `pin-${tag}`, ['accounts-cancel']);
      await pinpad().type(K1002_PIN.slice(3), { enter: true });

      // The balances: masked number, both balances per language; read aloud on request.
      await page.getByTestId('accounts-balances-screen').waitFor({ timeout: 30_000 });
      const balances = await page.getByTestId(`account-${ACCOUNT}`).innerText();
      expect(balances).toContain('6222 **** **** 0001');
      expect(balances).not.toContain('6222000020000001');
      expect(await page.getByTestId(`available-${ACCOUNT}`).innerText()).toBe(language === 'zh' ? '¥320.50' : 'CN¥320.50');
      await check(page, `balances-${tag}`, ['accounts-done', `recent-${ACCOUNT}`, `statement-${ACCOUNT}`, 'print-balances']);
      await page.getByTestId('read-balances').click();
      const spoken = await page.evaluate(() => (window as unknown as { __spoken: { text: string; lang: string }[] }).__spoken);
      expect(spoken).toEqual([{ text: w.spoken, lang: language === 'zh' ? 'zh-CN' : 'en-US' }]);

      // Recent transactions, printed on a slip.
      const before = printer().jobs().length;
      await page.getByTestId(`recent-${ACCOUNT}`).click();
      await page.getByTestId('accounts-mini-statement-screen').waitFor({ timeout: 30_000 });
      const rent = page.locator('[data-testid^="entry-"]').filter({ hasText: 'Rent' });
      expect(await rent.getByTestId('entry-amount').innerText()).toBe(language === 'zh' ? '-¥900.00' : '-CN¥900.00');
      await check(page, `recent-${tag}`, ['accounts-done', 'print-mini-statement', 'back-to-accounts']);
      await page.getByTestId('print-mini-statement').click();
      await expect.poll(() => page.getByTestId('slip-state').innerText(), { timeout: 15_000 }).toContain(w.slip);
      await check(page, `recent-printed-${tag}`, ['accounts-done', 'back-to-accounts']);
      const slips = jobsSince(before);
      expect(slips).toHaveLength(1);
      expect(slips[0]?.text).toContain('Rent');
      expect(slips[0]?.text).not.toContain('6222000020000001');

      // A statement for the last 3 months: two pages; paper runs out part-way through page 2.
      await page.getByTestId('back-to-accounts').click();
      await page.getByTestId('accounts-balances-screen').waitFor();
      await page.getByTestId(`statement-${ACCOUNT}`).click();
      await page.getByTestId('accounts-period-screen').waitFor();
      await page.getByTestId('period-last-3-months').click();
      await check(page, `period-${tag}`, ['print-statement', 'period-this-month', 'period-last-3-months']);
      const statementFrom = printer().jobs().length;
      const firstPage = job(statementFrom, 30_000);
      // A slow printer holds page 1 long enough to see the printing screen.
      printer().pausePrinting(true);
      await page.getByTestId('print-statement').click();
      await page.getByTestId('accounts-printing-screen').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('printing-page').innerText()).toContain(w.printing);
      await check(page, `printing-${tag}`, ['stop-printing']);
      printer().pausePrinting(false);
      // The moment page 1 is out, the paper has 5 lines left: page 2 tears part-way.
      await firstPage;
      printer().runOutOfPaperAfter(5);
      await page.getByTestId('accounts-paused-screen').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('pause-reason').innerText()).toContain(w.paperOut);
      expect(await page.getByTestId('resume-from').innerText()).toContain(w.resume);
      await check(page, `paused-${tag}`, ['resume-printing', 'stop-printing']);

      // Staff put paper in: printing goes on from page 2 by itself (Continue is there for the customer too).
      printer().setPaper('ok');
      await page.getByTestId('accounts-done-screen').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('pages-printed').innerText()).toBe(language === 'zh' ? '已打印 2 页，共 2 页' : 'Pages printed: 2 of 2');
      expect(await page.getByTestId('take-statement').innerText()).toContain(w.take);
      const receiptNumber = await page.getByTestId('receipt-number').innerText();
      await check(page, `done-${tag}`, ['accounts-done', 'back-to-accounts']);

      // Page 1 once; page 2 torn once, then whole once: no page printed whole twice.
      const pages = jobsSince(statementFrom).map((job) => ({ page: job.text.includes(w.page1) ? 1 : job.text.includes(w.page2) ? 2 : 0, whole: !job.interrupted }));
      expect(pages).toEqual([
        { page: 1, whole: true },
        { page: 2, whole: false },
        { page: 2, whole: true },
      ]);
      for (const page of jobsSince(statementFrom).filter((j) => !j.interrupted)) expect(page.text).toContain(receiptNumber);

      // Done releases the card and asks how it went; the answer reaches the hub about this statement.
      await page.getByTestId('accounts-done').click();
      await page.getByTestId('feedback-screen').waitFor();
      await expectAccessible(page, `satisfaction after balances and statements ${tag}`);
      await page.getByTestId('feedback-9').click();
      await page.getByTestId('feedback-done').click();
      await page.getByTestId('attract').waitFor();
      await page.close();
      await expect
        .poll(
          async () => {
            const res = await fetch(`${hub.url}/v1/transactions?kioskId=${KIOSK}`, { headers: { authorization: `Bearer ${staffToken}` } });
            const { items } = (await res.json()) as { items: { type: string; payload: Record<string, unknown> }[] };
            return items.filter((t) => t.type === FEEDBACK_TRANSACTION_TYPE && t.payload.reference === receiptNumber).map((t) => [t.payload.journey, t.payload.service, t.payload.score]);
          },
          { timeout: 15_000 },
        )
        .toEqual([['account-services', 'statement', 9]]);
    },
    180_000,
  );

  it('en, wide screen, large text: a wrong PIN is asked again with the tries left, then the balances', async () => {
    const page = await openAccounts('landscape', 'en', true, 'home-landscape-en-elder');
    await check(page, 'card-landscape-en-elder', ['accounts-cancel']);
    await card().swipe(K1002);
    await page.getByTestId('accounts-pin-screen').waitFor();
    await typePin('135790');
    await page.getByTestId('pin-tries-left').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('pin-tries-left').innerText()).toMatch(/^Wrong PIN\. Tries left: [12]$/);
    await check(page, 'wrong-pin-landscape-en-elder', ['accounts-cancel']);
    await typePin(K1002_PIN);
    await page.getByTestId('accounts-balances-screen').waitFor({ timeout: 30_000 });
    await check(page, 'balances-landscape-en-elder', ['accounts-done', `recent-${ACCOUNT}`, `statement-${ACCOUNT}`]);
    // Done from the balances: the card is released, the question is asked, Skip ends the visit.
    await page.getByTestId('accounts-done').click();
    await page.getByTestId('feedback-skip').click();
    await page.getByTestId('attract').waitFor();
    await page.close();
  }, 120_000);

  it('zh, tall screen: Cancel on the PIN pad stops the journey and says so; nothing is printed', async () => {
    const page = await openAccounts('portrait', 'zh', false);
    const jobs = printer().jobs().length;
    await card().swipe(K1002);
    await page.getByTestId('accounts-pin-screen').waitFor();
    await pinpad().whenEntryStarts(15_000);
    await pinpad().press('cancel');
    await page.getByTestId('accounts-stopped-screen').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('accounts-stop-reason').innerText()).toContain('您已取消。');
    await check(page, 'stopped-portrait-zh', ['accounts-again', 'accounts-home']);
    await page.getByTestId('accounts-home').click();
    await page.getByTestId('home-screen').waitFor();
    await check(page, 'home-portrait-zh', ['tile-statement', 'tile-pay-bill', 'tile-queue']);
    expect(printer().jobs()).toHaveLength(jobs);
    await page.close();
  }, 120_000);

  it('zh, tall screen: 李娜 signs in with her ID card and her debit card PIN, and prints a two-page statement', async () => {
    const page = await openAccounts('portrait', 'zh', false);
    expect(await page.getByTestId('accounts-id-card-hint').innerText()).toBe('也可将居民身份证放在身份证阅读器上，然后输入借记卡密码。');
    await check(page, 'card-with-id-portrait-zh', ['accounts-cancel']);
    idReader().placeCard({ text: LI_NA_ID });
    await page.getByTestId('accounts-pin-screen').waitFor({ timeout: 20_000 });
    // The PIN step names her ID card masked, never its number; it asks for her debit card's PIN.
    expect(await page.getByTestId('pin-holder').innerText()).toBe('身份证 110105********0020');
    expect(await page.locator('body').innerText()).not.toContain('110105199002280020');
    await check(page, 'pin-by-id-portrait-zh', ['accounts-cancel']);
    await typePin(K1002_PIN);
    await page.getByTestId('accounts-balances-screen').waitFor({ timeout: 30_000 });
    await check(page, 'balances-by-id-portrait-zh', ['accounts-done', `statement-${ACCOUNT}`]);
    idReader().removeCard();

    // A statement for the last 3 months, page by page, with the receipt number on each page.
    await page.getByTestId(`statement-${ACCOUNT}`).click();
    await page.getByTestId('period-last-3-months').click();
    const from = printer().jobs().length;
    const pageTwo = job(from + 1, 30_000);
    await page.getByTestId('print-statement').click();
    const second = await pageTwo;
    expect(second.text).toContain(words.zh.page2);
    await page.getByTestId('take-statement').waitFor({ timeout: 30_000 });
    expect(jobsSince(from).map((j) => [j.text.includes(words.zh.page1) ? 1 : j.text.includes(words.zh.page2) ? 2 : 0, j.interrupted])).toEqual([
      [1, false],
      [2, false],
    ]);
    // The pages name her debit card masked, and no page holds her ID number.
    for (const j of jobsSince(from)) {
      expect(j.text).not.toContain('110105199002280020');
      expect(j.text).not.toContain('6222021000000000025');
    }
    await page.getByTestId('accounts-done').click();
    await page.getByTestId('feedback-skip').click();
    await page.getByTestId('attract').waitFor();
    await page.close();
  }, 120_000);
});
