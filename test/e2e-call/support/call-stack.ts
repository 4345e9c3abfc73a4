// Everything a call test needs, on loopback inside the test's network namespace: the hub
// (call-hub.ts), a kiosk host enrolled with it and its page server, and one Chromium with
// fake camera and microphone, in which the kiosk page and the expert console each get
// their own browser context (separate storage, as on two machines).
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { AssistConfig } from '../../../hub/assist/assist-config.js';
import { enrollLocalKiosk } from '../../../hub/auth/enroll-local.node.js';
import { loadConfig, type HostConfigInput } from '../../../electron/host/config.js';
import { openCredentialsStore } from '../../../electron/host/kiosk-credentials.node.js';
import { pino } from 'pino';
import { silentLogger } from '../../../electron/host/log.node.js';
import { servePage, type PageServer } from '../../../electron/host/page-server.node.js';
import { startHost, type KioskHost, type StartHostOptions } from '../../../electron/host/start-host.node.js';
import { startCallHub, type CallHub, type StaffAccount } from './call-hub.js';
import { installProbe } from './rtc-probe.js';

export const SCREENSHOTS = path.resolve('test/e2e/screenshots');

/** The flags of the brief: fake devices, no permission prompt, loopback ICE candidates. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
];

export function launchCallBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
}

export interface CallStack {
  hub: CallHub;
  host: KioskHost;
  page: PageServer;
  browser: Browser;
  kioskContext: BrowserContext;
  consoleContext: BrowserContext;
  kioskId: string;
  /** Host log lines (info and above), for failure messages. */
  hostLogs: string[];
  openKiosk(): Promise<Page>;
  /** The console signed in as `who` (password + a fresh TOTP code), on the queue view. */
  openConsole(who: StaffAccount, query?: string): Promise<Page>;
  close(): Promise<void>;
}

export interface CallStackOptions {
  kioskId: string;
  hubConfig?: Partial<AssistConfig>;
  host?: Partial<HostConfigInput>;
  hostAssist?: StartHostOptions['assist'];
  hubLogLevel?: 'warn' | 'info';
  /** The demo core bank on the hub (journeys that move money or open accounts). */
  banking?: boolean;
  /** More Chromium flags, e.g. a fake camera fed from a file (--use-file-for-fake-video-capture). */
  chromiumArgs?: readonly string[];
}

export async function startCallStack(options: CallStackOptions): Promise<CallStack> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const hub = await startCallHub(options.hubConfig, options.hubLogLevel, { banking: options.banking ?? false });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bk-call-'));
  const config = loadConfig({ env: {}, file: null, overrides: { dataDir, hubUrl: hub.url, kioskId: options.kioskId, syncIntervalMs: 300, ...options.host } });
  await openCredentialsStore({ dataDir }).save(await enrollLocalKiosk(hub, config.kioskId));
  const hostLogs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void hostLogs.push(line) });
  const host = await startHost({ config, logger, ...(options.hostAssist ? { assist: options.hostAssist } : {}) });
  const page = await servePage({ host, rendererDir: path.resolve('dist/renderer'), log: silentLogger() });
  const browser = await launchCallBrowser(options.chromiumArgs);
  const kioskContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const consoleContext = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await installProbe(kioskContext, { button: 'help-button', video: 'remote-video' });
  await installProbe(consoleContext, { button: 'queue-accept', video: 'console-remote-video' });

  return {
    hub,
    host,
    page,
    browser,
    kioskContext,
    consoleContext,
    kioskId: config.kioskId,
    hostLogs,
    async openKiosk() {
      const kiosk = await kioskContext.newPage();
      await kiosk.goto(page.url);
      await kiosk.getByTestId('attract').waitFor();
      return kiosk;
    },
    async openConsole(who, query = 'lang=en') {
      const consolePage = await consoleContext.newPage();
      await consolePage.goto(`${hub.url}/console/?${query}`);
      await consolePage.getByTestId('login-username').fill(who.username);
      await consolePage.getByTestId('login-password').fill(who.password);
      await consolePage.getByTestId('login-totp').fill(hub.totp(who));
      await consolePage.getByTestId('login-submit').click();
      await consolePage.getByTestId('availability-toggle').waitFor();
      return consolePage;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await page.close();
      await host.close();
      await hub.close();
    },
  };
}
