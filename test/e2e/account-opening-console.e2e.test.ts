// Issue 11, account opening: the expert console's application panel in Chromium, built with
// the console's styles (test/e2e/account-opening/panel-harness.tsx), filled with the fixture
// photos and a signature drawn in the page: axe-core (no serious or critical violation) and
// screenshots in 中文 and English (screenshots/account-opening-console-*.png).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffApplicationView } from '../../protocol/account-opening.js';
import { resolveStaticPath } from '../../electron/host/page-server.node.js';
import { contentTypeFor } from '../../electron/shell/app-protocol.js';
import { expectAccessible, launchChromium, SCREENSHOTS } from './stack.js';

const require = createRequire(import.meta.url);
let outDir: string;
let server: Server;
let url: string;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  outDir = mkdtempSync(path.join(os.tmpdir(), 'bk-application-panel-'));
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: false,
      root: path.resolve('test/e2e/account-opening'),
      base: './',
      logLevel: 'error',
      plugins: [react()],
      define: { global: 'globalThis' },
      resolve: { alias: [{ find: /^events\/?$/, replacement: require.resolve('events/') }, { find: /^buffer\/?$/, replacement: require.resolve('buffer/') }] },
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  server = createServer((req, res) => {
    const file = resolveStaticPath(outDir, new URL(req.url ?? '/', 'http://x').pathname);
    if (!file || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': contentTypeFor(file) }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

const photo = (file: string) => ({ mime: 'image/jpeg' as const, base64: readFileSync(path.resolve('test/fixtures/faces', file)).toString('base64') });

function application(signature: string): StaffApplicationView {
  return {
    applicationId: '0190a000-0000-7000-8000-00000000000a',
    kioskId: 'K01',
    branchId: 'BR-SH-01',
    filedAt: '2026-12-05T02:30:00.000Z',
    status: 'filed',
    document: { kind: 'cn-id', name: '张小明', idNumber: '11010119900307123X', sex: 'M', birthDate: '1990-03-07', nationality: 'CHN', validTo: 'long-term', address: '北京市东城区景山前街4号', issuer: '北京市公安局东城分局' },
    age: 36,
    idPhoto: photo('hopper-id.jpg'),
    face: {
      outcome: 'checked',
      result: { score: 0.917, threshold: 0.6, decision: 'match', liveness: { passed: true, reason: 'live', challenge: 'blink', framesAnalysed: 32, antiSpoofScore: 0.71 }, timings: { idPhotoMs: 300, framesMs: 1200, answerMs: 110 }, engine: 'human 3.3.6 (wasm)' },
      livePhoto: photo('hopper-live.jpg'),
    },
    consent: { version: 'acct-terms-2026.12', accepted: ['terms', 'privacy', 'identity-check'], signature: { mime: 'image/png', base64: signature } },
    kyc: { occupation: 'employee', purpose: 'salary', taxResidency: { kind: 'cn-only' } },
  };
}

describe('the expert console’s application panel', () => {
  it('shows the application in full beside Approve / Decline, in 中文 and English', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const page = await browser.newPage({ viewport: { width: 1366, height: 1400 } });
      page.on('pageerror', (error) => console.error('panel page error:', error));
      // A signature drawn on a canvas, as the kiosk's pad exports it.
      const signature = await page.evaluate(() => {
        const canvas = document.createElement('canvas');
        canvas.width = 900;
        canvas.height = 300;
        const ctx = canvas.getContext('2d');
        if (!ctx) return '';
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, 900, 300);
        ctx.lineWidth = 5;
        ctx.beginPath();
        ctx.moveTo(120, 200);
        for (const [x, y] of [[220, 90], [300, 210], [380, 80], [470, 200], [600, 110], [720, 190]]) ctx.lineTo(x ?? 0, y ?? 0);
        ctx.stroke();
        return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
      });
      await page.addInitScript((view) => ((window as unknown as { __application: unknown }).__application = view), application(signature));
      await page.goto(`${url}?lang=${lang}`);
      await page.waitForSelector('[data-testid="application"][data-load="loaded"]');
      await page.waitForFunction(() => [...document.querySelectorAll('img')].every((img) => img.complete && img.naturalWidth > 0));
      expect(await page.textContent('[data-testid="application-id-number"]')).toBe('11010119900307123X');
      expect(await page.textContent('[data-testid="application-face-score"]')).toContain(lang === 'en' ? 'at or above the threshold' : '达到阈值');
      await expectAccessible(page, `console application ${lang}`);
      await page.screenshot({ path: path.join(SCREENSHOTS, `account-opening-console-${lang === 'en' ? 'en' : 'zh'}.png`), fullPage: true });
      await page.close();
    }
  }, 60_000);
});
