// "Replace a card" in Chromium against the real host and a hub running the demo bank, every
// device a protocol simulator behind its real driver: the magstripe reader gets the demo card
// K1002, the ID reader 李娜's or 张伟's resident ID, the PIN pad simulator types the PINs (the
// new card's twice), the card dispenser simulator hands out its stock cards (and jams once), the
// ESC/POS printer simulator captures the receipt (and runs out of paper once). The kiosk reaches
// the hub through a TCP relay the test can cut, so "the hub is down" is the kiosk's real view.
// Each screen is checked with axe-core, measured for fit and photographed
// (test/e2e/screenshots/card-replacement-*.png) on the diagonal — a tall screen in Chinese, a
// wide one in English — in normal and large text.
//
// Screens that last a moment (checking the PIN, the card read in the machine, the bank issuing
// it) are held on screen for their photograph by keeping the host's next state events in the
// page's bridge socket (Playwright's WebSocket route) until the checks are done; the host goes
// on regardless (its PIN pad waits, its 15 s at the slot run).
//
// The demo bank has one card a swipe reader accepts (K1002, 李娜's, magstripe only); a damaged
// K1002 is blocked once its replacement is taken, so the English run sets it active again in the
// demo bank's own table first. The dispenser's five stock cards are issued in order: 1 and 2 to
// 李娜 (damaged), 3 to 张伟 (lost), 4 not taken (voided), 5 lost in the jam; the hub-down run
// dispenses 1 again, which the bank never sees.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { MsrSimulator } from '../../drivers/card/msr-simulator.node.js';
import { simulatedPhotoBlock } from '../../drivers/id/china/sim/simulated-photo.js';
import { LIVE_FIXTURES, makeVideo } from './face-verify/videos.node.js';
import type { DispenserSimulator } from '../../drivers/dispenser/simulator.node.js';
import type { EscPosSimulator } from '../../drivers/escpos/simulator.node.js';
import type { ChinaIdSimulator } from '../../drivers/id/china/simulator.node.js';
import type { PinPadSimulator } from '../../drivers/pinpad/simulator.node.js';
import { DEMO_ID_CARDS } from '../../electron/host/admin-demo-devices.node.js';
import { loadConfig } from '../../electron/host/config.js';
import { openCredentialsStore } from '../../electron/host/kiosk-credentials.node.js';
import { silentLogger } from '../../electron/host/log.node.js';
import { servePage, type PageServer } from '../../electron/host/page-server.node.js';
import { startHost, type KioskHost } from '../../electron/host/start-host.node.js';
import { enrollLocalKiosk } from '../../hub/auth/enroll-local.node.js';
import { createDemoCoreBanking } from '../../hub/banking/demo/demo-core-banking.node.js';
import { totpCode } from '../../hub/assist/staff/totp.js';
import { startHub, type RunningHub } from '../../hub/start-hub.node.js';
import type { Database } from '../../hub/storage/queryable.js';
import { ASSIST_PROTOCOL, BEARER_PROTOCOL_PREFIX } from '../../protocol/assist-values.js';
import type { QueueEntry } from '../../protocol/assist-values.js';
import { FEEDBACK_TRANSACTION_TYPE } from '../../protocol/customer-feedback.js';
import { seedAdminEnv } from './expert-on-duty.js';
import { measureLayout } from './layout-measure.js';
import { expectAccessible, launchChromium, onDiagonal, SCREENSHOTS } from './stack.js';

const KIOSK = 'K61';
const simulated = { transport: { type: 'simulated' } } as const;
const viewports = { portrait: { width: 1080, height: 1920 }, landscape: { width: 1920, height: 1080 } } as const;
/** How long the new card waits at the slot in this test (30 s in service). */
const TAKE_CARD_MS = 15_000;

// Demo data (hub/banking/README.md): K1002 is 李娜's magstripe card for account A2001; 张伟's K1001 (A1001) is a chip card, so he signs in by ID card.
const K1002 = { pan: '6222021000000000025', name: { surname: 'LI', given: 'NA' }, expiry: { year: 2029, month: 8 }, serviceCode: '101' };
const LI_NA_PIN = '246810';
const ZHANG_WEI_PIN = '123456';
const NEW_PIN = '135790';
// The dispenser simulator's stock (drivers/dispenser/sim/stock-cards.ts), masked as the bank masks them.
const STOCK = ['622202*********0015', '622202*********0023', '622202*********0031', '622202*********0049', '622202*********0056'];

let hub: RunningHub;
let db: Database;
let relay: Relay;
let host: KioskHost;
let pageServer: PageServer;
let browser: Browser;
let videoDir: string | undefined;
const staffToken = randomBytes(32).toString('base64url');

/**
 * A TCP relay between the kiosk and the hub: bytes pass unchanged (HTTP and the assistance
 * socket alike). `down()` cuts every connection and refuses new ones — the hub is gone as far
 * as the kiosk can tell; `up()` lets it through again.
 */
interface Relay {
  url: string;
  down(): void;
  up(): void;
  close(): Promise<void>;
}

async function startRelay(target: string): Promise<Relay> {
  const { hostname, port } = new URL(target);
  let cut = false;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (cut) return client.destroy();
    const upstream = net.connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    down() {
      cut = true;
      for (const s of open) s.destroy();
    },
    up() {
      cut = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // An admin to create the expert who looks at the help queue (the jam run).
  seedAdminEnv();
  hub = await startHub({
    port: 0,
    host: '127.0.0.1',
    dataDir: 'memory://',
    auth: { tokens: { staffToken } },
    coreBanking: async (context) => {
      db = context.db;
      return createDemoCoreBanking({ db: context.db, secretKey: context.secretKey });
    },
  });
  relay = await startRelay(hub.url);
  const config = loadConfig({
    env: {},
    file: null,
    overrides: {
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'bk-e2e-replace-')),
      hubUrl: relay.url,
      syncIntervalMs: 500,
      kioskId: KIOSK,
      devices: [
        { role: 'receipt', kind: 'receipt-printer', driver: 'escpos', ...simulated },
        { role: 'card', kind: 'card-reader', driver: 'msr-serial', ...simulated },
        { role: 'pinpad', kind: 'pin-pad', driver: 'epp-serial', ...simulated },
        { role: 'dispenser', kind: 'card-dispenser', driver: 'dispenser-serial', options: { takeTimeoutMs: 30_000 }, ...simulated },
        { role: 'idcard', kind: 'id-reader', driver: 'cn-id', ...simulated },
      ],
    },
  });
  await openCredentialsStore({ dataDir: config.dataDir }).save(await enrollLocalKiosk(hub, KIOSK));
  host = await startHost({ config, logger: silentLogger(), takeCardMs: TAKE_CARD_MS });
  pageServer = await servePage({ host, rendererDir: path.resolve('dist/renderer'), log: silentLogger() });
  await vi.waitFor(() => expect(host.devices.list().map((d) => d.state)).toEqual(['ready', 'ready', 'ready', 'ready', 'ready']), { timeout: 60_000, interval: 200 });
  // The camera: the card holder of the simulated ID cards' chip photo, blinking (the face check after an ID-card sign-in).
  videoDir = mkdtempSync(path.join(os.tmpdir(), 'bk-replace-video-'));
  browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${makeVideo(LIVE_FIXTURES.hopper, 'blink', videoDir)}`]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  if (videoDir) rmSync(videoDir, { recursive: true, force: true });
  await pageServer?.close();
  await host?.close();
  await relay?.close();
  await hub?.close();
  for (const name of ['HUB_SEED_ADMIN_USERNAME', 'HUB_SEED_ADMIN_PASSWORD', 'HUB_SEED_ADMIN_TOTP_SECRET']) delete process.env[name];
});

const printer = (): EscPosSimulator => {
  const sim = host.devices.simulator();
  if (!sim) throw new Error('expected the simulated printer');
  return sim;
};
const card = () => host.devices.simulatorControls('card') as MsrSimulator;
const pinpad = () => host.devices.simulatorControls('pinpad') as PinPadSimulator;
const dispenser = () => host.devices.simulatorControls('dispenser') as DispenserSimulator;
const idReader = () => (host.devices.simulatorControls('idcard') as ChinaIdSimulator).reader;

// ---- the demo bank, read (and K1002 set active) in its own tables ----
const rows = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => (await db.query<T & Record<string, unknown>>(sql, params)).rows;
const balance = async (accountId: string) => Number((await rows<{ balance_minor: unknown }>('SELECT balance_minor FROM demo_bank_accounts WHERE account_id = $1', [accountId]))[0]?.balance_minor);
const cardStatus = async (where: { cardId: string } | { maskedPan: string }) =>
  (await rows<{ status: string }>(`SELECT status FROM demo_bank_cards WHERE ${'cardId' in where ? 'card_id' : 'masked_pan'} = $1`, ['cardId' in where ? where.cardId : where.maskedPan])).map((r) => r.status);
const issues = () => rows<{ status: string; reason: string; fee_minor: unknown }>('SELECT status, reason, fee_minor FROM demo_bank_card_issues WHERE kiosk_id = $1 ORDER BY created_at', [KIOSK]);
/** The cardId the demo bank gave a card by its masked number (the page lists cards by id). */
const cardIdOf = async (maskedPan: string) => (await rows<{ card_id: string }>('SELECT card_id FROM demo_bank_cards WHERE masked_pan = $1', [maskedPan]))[0]?.card_id ?? '';

// ---- the page, its bridge socket held on request ----
type Language = 'zh' | 'en';
type Orientation = keyof typeof viewports;

interface Tapped {
  page: Page;
  /** Once the host's card-replacement state in `phase` reached the page, keep every frame after it off the page. */
  holdAfter(phase: string): void;
  release(): void;
}

async function openPage(orientation: Orientation, language: Language, elder: boolean): Promise<Tapped> {
  const page = await browser.newPage({ viewport: viewports[orientation] });
  let holdAfterPhase: string | null = null;
  let holding = false;
  const held: (string | Buffer)[] = [];
  let toPage: ((message: string | Buffer) => void) | null = null;
  await page.routeWebSocket(/\/bridge/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => server.send(message));
    toPage = (message) => ws.send(message);
    server.onMessage((message) => {
      if (holding) return void held.push(message);
      ws.send(message);
      if (holdAfterPhase === null) return;
      const frame = JSON.parse(String(message)) as { event?: string; payload?: { state?: { phase?: string } } };
      if (frame.event === 'cardReplacement.state' && frame.payload?.state?.phase === holdAfterPhase) holding = true;
    });
  });
  await page.goto(pageServer.url);
  await page.getByTestId('attract').click();
  await page.getByTestId(`language-${language}`).click();
  if (elder) await page.getByTestId('elder-toggle').click();
  return {
    page,
    holdAfter: (phase) => void (holdAfterPhase = phase),
    release() {
      holdAfterPhase = null;
      holding = false;
      for (const message of held.splice(0)) toPage?.(message);
    },
  };
}

/** Home (photographed as `home-<tag>` when asked), then the tile. */
async function openReplacement(orientation: Orientation, language: Language, elder: boolean, tag?: string): Promise<Tapped> {
  const tapped = await openPage(orientation, language, elder);
  const { page } = tapped;
  await expect.poll(() => page.getByTestId('tile-replace-card').getAttribute('aria-disabled'), { timeout: 20_000 }).toBeNull();
  if (tag) await check(page, `home-${tag}`, ['tile-replace-card', 'tile-queue']);
  await page.getByTestId('tile-replace-card').click();
  await page.getByTestId('replace-card-screen').waitFor();
  return tapped;
}

/** Photographed, axe-checked and measured: every control on screen, nothing scrolls, one header row. */
async function check(page: Page, name: string, primary: readonly string[] = []): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `card-replacement-${name}.png`) });
  await expectAccessible(page, name);
  const layout = await measureLayout(page, '.screen', primary);
  expect.soft(layout.cutOff, `${name}: controls cut off`).toEqual([]);
  expect.soft(layout.scrolls, `${name}: the page scrolls`).toBe(false);
  expect.soft(layout.headerRows, `${name}: header rows`).toBe(1);
  for (const id of primary) expect.soft(layout.primary[id], `${name}: ${id} on screen`).not.toBeNull();
}

async function typePin(pin: string, opts: { enter?: boolean } = { enter: true }): Promise<void> {
  await pinpad().whenEntryStarts(15_000);
  await pinpad().type(pin, opts);
}

/** A screen that lasts a moment: its state reaches the page, the next ones are held until it is checked. */
async function holdAndCheck(tapped: Tapped, testId: string, name: string, primary: readonly string[] = []): Promise<void> {
  try {
    await tapped.page.getByTestId(testId).waitFor({ timeout: 30_000 });
    await check(tapped.page, name, primary);
  } finally {
    tapped.release();
  }
}

const words = {
  zh: { pin3: '已输入位数：3', fee5: '¥5.00', step2: '第 2 次输入，共 2 次', printed: '请取走凭条', receipt: '补换卡凭条', notTaken: '您未及时取走新卡，本机已将其收回。该卡无法使用，工本费已退回您的账户。', hub: '暂时无法连接银行' },
  en: { pin3: 'Digits entered: 3', fee5: 'CN¥5.00', step2: 'PIN entry 2 of 2', printed: 'Please take your receipt', receipt: 'Card replacement receipt', notTaken: 'The new card was not taken in time', hub: 'The bank cannot be reached right now' },
} as const;

/** The new PIN twice on the pad, each step's screen checked (the second held until checked). */
async function setNewPin(tapped: Tapped, language: Language, tag: string, pins: readonly [string, string] = [NEW_PIN, NEW_PIN]): Promise<void> {
  const { page } = tapped;
  await page.getByTestId('replace-new-pin-screen').waitFor({ timeout: 30_000 });
  await check(page, `new-pin-1-${tag}`, ['replace-cancel']);
  await typePin(pins[0]);
  await expect.poll(() => page.getByTestId('replace-pin-step').innerText(), { timeout: 15_000 }).toBe(words[language].step2);
  await pinpad().whenEntryStarts(15_000);
  await pinpad().type(pins[1].slice(0, 3));
  await expect.poll(() => page.getByTestId('pin-digits').innerText()).toBe(words[language].pin3);
  await check(page, `new-pin-2-${tag}`, ['replace-cancel']);
  tapped.holdAfter('issuing');
  await pinpad().type(pins[1].slice(3), { enter: true });
  await holdAndCheck(tapped, 'replace-issuing-screen', `issuing-${tag}`);
}

/** Sign in with K1002 by swipe and its PIN; the authorising screen held and checked. */
async function signInByCard(tapped: Tapped, language: Language, tag: string): Promise<void> {
  const { page } = tapped;
  await card().swipe(K1002);
  await page.getByTestId('replace-pin-screen').waitFor({ timeout: 20_000 });
  await pinpad().whenEntryStarts(15_000);
  await pinpad().type(LI_NA_PIN.slice(0, 3));
  await expect.poll(() => page.getByTestId('pin-digits').innerText()).toBe(words[language].pin3);
  expect(await page.locator('body').innerText()).not.toContain(K1002.pan);
  await check(page, `pin-${tag}`, ['replace-cancel']);
  tapped.holdAfter('authorising');
  await pinpad().type(LI_NA_PIN.slice(3), { enter: true });
  await holdAndCheck(tapped, 'replace-authorising-screen', `authorising-${tag}`);
  await page.getByTestId('replace-choose-screen').waitFor({ timeout: 30_000 });
}

async function signInById(page: Page, who: 'li-na' | 'zhang-wei', tag: string): Promise<void> {
  // The simulated chip photo is the portrait the fake camera shows blinking (the face check needs a live match).
  idReader().placeCard({ text: DEMO_ID_CARDS[who], photo: simulatedPhotoBlock('hopper-id') });
  await page.getByTestId('replace-pin-screen').waitFor({ timeout: 20_000 });
  const id = DEMO_ID_CARDS[who].idNumber;
  expect(await page.getByTestId('pin-holder').innerText()).toContain(`${id.slice(0, 6)}********${id.slice(14)}`);
  expect(await page.locator('body').innerText()).not.toContain(id);
  await typePin(who === 'li-na' ? LI_NA_PIN : ZHANG_WEI_PIN);
  // An ID card is checked against the holder's face before any card is shown (the real verifier).
  await page.getByTestId('replace-face-screen').waitFor({ timeout: 30_000 });
  if (!faceShot) {
    faceShot = true;
    // The camera step itself on screen (guide, countdown), not the frame before it loads.
    await page.getByTestId('face-step').waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'replace-face');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'card-replacement-face.png') });
  }
  // The camera in view while it counts down (a customer must see their face in the oval), and
  // the photo with Continue at the review: on a wide screen in large text too, nothing scrolls.
  await page.locator('[data-testid="face-step"][data-phase="countdown"], [data-testid="face-step"][data-phase="liveness"]').first().waitFor({ timeout: 60_000 });
  const camera = await measureLayout(page, '.screen', ['face-step']);
  expect.soft(camera.scrolls, `face ${tag}: the page scrolls while the camera is shown`).toBe(false);
  const cameraBox = await page.locator('.face-step__camera').boundingBox();
  expect.soft(cameraBox && cameraBox.y + cameraBox.height <= camera.height + 0.5, `face ${tag}: camera below the fold`).toBe(true);
  await page.getByTestId('face-step-continue').waitFor({ timeout: 90_000 });
  await check(page, `face-review-${tag}`, ['face-step-continue', 'face-step-photo']);
  await page.getByTestId('face-step-continue').click();
  await page.getByTestId('replace-choose-screen').waitFor({ timeout: 30_000 });
  idReader().removeCard();
}
let faceShot = false;

/** Confirm on the fee; the card read in the machine held on screen and checked. */
async function confirmFee(tapped: Tapped, tag: string): Promise<void> {
  tapped.holdAfter('dispensing');
  await tapped.page.getByTestId('replace-confirm').click();
  await holdAndCheck(tapped, 'replace-dispensing-screen', `dispensing-${tag}`);
}

/** The card at the slot, taken by the customer's hand; the result with its receipt line. */
async function takeNewCard(page: Page, tag: string, maskedPan: string): Promise<void> {
  await page.getByTestId('replace-take-card-screen').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('replace-new-card').innerText()).toContain(maskedPan);
  await check(page, `take-card-${tag}`);
  // The screen says "take your card" as the card travels to the slot: taken once it is there.
  await vi.waitFor(() => expect(dispenser().takeCard()).toBe(true), { timeout: 15_000, interval: 100 });
  await page.getByTestId('replace-done-screen').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('replace-done-card').innerText()).toBe(maskedPan);
}

async function finishWithoutRating(page: Page): Promise<void> {
  await page.getByTestId('replace-done').click();
  await page.getByTestId('feedback-skip').click();
  await page.getByTestId('attract').waitFor();
  await page.close();
}

/** 张伟's ID on the reader, the PIN of his debit card: the kiosk's view of his cards. */
const diagonal = (['portrait', 'landscape'] as const).flatMap((orientation) =>
  (['zh', 'en'] as const).filter((language) => onDiagonal(orientation, language === 'zh' ? 'zh-CN' : 'en')).map((language) => ({ orientation, language })),
);

// ---- an expert looking at the help queue ----
async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** An expert for cards signed in on the real signaling socket; `waiting()` is the queue as the hub shows it. */
async function expertWatchingQueue(hubUrl: string): Promise<{ waiting(): Promise<QueueEntry[]>; close(): void }> {
  const login = (username: string, password: string, secret: string) => post<{ token: string }>(`${hubUrl}/v1/staff/login`, { username, password, totp: totpCode(secret, Date.now()) }).then((r) => r.token);
  const adminToken = await login(process.env.HUB_SEED_ADMIN_USERNAME ?? '', process.env.HUB_SEED_ADMIN_PASSWORD ?? '', process.env.HUB_SEED_ADMIN_TOTP_SECRET ?? '');
  const password = randomBytes(12).toString('base64url');
  const created = await post<{ totpSecret: string }>(`${hubUrl}/v1/staff/users`, { username: 'card-expert', displayName: 'Card Expert', role: 'expert', password, languages: ['zh-CN', 'en'], topics: ['cards'] }, adminToken);
  const token = await login('card-expert', password, created.totpSecret);
  const socket = new WebSocket(`${hubUrl.replace(/^http/, 'ws')}/v1/assist/ws`, [ASSIST_PROTOCOL, `${BEARER_PROTOCOL_PREFIX}${token}`]);
  const snapshots: ((requests: QueueEntry[]) => void)[] = [];
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.on('message', (data: WebSocket.RawData) => {
      const frame = JSON.parse(String(data)) as { type: string; requests?: QueueEntry[] };
      if (frame.type === 'hello') resolve();
      if (frame.type === 'queue.snapshot') snapshots.splice(0).forEach((answer) => answer(frame.requests ?? []));
    });
  });
  return {
    waiting: () =>
      new Promise<QueueEntry[]>((resolve) => {
        snapshots.push(resolve);
        socket.send(JSON.stringify({ type: 'queue.snapshot' }));
      }),
    close: () => socket.close(),
  };
}

describe('card replacement in Chromium on the simulators', () => {
  it.each(diagonal)(
    '$orientation $language: a damaged card by card + PIN — fee, new card, PIN twice (English: once mismatched), taken, receipt; the bank agrees',
    async ({ orientation, language }) => {
      const elder = language === 'zh';
      const tag = `${orientation}-${language}${elder ? '-elder' : ''}`;
      const w = words[language];
      // The English run follows the Chinese one, which had K1002 replaced (and so blocked).
      if (language === 'en') await db.query(`UPDATE demo_bank_cards SET status = 'active', wrong_pin_count = 0 WHERE card_id = 'K1002'`);
      const newCard = language === 'zh' ? STOCK[0]! : STOCK[1]!;
      const before = await balance('A2001');

      const tapped = await openReplacement(orientation, language, elder, tag);
      const { page } = tapped;
      await check(page, `card-${tag}`, ['replace-cancel']);
      await signInByCard(tapped, language, tag);

      // Her cards, the reasons and their fees.
      await check(page, `choose-${tag}`, ['replace-continue', 'replace-cancel']);
      expect(await page.getByTestId('replace-fee-damaged').innerText()).toContain(w.fee5);
      await page.getByTestId('replace-card-K1002').click();
      await page.getByTestId('replace-reason-damaged').click();
      await check(page, `choose-damaged-${tag}`, ['replace-continue']);
      await page.getByTestId('replace-continue').click();

      // The fee and its account; a damaged card is not blocked.
      await page.getByTestId('replace-review-screen').waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('replace-review-fee').innerText()).toBe(w.fee5);
      expect(await page.getByTestId('replace-review-account').innerText()).toContain('6222 **** **** 0001');
      expect(await page.getByTestId('replace-blocked').count()).toBe(0);
      await check(page, `review-${tag}`, ['replace-confirm', 'replace-other-card', 'replace-cancel']);
      expect(await balance('A2001')).toBe(before);

      const jobs = printer().jobs().length;
      await confirmFee(tapped, tag);
      if (language === 'en') {
        // Two PINs that differ: the bank says so, the page asks again from step 1.
        await setNewPin(tapped, language, tag, ['111111', '222222']);
        await page.getByTestId('replace-pin-mismatch').waitFor({ timeout: 30_000 });
        expect(await page.getByTestId('replace-pin-mismatch').innerText()).toBe('The two PINs were different. Please set the PIN again.');
        await check(page, `new-pin-mismatch-${tag}`, ['replace-cancel']);
        await typePin(NEW_PIN);
        await expect.poll(() => page.getByTestId('replace-pin-step').innerText(), { timeout: 15_000 }).toBe(w.step2);
        await typePin(NEW_PIN);
      } else {
        await setNewPin(tapped, language, tag);
      }
      await takeNewCard(page, tag, newCard);
      await expect.poll(() => page.getByTestId('replace-receipt').innerText(), { timeout: 15_000 }).toContain(w.printed);
      expect(await page.getByTestId('replace-done-fee').innerText()).toBe(w.fee5);
      const reference = await page.getByTestId('replace-reference').innerText();
      await check(page, `done-${tag}`, ['replace-done']);

      // The receipt: in the customer's language, the new card masked, the bank's reference.
      const receipts = printer().jobs().slice(jobs);
      expect(receipts).toHaveLength(1);
      expect(receipts[0]?.text).toContain(w.receipt);
      expect(receipts[0]?.text).toContain(newCard);
      expect(receipts[0]?.text).toContain(reference);
      expect(receipts[0]?.text).not.toContain(K1002.pan);

      // The bank: the fee taken once, the new card active, the damaged one blocked.
      expect(await balance('A2001')).toBe(before - 500);
      expect(await cardStatus({ maskedPan: newCard })).toEqual(['active']);
      expect(await cardStatus({ cardId: 'K1002' })).toEqual(['blocked']);

      if (language === 'en') return finishWithoutRating(page);
      // Done asks how it went; the answer reaches the hub about this replacement.
      await page.getByTestId('replace-done').click();
      await page.getByTestId('feedback-screen').waitFor();
      await check(page, `feedback-${tag}`);
      await page.getByTestId('feedback-9').click();
      await page.getByTestId('feedback-done').click();
      await page.getByTestId('attract').waitFor();
      await page.close();
      await expect
        .poll(
          async () => {
            const res = await fetch(`${hub.url}/v1/transactions?kioskId=${KIOSK}`, { headers: { authorization: `Bearer ${staffToken}` } });
            const { items } = (await res.json()) as { items: { type: string; payload: Record<string, unknown> }[] };
            return items.filter((t) => t.type === FEEDBACK_TRANSACTION_TYPE && t.payload.reference === reference).map((t) => [t.payload.journey, t.payload.service, t.payload.score]);
          },
          { timeout: 15_000 },
        )
        .toEqual([['card-replacement', 'damaged', 9]]);
    },
    180_000,
  );

  it('en, wide screen, large text: a lost card by ID card — blocked at the bank the moment she continues; the printer is out of paper, so done says the receipt did not print', async () => {
    const tag = 'landscape-en-elder';
    const before = await balance('A1001');
    const tapped = await openReplacement('landscape', 'en', true, tag);
    const { page } = tapped;
    expect(await page.getByTestId('replace-id-hint').innerText()).toBe('If your card is lost or stolen, place your China ID card on the ID reader, then enter the PIN of your debit card.');
    await check(page, `card-${tag}`, ['replace-cancel']);
    await signInById(page, 'zhang-wei', tag);
    await check(page, `choose-${tag}`, ['replace-continue', 'replace-cancel']);
    await page.getByTestId('replace-reason-lost').click();
    expect(await page.getByTestId('replace-block-warning').innerText()).toContain('your old card is blocked at once');
    await check(page, `choose-lost-${tag}`, ['replace-continue', 'replace-cancel']);
    expect(await cardStatus({ cardId: 'K1001' })).toEqual(['active']);
    await page.getByTestId('replace-continue').click();

    await page.getByTestId('replace-review-screen').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('replace-blocked').innerText()).toBe('Blocked now, cannot be used any more');
    expect(await page.getByTestId('replace-review-fee').innerText()).toBe('CN¥10.00');
    // At the bank: blocked already, before any fee.
    expect(await cardStatus({ cardId: 'K1001' })).toEqual(['blocked']);
    expect(await balance('A1001')).toBe(before);
    await check(page, `review-lost-${tag}`, ['replace-confirm', 'replace-other-card', 'replace-cancel']);

    printer().setPaper('out');
    try {
      await confirmFee(tapped, tag);
      await setNewPin(tapped, 'en', tag);
      await takeNewCard(page, tag, STOCK[2]!);
      await expect.poll(() => page.getByTestId('replace-receipt').innerText(), { timeout: 15_000 }).toBe('The receipt could not be printed. Please note the reference shown here.');
      await check(page, `done-not-printed-${tag}`, ['replace-done']);
    } finally {
      printer().setPaper('ok');
    }
    expect(await balance('A1001')).toBe(before - 1_000);
    expect(await cardStatus({ maskedPan: STOCK[2]! })).toEqual(['active']);
    expect(await cardStatus({ cardId: 'K1001' })).toEqual(['blocked']);
    await finishWithoutRating(page);
  }, 180_000);

  it('zh, tall screen: nobody takes the new card — the machine keeps it, the bank voids it and the fee goes back', async () => {
    const tag = 'portrait-zh';
    const before = await balance('A2001');
    const issued = (await issues()).length;
    const tapped = await openReplacement('portrait', 'zh', false, tag);
    const { page } = tapped;
    await signInById(page, 'li-na', tag);
    await page.getByTestId(`replace-card-${await cardIdOf(STOCK[0]!)}`).click();
    await page.getByTestId('replace-reason-damaged').click();
    await page.getByTestId('replace-continue').click();
    await page.getByTestId('replace-review-screen').waitFor({ timeout: 20_000 });
    await check(page, `review-${tag}`, ['replace-confirm', 'replace-other-card', 'replace-cancel']);
    await confirmFee(tapped, tag);
    await setNewPin(tapped, 'zh', tag);
    await page.getByTestId('replace-take-card-screen').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('replace-seconds-left').innerText()).toMatch(/^剩余取卡时间：1[0-5] 秒$/);
    await check(page, `take-card-${tag}`);
    // Charged while the card waits at the slot…
    expect(await balance('A2001')).toBe(before - 500);
    // …and nobody takes it: the dispenser takes it back when the time is up.
    await page.getByTestId('replace-stopped-screen').waitFor({ timeout: TAKE_CARD_MS + 20_000 });
    expect(await page.getByTestId('replace-stop-reason').innerText()).toContain(words.zh.notTaken);
    expect(await page.getByTestId('replace-way-forward').innerText()).toBe('您可以重新办理，领取新卡。');
    await check(page, `stopped-not-taken-${tag}`, ['replace-again', 'replace-home']);
    expect(dispenser().dispenser.card).toBe('none');
    // The bank: the fee refunded, the card voided, the issue recorded as voided.
    await expect.poll(() => balance('A2001'), { timeout: 15_000 }).toBe(before);
    expect(await cardStatus({ maskedPan: STOCK[3]! })).toEqual(['voided']);
    expect((await issues()).slice(issued).map((i) => i.status)).toEqual(['voided']);
    await page.getByTestId('replace-home').click();
    await page.getByTestId('home-screen').waitFor();
    await page.close();
  }, 180_000);

  it('en, wide screen: the dispenser jams — a message, nothing charged, and an expert on video who is told the journey and the step', async () => {
    const tag = 'landscape-en';
    const before = await balance('A1001');
    const expert = await expertWatchingQueue(hub.url);
    try {
      const tapped = await openReplacement('landscape', 'en', false, tag);
      const { page } = tapped;
      await signInById(page, 'zhang-wei', tag);
      await page.getByTestId(`replace-card-${await cardIdOf(STOCK[2]!)}`).click();
      await page.getByTestId('replace-reason-damaged').click();
      await page.getByTestId('replace-continue').click();
      await page.getByTestId('replace-review-screen').waitFor({ timeout: 20_000 });
      dispenser().jamNextMotion();
      await page.getByTestId('replace-confirm').click();
      await page.getByTestId('replace-stopped-screen').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('replace-stop-reason').innerText()).toContain('the card dispenser');
      expect(await page.getByTestId('replace-stop-reason').innerText()).toContain('Nothing was charged.');
      expect(await page.getByTestId('replace-way-forward').innerText()).toBe('An expert can help you over video help right now, or you can go to a counter.');
      await check(page, `stopped-device-${tag}`, ['replace-expert', 'replace-ticket', 'replace-home']);
      expect(await balance('A1001')).toBe(before);

      await page.getByTestId('replace-expert').click();
      await page.getByTestId('assist-waiting').waitFor({ timeout: 20_000 });
      await check(page, `help-waiting-${tag}`);
      await expect
        .poll(async () => (await expert.waiting()).filter((r) => r.kioskId === KIOSK).map((r) => [r.topic, r.journeyStep, r.language]), { timeout: 15_000 })
        .toEqual([['cards', 'card-replacement/device-fault', 'en']]);
      await page.getByTestId('assist-cancel').click();
      await page.getByTestId('replace-stopped-screen').waitFor();
      await page.getByTestId('replace-home').click();
      await page.getByTestId('home-screen').waitFor();
      // Jammed: Home no longer offers it; a technician frees the card and it is offered again.
      await expect.poll(() => page.getByTestId('tile-replace-card').getAttribute('aria-disabled'), { timeout: 15_000 }).toBe('true');
      await check(page, `home-dispenser-jammed-${tag}`, ['tile-replace-card']);
      dispenser().clearJam();
      await expect.poll(() => page.getByTestId('tile-replace-card').getAttribute('aria-disabled'), { timeout: 20_000 }).toBeNull();
      await page.close();
    } finally {
      expert.close();
    }
  }, 180_000);

  it('zh, tall screen, large text: the hub goes down — at the fee, Pay is held back with a way on; while the card is made, it is kept and nothing is charged; Home refuses the journey until the hub is back', async () => {
    const tag = 'portrait-zh-elder';
    const before = await balance('A2001');
    const issued = (await issues()).length;
    const tapped = await openReplacement('portrait', 'zh', true);
    const { page } = tapped;
    await signInById(page, 'li-na', tag);
    await page.getByTestId('replace-card-K1002').click();
    await page.getByTestId('replace-reason-damaged').click();
    await page.getByTestId('replace-continue').click();
    await page.getByTestId('replace-review-screen').waitFor({ timeout: 20_000 });
    try {
      // Down before the fee is accepted, and the kiosk has noticed: no card is dispensed for an issue that cannot be asked.
      relay.down();
      await page.getByTestId('replace-review-offline').waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('replace-review-offline').innerText()).toBe('暂时无法连接银行，现在无法发放新卡。请稍候，或领取排队号票到柜台办理。');
      expect(await page.getByTestId('replace-confirm').isDisabled()).toBe(true);
      await check(page, `review-offline-${tag}`, ['replace-confirm', 'replace-ticket', 'replace-cancel']);
      // Back within the moment: Pay again.
      relay.up();
      await page.getByTestId('replace-review-offline').waitFor({ state: 'detached', timeout: 30_000 });
      // Down again right after Pay, before the kiosk notices: the card is dispensed and its PIN set, then the bank cannot be asked.
      await page.getByTestId('replace-confirm').click();
      relay.down();
      await page.getByTestId('replace-new-pin-screen').waitFor({ timeout: 30_000 });
      await typePin(NEW_PIN);
      await expect.poll(() => page.getByTestId('replace-pin-step').innerText(), { timeout: 15_000 }).toBe(words.zh.step2);
      await typePin(NEW_PIN);
      await page.getByTestId('replace-stopped-screen').waitFor({ timeout: 40_000 });
      expect(await page.getByTestId('replace-stop-reason').innerText()).toContain('暂时无法连接银行，未收取任何费用；如已发出新卡，本机已将其收回。');
      expect(await page.getByTestId('replace-way-forward').innerText()).toBe('请稍后再试，或领取排队号票到柜台办理。');
      await check(page, `stopped-hub-down-${tag}`, ['replace-ticket', 'replace-again', 'replace-home']);
      // The dispensed card went to the capture bin.
      expect(dispenser().dispenser.card).toBe('none');
      await page.getByTestId('replace-home').click();
      await page.getByTestId('home-screen').waitFor();
      // Offline: refused on Home, with the reason, before anyone starts.
      await expect.poll(() => page.getByTestId('tile-replace-card').getAttribute('aria-disabled'), { timeout: 20_000 }).toBe('true');
      // A greyed tile still answers a tap (aria-disabled, so Playwright's "enabled" check is skipped).
      await page.getByTestId('tile-replace-card').click({ force: true });
      expect(await page.getByTestId('unavailable-advice').innerText()).toContain('“换卡”需要连接银行，目前无法连接。请到柜台办理。');
      await check(page, `home-offline-${tag}`, ['tile-replace-card', 'tile-queue']);
      // The same in English: longer words on the greyed tiles' badges. Photographed and axe-checked, not
      // measured: in English large text on a tall screen, the offline banner and an advice shown push
      // Home past the screen whichever tile was tapped (so with Balances before this journey existed).
      await page.getByTestId('language-toggle').click();
      await page.getByTestId('tile-replace-card').click({ force: true });
      expect(await page.getByTestId('unavailable-advice').innerText()).toContain('“Replace a card” needs the connection to the bank');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'card-replacement-home-offline-portrait-en-elder.png') });
      await expectAccessible(page, 'home-offline-portrait-en-elder');
    } finally {
      relay.up();
    }
    // The bank never saw an issue: no fee, no new row.
    expect(await balance('A2001')).toBe(before);
    expect((await issues()).length).toBe(issued);
    await expect.poll(() => page.getByTestId('tile-replace-card').getAttribute('aria-disabled'), { timeout: 30_000 }).toBeNull();
    await page.close();
  }, 180_000);
});
