// Starts what `npm start` starts — hub, host with a simulated printer, page server — on
// free loopback ports, plus a Chromium driven by playwright-core.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { loadConfig, type HostConfigInput } from '../../electron/host/config.js';
import { closeLogger, createLogger, kioskLogFile, silentLogger } from '../../electron/host/log.node.js';
import { servePage, type PageServer } from '../../electron/host/page-server.node.js';
import { startHost, type KioskHost } from '../../electron/host/start-host.node.js';
import type { EscPosSimulator } from '../../drivers/escpos/simulator.node.js';
import type { Clock } from '../../hub/assist/clock.js';
import { startTestHub, type TestHub } from '../support/enrolled-hub.js';

export const SCREENSHOTS = path.resolve('test/e2e/screenshots');

/** portrait × 中文 and landscape × English: the pairs a slow journey runs on when the full
 * orientation × language matrix would only repeat the same code paths. */
export const onDiagonal = (orientation: 'portrait' | 'landscape', locale: 'zh-CN' | 'en'): boolean => (orientation === 'portrait') === (locale === 'zh-CN');

/** Speech synthesis with a Chinese and an English voice; what is spoken lands in window.__spoken. */
export const SPEECH_RECORDER = () => {
  const spoken: { text: string; lang: string }[] = [];
  (window as unknown as { __spoken: typeof spoken }).__spoken = spoken;
  class Utterance {
    lang = '';
    voice: unknown = null;
    constructor(readonly text: string) {}
  }
  const voices = [
    { lang: 'zh-CN', name: 'Mandarin' },
    { lang: 'en-US', name: 'English' },
  ];
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
  Object.defineProperty(window, 'speechSynthesis', {
    configurable: true,
    value: { cancel: () => undefined, speak: (u: Utterance) => spoken.push({ text: u.text, lang: u.lang }), getVoices: () => voices, addEventListener: () => undefined, removeEventListener: () => undefined },
  });
};

export interface Stack {
  hub: TestHub;
  host: KioskHost;
  page: PageServer;
  sim: EscPosSimulator;
  close(): Promise<void>;
}

/**
 * `logToFile`: the host logs to logs/kiosk.log in its data dir, as npm start does (service mode's log viewer).
 * `hubClock`: the hub's clock (staff sessions, follow-up deadlines…), for a test that moves time.
 * `wallFeedWaitMs`: the wall display's long poll (the hub's close waits for it; 20 s by default).
 */
export async function startStack(overrides: Partial<HostConfigInput> = {}, options: { logToFile?: boolean; hubClock?: Clock; wallFeedWaitMs?: number } = {}): Promise<Stack> {
  const hub = await startTestHub(options.hubClock ? { clock: options.hubClock } : {});
  const config = loadConfig({
    env: {},
    file: null,
    overrides: { dataDir: mkdtempSync(path.join(os.tmpdir(), 'bk-e2e-')), hubUrl: hub.hub.url, syncIntervalMs: 500, ...overrides },
  });
  await hub.enroll(config.kioskId, config.dataDir);
  const logger = options.logToFile ? createLogger({ level: 'info', destination: kioskLogFile(config.dataDir) }) : silentLogger();
  const host = await startHost({ config, logger, ...(options.wallFeedWaitMs === undefined ? {} : { wallFeedWaitMs: options.wallFeedWaitMs }) });
  const page = await servePage({ host, rendererDir: path.resolve('dist/renderer'), log: silentLogger() });
  const sim = host.devices.simulator();
  if (!sim) throw new Error('expected the simulated printer');
  return {
    hub,
    host,
    page,
    sim,
    async close() {
      await page.close();
      await host.close();
      await hub.close();
      await closeLogger(logger);
    },
  };
}

export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic', ...extraArgs],
  });
}

/** No serious or critical axe-core violation on the screen as it is now. */
export async function expectAccessible(page: Page, screenName: string): Promise<void> {
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(violations, screenName).toEqual([]);
}
