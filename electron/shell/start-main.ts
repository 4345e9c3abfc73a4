// The Electron main process, written against ElectronLike so it runs under test with a
// fake Electron. Order matters and follows Electron's rules: the single-instance lock,
// the sandbox switch and the app:// scheme are settled before 'ready'; the session,
// protocol handler, host, bridge and window after it. Quitting waits for the host to
// close (outbox flushed, devices released) before the process goes.
import path from 'node:path';
import { registerIpcBridge } from '../bridge/ipc-main.js';
import type { HostConfig } from '../host/config.js';
import type { RunningHost } from '../host/running-host.js';
import { createAppProtocolHandler } from './app-protocol.js';
import type { TimersLike } from './crash-recovery.js';
import { securityHeaders, withSecurityHeaders } from './csp.js';
import type { ElectronLike } from './electron-like.js';
import { createKioskWindow, type KioskWindow } from './kiosk-window.js';
import type { ShellLogger } from './logger.js';
import { lockDownWebContents, type PreventableLike } from './navigation.js';
import { APP_SCHEME, isTrustedUrl } from './origin.js';
import { installPermissionHandlers } from './permissions.js';

export interface MainDeps<L extends ShellLogger> {
  loadConfig(): HostConfig;
  createLogger(config: HostConfig): L;
  startHost(config: HostConfig, logger: L): Promise<RunningHost>;
  readFile(filePath: string): Promise<Uint8Array<ArrayBuffer>>;
  /** Where the config error goes when there is no logger yet. */
  reportFatal?: (message: string) => void;
  now?: () => number;
  timers?: TimersLike;
  /** Longest wait for host.close() on quit; a wedged driver must not keep the kiosk from restarting. */
  closeTimeoutMs?: number;
}

export interface MainHandle {
  readonly config: HostConfig;
  readonly host: RunningHost;
  readonly kiosk: KioskWindow;
}

/** Paths inside the app (the asar in production, the checkout in development). */
export const PRELOAD_REL = 'dist/electron/preload.cjs';
export const RENDERER_REL = 'dist/renderer';

const defaultTimers: TimersLike = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function startMain<L extends ShellLogger>(electron: ElectronLike, deps: MainDeps<L>): Promise<MainHandle | null> {
  const { app } = electron;
  // A second kiosk window would fight the first for devices and the outbox.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return Promise.resolve(null);
  }
  let config: HostConfig;
  try {
    config = deps.loadConfig();
  } catch (err) {
    (deps.reportFatal ?? console.error)(`kiosk shell: ${err instanceof Error ? err.message : String(err)}`);
    app.exit(1);
    return Promise.resolve(null);
  }
  const log = deps.createLogger(config);
  const timers = deps.timers ?? defaultTimers;
  const now = deps.now ?? Date.now;
  const appRoot = app.getAppPath();

  app.enableSandbox();
  electron.protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: real origin and relative URLs; secure: a secure context (getUserMedia);
      // supportFetchAPI: fetch() of our own assets. No CSP bypass, no CORS, no workers.
      privileges: { standard: true, secure: true, supportFetchAPI: true, bypassCSP: false, corsEnabled: false, allowServiceWorkers: false },
    },
  ]);
  // Touch cabinets: no pinch zoom and no swipe-to-go-back; both would break the layout or
  // leave the page, and neither is reachable through webPreferences.
  app.commandLine.appendSwitch('disable-pinch');
  app.commandLine.appendSwitch('overscroll-history-navigation', '0');

  app.on('web-contents-created', (_event, wc) => lockDownWebContents(wc, { serviceMode: config.serviceMode, log }));

  let kiosk: KioskWindow | null = null;
  let hostPromise: Promise<RunningHost> | null = null;
  let unregisterBridge: (() => void) | null = null;
  let blockerId: number | null = null;
  let quitting = false;
  let closed = false;
  let closing: Promise<void> | null = null;

  app.on('second-instance', () => {
    const win = kiosk?.window;
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());

  const withTimeout = async (work: Promise<void>, ms: number): Promise<void> => {
    let handle: unknown;
    const timeout = new Promise<void>((_resolve, reject) => {
      handle = timers.setTimeout(() => reject(new Error(`host did not close within ${ms} ms`)), ms);
    });
    try {
      await Promise.race([work, timeout]);
    } finally {
      timers.clearTimeout(handle);
    }
  };

  const shutdown = async (): Promise<void> => {
    kiosk?.recovery.dispose();
    unregisterBridge?.();
    if (blockerId !== null) electron.powerSaveBlocker.stop(blockerId);
    const host = await hostPromise?.catch(() => null);
    if (!host) return;
    try {
      await withTimeout(host.close(), deps.closeTimeoutMs ?? 10_000);
      log.info({}, 'shell: host closed');
    } catch (err) {
      log.error({ err }, 'shell: host did not close cleanly');
    }
  };

  // Electron quits as soon as these handlers return, so the first one defers the quit,
  // closes the host, and quits again; the second pass goes straight through.
  const onQuit = (event: PreventableLike) => {
    if (closed) return;
    event.preventDefault();
    quitting = true;
    closing ??= shutdown().finally(() => {
      closed = true;
      app.quit();
    });
  };
  app.on('before-quit', onQuit);
  app.on('will-quit', onQuit);

  const ready = async (): Promise<MainHandle | null> => {
    if (!config.serviceMode) electron.Menu.setApplicationMenu(null);
    const headers = securityHeaders(config.hubUrl);
    const ses = electron.session.defaultSession;
    installPermissionHandlers(ses, log);
    // The app:// handler sets these already; this also covers anything else the session loads.
    ses.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: withSecurityHeaders(details.responseHeaders, headers) });
    });
    electron.protocol.handle(
      APP_SCHEME,
      createAppProtocolHandler({
        rootDir: path.join(appRoot, RENDERER_REL),
        readFile: deps.readFile,
        headers,
        onError: (err, filePath) => log.error({ err, filePath }, 'shell: could not read a page asset'),
      }),
    );

    hostPromise = deps.startHost(config, log);
    const host = await hostPromise;
    log.info({ parts: host.describe() }, 'shell: host started');
    if (quitting) return null;
    unregisterBridge = registerIpcBridge({
      ipcMain: electron.ipcMain,
      dispatch: host.dispatch,
      events: host.events,
      isTrustedUrl,
      target: () => (kiosk && !kiosk.window.isDestroyed() ? kiosk.window.webContents : null),
    });
    // A kiosk screen that goes dark looks broken to the next customer.
    blockerId = electron.powerSaveBlocker.start('prevent-display-sleep');
    kiosk = createKioskWindow(electron.BrowserWindow, {
      serviceMode: config.serviceMode,
      hideCursor: config.ui.hideCursor,
      preloadPath: path.join(appRoot, PRELOAD_REL),
      log,
      now,
      timers,
      isQuitting: () => quitting,
    });
    log.info({ kioskId: config.kioskId, serviceMode: config.serviceMode }, 'shell: kiosk window created');
    return { config, host, kiosk };
  };

  return app
    .whenReady()
    .then(ready)
    .catch((err: unknown) => {
      // Without its host the kiosk can do nothing useful; exit non-zero so the session
      // supervisor (systemd / Shell Launcher) restarts it.
      log.fatal({ err }, 'shell: start-up failed');
      app.exit(1);
      return null;
    });
}
