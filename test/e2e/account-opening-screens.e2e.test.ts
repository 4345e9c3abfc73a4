// Issue 11, account opening: every screen of the journey in the kiosk build (dist/renderer,
// `npm run build:renderer` first), in Chromium, against a fake host inside the page (a stand-in
// for the preload's window.kiosk that answers from a scripted journey state), so each host
// phase can be put on screen without the host's journey, which lands separately. Each screen
// is checked with axe-core (no serious or critical violation) and photographed in 中文 and
// English, several in large text: test/e2e/screenshots/account-opening-*.png.
// The real journey, end to end with the host, hub and an expert, is account-opening.e2e.test.ts.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountOpeningState } from '../../electron/bridge/account-opening-contract.js';
import type { AssistState } from '../../electron/bridge/assist-contract.js';
import { resolveStaticPath } from '../../electron/host/page-server.node.js';
import { contentTypeFor } from '../../electron/shell/app-protocol.js';
import { securityHeaders } from '../../electron/shell/csp.js';
import { CURRENT_TERMS_VERSION } from '../../renderer/kiosk/account-opening/terms.js';
import { fakeInfo, fakeServices } from '../../renderer/testing/fake-host.js';
import { LIVE_FIXTURES, makeVideo } from './face-verify/videos.node.js';
import { expectAccessible, launchChromium, SCREENSHOTS, SPEECH_RECORDER } from './stack.js';

const RENDERER = path.resolve('dist/renderer');
const PORTRAIT = { width: 1080, height: 1920 };
type Lang = 'zh' | 'en';

let server: Server;
let url: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(path.join(RENDERER, 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build:renderer` first');
  mkdirSync(SCREENSHOTS, { recursive: true });
  const headers = securityHeaders(null);
  server = createServer((req, res) => {
    const file = resolveStaticPath(RENDERER, new URL(req.url ?? '/', 'http://x').pathname);
    if (!file || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { ...headers, 'content-type': contentTypeFor(file) }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`;
  browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']);
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

interface FakeHostArg {
  info: typeof fakeInfo;
  services: typeof fakeServices;
  online: boolean;
}

/** window.kiosk as the preload would expose it, answering from a journey state the test sets. */
function installFakeHost({ info, services, online }: FakeHostArg): void {
  type Status = { seq: number; state: unknown };
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls: { name: string; params: unknown }[] = [];
  let opening: Status = { seq: 0, state: { phase: 'idle' } };
  let assist: Status = { seq: 0, state: { phase: 'idle' } };
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((listener) => listener(payload));
  const moveAssist = (state: unknown) => (assist = { seq: assist.seq + 1, state });
  const handlers: Record<string, (params: unknown) => unknown> = {
    'kiosk.info': () => info,
    'kiosk.outOfService': () => ({ outOfService: false, blockedBy: [], since: '2026-12-05T08:00:00Z' }),
    'queue.services': () => services,
    'devices.list': () => [{ role: 'printer', kind: 'receipt-printer', state: 'ready', since: '2026-12-05T08:00:00Z' }],
    'sync.status': () => ({ online, backlog: 0, oldestPendingAt: null, lastSyncAt: null }),
    'services.availability': () => ({ online, services: [] }),
    'session.opened': () => ({ ok: true }),
    'session.ended': () => ({ ok: true }),
    'assist.status': () => assist,
    'assist.requestHelp': () => moveAssist({ phase: 'requesting' }),
    'assist.cancel': () => moveAssist({ phase: 'idle' }),
    'accountOpening.start': () => (opening = { seq: opening.seq + 1, state: { phase: 'document', passportReader: false } }),
  };
  const w = window as unknown as Record<string, unknown>;
  w.__calls = calls;
  w.__aoSend = (state: unknown) => emit('accountOpening.state', (opening = { seq: opening.seq + 1, state }));
  w.__assistSet = (state: unknown) => emit('assist.state', moveAssist(state));
  w.kiosk = {
    // Every name is an own property, as on the real preload's object (the page checks with
    // Object.hasOwn before it calls); unknown ones answer UNKNOWN_METHOD from here.
    requests: new Proxy(
      {},
      {
        get: (_, name: string) => async (params: unknown) => {
          calls.push({ name, params });
          const handler = handlers[name] ?? (name.startsWith('accountOpening.') ? () => opening : null);
          return handler ? { ok: true, result: handler(params) } : { ok: false, error: { code: 'UNKNOWN_METHOD', message: name } };
        },
        has: () => true,
        getOwnPropertyDescriptor: () => ({ configurable: true, enumerable: true, writable: false, value: undefined }),
      },
    ),
    on(event: string, listener: (payload: unknown) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}

async function openHome(lang: Lang, elder: boolean, viewport = PORTRAIT, online = true): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (error) => console.error('account-opening page error:', error));
  await page.addInitScript(SPEECH_RECORDER);
  await page.addInitScript(installFakeHost, { info: fakeInfo, services: fakeServices, online });
  await page.goto(url);
  await page.click('[data-testid="attract"]');
  await page.click(`[data-testid="language-${lang}"]`);
  if (elder) await page.click('[data-testid="elder-toggle"]');
  return page;
}

async function openJourney(lang: Lang, elder = false): Promise<Page> {
  const page = await openHome(lang, elder);
  await page.click('[data-testid="tile-open-account"]');
  await page.waitForSelector('[data-testid="opening-document-screen"]');
  return page;
}

const send = (page: Page, state: AccountOpeningState) => page.evaluate((s) => (window as unknown as { __aoSend(s: unknown): void }).__aoSend(s), state);
const setAssist = (page: Page, state: AssistState) => page.evaluate((s) => (window as unknown as { __assistSet(s: unknown): void }).__assistSet(s), state);
const calls = (page: Page, name: string) => page.evaluate((n) => (window as unknown as { __calls: { name: string; params: unknown }[] }).__calls.filter((c) => c.name === n).map((c) => c.params), name);

/** axe, then a screenshot of the whole screen as it is now. */
async function record(page: Page, name: string): Promise<void> {
  // Entrance animations and the spinner settle; the focus ring moves to the title.
  await page.waitForTimeout(250);
  await expectAccessible(page, name);
  await page.screenshot({ path: path.join(SCREENSHOTS, `account-opening-${name}.png`), fullPage: true });
}

const fields = { document: 'cn-id', name: '张*明', idNumber: '110101********123X', sex: 'M', birthYear: 1990, nationality: 'CHN', validTo: '2036-03-07', address: '北京市东城区' } as const;
const idPhoto = { mime: 'image/jpeg' as const, base64: readFileSync(path.resolve('test/fixtures/faces/hopper-id.jpg')).toString('base64') };
const APPLICATION = '0190a000-0000-7000-8000-00000000000a';

const LANDSCAPE = { width: 1920, height: 1080 };

describe('account opening screens in the kiosk build', () => {
  it('offers the live tile on Home, in large text too, and greys it with the reason when the hub is away', async () => {
    for (const [lang, elder, viewport, name] of [
      ['zh', false, PORTRAIT, 'zh'],
      ['en', true, PORTRAIT, 'en-elder'],
      ['zh', true, LANDSCAPE, 'zh-elder-landscape'],
    ] as const) {
      const page = await openHome(lang, elder, viewport);
      expect(await page.getAttribute('[data-testid="tile-open-account"]', 'aria-disabled')).toBeNull();
      // The whole tile is on screen without scrolling.
      const box = await page.locator('[data-testid="tile-open-account"]').boundingBox();
      expect(box && box.y + box.height).toBeLessThanOrEqual(viewport.height);
      await record(page, `home-${name}`);
      await page.close();
    }
    const offline = await openHome('en', false, PORTRAIT, false);
    await offline.waitForSelector('[data-testid="tile-open-account"][aria-disabled="true"]');
    // aria-disabled, yet it answers a tap with the reason (Playwright waits for enabled unless forced).
    await offline.click('[data-testid="tile-open-account"]', { force: true });
    expect(await offline.textContent('[data-testid="unavailable-advice"]')).toContain('needs the connection to the bank');
    await record(offline, 'home-offline-en');
    await offline.close();
  }, 90_000);

  for (const [lang, elder] of [['zh', false], ['en', false], ['zh', true], ['en', true]] as [Lang, boolean][]) {
    const tag = `${lang}${elder ? '-elder' : ''}`;
    it(`shows every step in ${tag}`, async () => {
      const page = await openJourney(lang, elder);
      await record(page, `document-${tag}`);
      if (!elder) {
        await send(page, { phase: 'document', passportReader: true, problem: 'unreadable' });
        await record(page, `document-problem-${tag}`);
      }
      await send(page, { phase: 'confirm', fields });
      await record(page, `confirm-${tag}`);

      await send(page, { phase: 'consent', version: CURRENT_TERMS_VERSION });
      await page.waitForSelector('[data-testid="opening-consent-screen"]');
      await record(page, `consent-${tag}`);
      for (const item of ['terms', 'privacy', 'identity-check']) await page.check(`[data-testid="opening-consent-${item}"]`);
      await page.locator('[data-testid="signature-canvas"]').scrollIntoViewIfNeeded();
      const box = await page.locator('[data-testid="signature-canvas"]').boundingBox();
      if (!box) throw new Error('no signature box');
      await page.mouse.move(box.x + box.width * 0.15, box.y + box.height * 0.7);
      await page.mouse.down();
      for (const [x, y] of [[0.25, 0.3], [0.35, 0.7], [0.45, 0.25], [0.55, 0.65], [0.7, 0.35], [0.8, 0.6]] as const) await page.mouse.move(box.x + box.width * x, box.y + box.height * y, { steps: 6 });
      await page.mouse.up();
      await page.waitForSelector('[data-testid="signature-done"]');
      expect(await page.isEnabled('[data-testid="opening-consent-continue"]')).toBe(true);
      await record(page, `consent-signed-${tag}`);
      await page.click('[data-testid="opening-consent-continue"]');
      const consent = (await calls(page, 'accountOpening.consent'))[0] as { version: string; signature: { mime: string; base64: string } };
      expect(consent.version).toBe(CURRENT_TERMS_VERSION);
      // A real PNG of the canvas, within the contract's size.
      expect(Buffer.from(consent.signature.base64, 'base64').subarray(1, 4).toString()).toBe('PNG');
      expect(consent.signature.base64.length).toBeLessThan(400_000);

      await send(page, { phase: 'kyc' });
      await page.waitForSelector('[data-testid="opening-kyc-screen"]');
      await record(page, `kyc-${tag}`);
      await page.click('[data-testid="opening-occupation-other"]');
      await page.click('[data-testid="opening-tax-elsewhere"]');
      await page.click('[data-testid="opening-kyc-submit"]');
      await page.waitForSelector('[data-testid="opening-kyc-purpose-error"]');
      await record(page, `kyc-errors-${tag}`);

      await send(page, { phase: 'submitting' });
      await record(page, `submitting-${tag}`);
      await send(page, { phase: 'approval', applicationId: APPLICATION, summary: 'Open a personal account for 张*明', deadline: Date.now() + 180_000 });
      await page.waitForSelector('[data-testid="opening-approval-calling"]');
      expect(await calls(page, 'assist.requestHelp')).toEqual([{ topic: 'accounts', flags: { vip: false, elderly: elder }, journeyStep: 'account-opening/approval', locale: lang === 'zh' ? 'zh-CN' : 'en' }]);
      await record(page, `approval-${tag}`);
      await setAssist(page, { phase: 'waiting', requestId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c02', position: 1, expectedWaitSec: 60 });
      expect(await page.isVisible('[data-testid="assist-waiting"]')).toBe(false);

      await send(page, { phase: 'opening' });
      await record(page, `opening-${tag}`);
      await send(page, { phase: 'opened', maskedAccount: '6222********0001', reference: 'AO-20261205-0001', receipt: 'printed', cardOffer: true });
      await record(page, `opened-${tag}`);
      await send(page, { phase: 'stopped', reason: 'declined' });
      await record(page, `stopped-declined-${tag}`);
      if (!elder) {
        await send(page, { phase: 'stopped', reason: 'customer' });
        await record(page, `stopped-customer-${tag}`);
      }
      await page.close();
    }, 120_000);
  }

  it('checks the card holder blinking at the camera and sends the result with the accepted photo as a real JPEG (needs ffmpeg)', async () => {
    const videoDir = mkdtempSync(path.join(os.tmpdir(), 'bk-opening-video-'));
    const video = makeVideo(LIVE_FIXTURES.hopper, 'blink', videoDir);
    const camera = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
    try {
      const page = await camera.newPage({ viewport: PORTRAIT });
      page.on('pageerror', (error) => console.error('account-opening page error:', error));
      await page.addInitScript(installFakeHost, { info: fakeInfo, services: fakeServices, online: true });
      // Every camera stream the page opens, to check that each is stopped when the step ends.
      await page.addInitScript(() => {
        const streams: MediaStream[] = [];
        (window as unknown as { __streams: MediaStream[] }).__streams = streams;
        const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
        navigator.mediaDevices.getUserMedia = async (constraints) => {
          const stream = await open(constraints);
          streams.push(stream);
          return stream;
        };
      });
      await page.goto(url);
      await page.click('[data-testid="attract"]');
      await page.click('[data-testid="language-en"]');
      await page.click('[data-testid="tile-open-account"]');
      await page.waitForSelector('[data-testid="opening-document-screen"]');
      await send(page, { phase: 'face', idPhoto, threshold: 0.6, tries: 0 });
      await page.waitForSelector('[data-testid="face-step"][data-phase="review"]', { timeout: 90_000 });
      expect(await page.textContent('[data-testid="opening-face-screen"]')).not.toMatch(/0\.\d|score|match/i);
      await record(page, 'face-review-en');
      await page.click('[data-testid="face-step-continue"]');
      await page.waitForFunction(() => (window as unknown as { __calls: { name: string }[] }).__calls.some((c) => c.name === 'accountOpening.face'), undefined, { timeout: 10_000 });
      const [evidence] = (await calls(page, 'accountOpening.face')) as { outcome: string; result: { decision: string; engine: string }; livePhoto: { mime: string; base64: string } }[];
      expect(evidence).toMatchObject({ outcome: 'checked', result: { decision: 'match' }, livePhoto: { mime: 'image/jpeg' } });
      expect(evidence?.result.engine).toMatch(/\(wasm\)$/);
      const jpeg = Buffer.from(evidence?.livePhoto.base64 ?? '', 'base64');
      // A JPEG (SOI marker) of the 640×480 camera photo, well within the contract's bound.
      expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
      expect(evidence?.livePhoto.base64.length).toBeLessThan(400_000);
      // The step has ended: every camera track the page opened is stopped.
      const tracks = await page.evaluate(() => (window as unknown as { __streams: MediaStream[] }).__streams.flatMap((stream) => stream.getTracks().map((track) => track.readyState)));
      expect(tracks.length).toBeGreaterThan(0);
      expect(tracks.every((state) => state === 'ended')).toBe(true);
      await page.close();
    } finally {
      await camera.close();
      rmSync(videoDir, { recursive: true, force: true });
    }
  }, 150_000);

  it('shows the face step with the kiosk camera and the real verifier (zh, en)', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const page = await openJourney(lang);
      await send(page, { phase: 'face', idPhoto, threshold: 0.6, tries: 0 });
      await page.waitForSelector('[data-testid="face-step"][data-phase="countdown"], [data-testid="face-step"][data-phase="staff"]', { timeout: 60_000 });
      await record(page, `face-${lang}`);
      await page.close();
    }
  }, 150_000);
});
