// Cold start of the kiosk as packaged: the bundled headless host (dist/electron/host.cjs, no
// tsx) from process start to the kiosk page usable in Chromium: attract screen visible and the
// page's bridge socket answering (a painted screen whose taps go nowhere is not ready).
// Baseline in the same run, interleaved: a bare Node HTTP server from process start, plus the
// same Chromium loading a blank page from it. One browser serves both, so its own launch is
// in neither. ratio = p50 ÷ baseline p50 (target ≤ 1.5; lower is better).
//
// Beside them, in the same rounds, the floor a React first screen sets: a page of React 19,
// react-dom, one button and one WebSocket request from an effect, served by bare Node + ws
// (react-floor/). Written as cold-start-react-floor: what is left of the 1.5× for everything
// the kiosk adds to React.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { percentile, writeResult, type BenchResult } from '../result.js';
import { spawnUntil } from './spawn-ready.js';

// COLD_START_HOST: another build's host.cjs (its page beside it in ../renderer), to compare two
// builds on a machine whose load changes from one run to the next.
const HOST_BUNDLE = path.resolve(process.env.COLD_START_HOST ?? 'dist/electron/host.cjs');
const BARE_SERVER = `require('node:http').createServer((q, s) => s.end('<!doctype html><title>blank</title>')).listen(0, '127.0.0.1', function () { console.log('ready http://127.0.0.1:' + this.address().port + '/'); });`;

const FLOOR_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'react-floor');

/** Builds the floor page as the kiosk page is built (Vite, production React) into `outDir`. */
async function buildFloor(outDir: string): Promise<void> {
  await build({ root: FLOOR_DIR, base: './', logLevel: 'warn', configFile: false, plugins: [react()], build: { outDir, emptyOutDir: true } });
}

/**
 * Process start to `ready` on the page at the URL the process prints; page and process are
 * closed again either way. `ready` is called before navigation (to listen for sockets) and
 * returns the wait to run after it.
 */
async function startToReady(browser: Browser, args: string[], url: RegExp, ready: (page: Page) => () => Promise<unknown>, env?: NodeJS.ProcessEnv): Promise<number> {
  const t0 = performance.now();
  const server = await spawnUntil(process.execPath, args, url, env ? { env } : {});
  const page = await browser.newPage();
  try {
    const whenReady = ready(page);
    await page.goto(server.match[1]!);
    await whenReady();
    return performance.now() - t0;
  } finally {
    await page.close();
    await server.stop();
  }
}

/** The attract button shown and the page's first WebSocket request answered (kiosk and floor alike). */
function attractAnswered(page: Page): () => Promise<unknown> {
  const answered = new Promise<void>((resolve) => page.on('websocket', (ws) => ws.once('framereceived', () => resolve())));
  return () => Promise.all([page.getByTestId('attract').waitFor(), answered]);
}

const blankShown = (page: Page) => () => page.waitForFunction(() => document.title === 'blank');

// Interleaved rounds; 16 by default, since one loaded moment moves a p50 of 8 a long way.
export async function run(samples = Number(process.env.COLD_START_SAMPLES ?? 16)): Promise<BenchResult> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  const kiosk: number[] = [];
  const bare: number[] = [];
  const floor: number[] = [];
  const floorDir = mkdtempSync(path.join(os.tmpdir(), 'bk-react-floor-'));
  try {
    await buildFloor(floorDir);
    for (let i = 0; i < samples; i++) {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bk-cold-'));
      // The hub is absent on purpose: a kiosk must paint its first screen without one.
      const env = { ...process.env, BRANCH_KIOSK_DATA_DIR: dataDir, BRANCH_KIOSK_HUB_URL: 'http://127.0.0.1:9', BRANCH_KIOSK_LOG_LEVEL: 'warn' };
      try {
        kiosk.push(await startToReady(browser, [HOST_BUNDLE], /kiosk page (\S+)/, attractAnswered, env));
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
      floor.push(await startToReady(browser, [path.join(FLOOR_DIR, 'server.mjs'), floorDir], /ready (\S+)/, attractAnswered));
      bare.push(await startToReady(browser, ['-e', BARE_SERVER], /ready (\S+)/, blankShown));
    }
  } finally {
    await browser.close();
    rmSync(floorDir, { recursive: true, force: true });
  }
  kiosk.sort((a, b) => a - b);
  bare.sort((a, b) => a - b);
  floor.sort((a, b) => a - b);
  const p50 = percentile(kiosk, 50) ?? 0;
  const bareP50 = Math.round(percentile(bare, 50) ?? 0);
  writeResult({
    name: 'cold-start-react-floor',
    metric: 'ms from process start to a page of only React 19 + react-dom usable: its button painted, one WebSocket request from an effect answered (bare Node + ws server, p50)',
    value: Math.round(percentile(floor, 50) ?? 0),
    unit: 'ms',
    baseline: { name: 'bare Node HTTP server start + Chromium loading a blank page, p50 (the same rounds as cold-start)', value: bareP50 },
    target: 'reference, no target: cold-start ratio minus this ratio is what the kiosk adds to React',
    samples: floor.length,
    p50: Math.round(percentile(floor, 50) ?? 0),
    p99: Math.round(percentile(floor, 99) ?? 0),
  });
  return writeResult({
    name: 'cold-start',
    metric: 'ms from process start to the kiosk page usable: attract painted, bridge answering (bundled host, p50)',
    value: Math.round(p50),
    unit: 'ms',
    baseline: { name: 'bare Node HTTP server start + Chromium loading a blank page, p50', value: bareP50 },
    target: '<=1.5 (ratio of p50s, lower is better)',
    samples: kiosk.length,
    p50: Math.round(p50),
    p99: Math.round(percentile(kiosk, 99) ?? 0),
  });
}
