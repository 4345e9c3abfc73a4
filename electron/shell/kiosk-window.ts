// The one customer-facing window: created hidden, shown when painted, its cursor hidden
// on touch-only cabinets, and brought back by CrashRecovery when its renderer dies, hangs
// or fails to load. Navigation and input lockdown is not here: it is applied to every
// webContents on creation (see start-main.ts), this window's included.
import { CrashRecovery, type TimersLike } from './crash-recovery.js';
import type { BrowserWindowLike, ElectronLike } from './electron-like.js';
import type { ShellLogger } from './logger.js';
import { INDEX_URL } from './origin.js';
import { buildWindowOptions, HIDE_CURSOR_CSS } from './window-options.js';

/** Chromium's net::ERR_ABORTED: a load replaced by another one, not a failure. */
const ERR_ABORTED = -3;

export interface KioskWindowDeps {
  serviceMode: boolean;
  hideCursor: boolean;
  preloadPath: string;
  log: ShellLogger;
  now: () => number;
  timers: TimersLike;
  /** While quitting, a renderer going away is expected and must not trigger a reload. */
  isQuitting: () => boolean;
}

export interface KioskWindow {
  window: BrowserWindowLike;
  recovery: CrashRecovery;
}

export function createKioskWindow(BrowserWindow: ElectronLike['BrowserWindow'], deps: KioskWindowDeps): KioskWindow {
  const win = new BrowserWindow(buildWindowOptions({ serviceMode: deps.serviceMode, preloadPath: deps.preloadPath }));
  const wc = win.webContents;
  const load = () => {
    // A failed load also raises did-fail-load, which schedules the retry; the rejection
    // itself only needs to be kept from becoming an unhandled one.
    wc.loadURL(INDEX_URL).catch((err: unknown) => deps.log.warn({ err }, 'shell: kiosk page load rejected'));
  };
  const recovery = new CrashRecovery({
    reload: () => {
      if (!win.isDestroyed()) load();
    },
    log: deps.log,
    now: deps.now,
    timers: deps.timers,
  });

  win.once('ready-to-show', () => win.show());
  if (deps.hideCursor) {
    wc.on('did-finish-load', () => {
      wc.insertCSS(HIDE_CURSOR_CSS).catch((err: unknown) => deps.log.warn({ err }, 'shell: could not hide the cursor'));
    });
  }
  wc.on('render-process-gone', (_event, details) => {
    if (deps.isQuitting()) return;
    recovery.failure('render-process-gone', { reason: details.reason, exitCode: details.exitCode });
  });
  wc.on('unresponsive', () => {
    if (!deps.isQuitting()) recovery.failure('unresponsive');
  });
  wc.on('responsive', () => recovery.responsive());
  wc.on('did-fail-load', (_event, errorCode, errorDescription, validatedURL, isMainFrame) => {
    if (!isMainFrame || errorCode === ERR_ABORTED || deps.isQuitting()) return;
    recovery.failure('did-fail-load', { errorCode, errorDescription, url: validatedURL.slice(0, 200) });
  });
  win.on('closed', () => recovery.dispose());

  load();
  return { window: win, recovery };
}
