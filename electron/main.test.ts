// Imports the real main.ts against a fake Electron and asserts what it set up: the order
// of pre-ready calls, the window it built, the handlers it registered and what they deny.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventChannel, requestChannel, requestNames } from './bridge/contract.js';
import { FakeWebContents, fakeEvent, keyInput } from './shell/fake-electron.js';

const h = await vi.hoisted(async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const { createFakeElectron, memoryLogger } = await import('./shell/fake-electron.js');
  const { EventBus } = await import('./bridge/event-bus.js');
  const appPath = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-app-'));
  fs.mkdirSync(path.join(appPath, 'dist', 'renderer'), { recursive: true });
  fs.writeFileSync(path.join(appPath, 'dist', 'renderer', 'index.html'), '<!doctype html><title>kiosk</title>');
  fs.writeFileSync(path.join(appPath, 'secret.txt'), 'not for the page');
  const events = new EventBus();
  const state = { hostStarts: [] as unknown[], dispatched: [] as Array<[unknown, unknown]>, closed: 0 };
  const host = {
    events,
    dispatch: async (method: unknown, params: unknown) => {
      state.dispatched.push([method, params]);
      return { ok: true as const, result: { echoed: method } };
    },
    close: async () => {
      state.closed += 1;
    },
    describe: () => ['store: test'],
  };
  return { fake: createFakeElectron({ appPath }), logger: memoryLogger(), appPath, host, state, path };
});

vi.mock('electron', () => h.fake.module);
vi.mock('./host/log.node.js', () => ({ createLogger: () => h.logger }));
vi.mock('./host/start-host.node.js', () => ({
  startHost: async (opts: { config: unknown; logger?: unknown }) => {
    h.state.hostStarts.push(opts);
    return { ...h.host, config: opts.config };
  },
}));
vi.mock('./host/config.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./host/config.js')>();
  return {
    ...real,
    loadConfig: () => real.parseConfig({ ...real.defaultConfig, hubUrl: 'https://hub.bank.example:8443', ui: { hideCursor: true } }),
  };
});

const { started } = await import('./main.js');

// What main.ts did on import, before Electron was ready.
const beforeReady = {
  windows: h.fake.windows.length,
  protocolHandlers: h.fake.protocolHandlers.size,
  ipcHandlers: h.fake.ipcHandlers.size,
  hostStarts: h.state.hostStarts.length,
};

let handle: Awaited<typeof started>;
beforeAll(async () => {
  h.fake.fireReady();
  handle = await started;
});

const win = () => {
  const w = h.fake.windows[0];
  if (!w) throw new Error('no window');
  return w;
};

afterEach(() => {
  vi.useRealTimers();
});

describe('main.ts before ready', () => {
  it('takes the single-instance lock, enables the sandbox and registers app:// as a privileged scheme', () => {
    expect(h.fake.calls.lockRequests).toBe(1);
    expect(h.fake.calls.sandboxEnabled).toBe(1);
    expect(h.fake.calls.schemes).toEqual([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, bypassCSP: false, corsEnabled: false, allowServiceWorkers: false },
      },
    ]);
  });

  it('appends the V8 flags for the processes it starts, speech (on Linux) and the touch switches', () => {
    expect(h.fake.calls.switches).toEqual([
      ['js-flags', '--max-semi-space-size=2'],
      ...(process.platform === 'linux' ? [['enable-speech-dispatcher', undefined]] : []),
      ['disable-pinch', undefined],
      ['overscroll-history-navigation', '0'],
    ]);
  });

  it('waits for ready before the host, protocol handler, bridge and window', () => {
    expect(beforeReady).toEqual({ windows: 0, protocolHandlers: 0, ipcHandlers: 0, hostStarts: 0 });
  });
});

describe('main.ts after ready', () => {
  it('starts the host once with the loaded config and the logger', () => {
    expect(handle).not.toBeNull();
    expect(h.state.hostStarts).toHaveLength(1);
    expect(h.state.hostStarts[0]).toMatchObject({ config: { hubUrl: 'https://hub.bank.example:8443' }, logger: h.logger });
    expect(h.logger.entries).toContainEqual(expect.objectContaining({ msg: 'shell: host started', obj: { parts: ['store: test'] } }));
  });

  it('seals the hub credentials and the outbox field key with safeStorage', () => {
    const opts = h.state.hostStarts[0] as { credentialsProtection?: { kind: string }; keyProvider?: { current: unknown } };
    expect(opts.credentialsProtection?.kind).toBe('electron-safe-storage');
    expect(typeof opts.keyProvider?.current).toBe('function');
  });

  it('gives the host a device-worker launcher built on utilityProcess, not child_process', () => {
    const opts = h.state.hostStarts[0] as { launchDeviceWorker?: () => { pid: unknown } };
    expect(typeof opts.launchDeviceWorker).toBe('function');
    opts.launchDeviceWorker?.();
    expect(h.fake.calls.utilityForks).toHaveLength(1);
    expect(h.fake.calls.utilityForks[0]).toMatch(/device-worker\.(node\.ts|cjs)$/);
  });

  it('creates one locked-down window with the preload from the app and loads the page', () => {
    expect(h.fake.windows).toHaveLength(1);
    const { options, webContents } = win();
    expect(options).toMatchObject({ kiosk: true, fullscreen: true, frame: false, show: false, backgroundColor: '#0b3d91' });
    expect(options.webPreferences).toMatchObject({
      preload: h.path.join(h.appPath, 'dist/electron/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
    });
    expect(webContents.loadedUrls).toEqual(['app://kiosk/index.html']);
  });

  it('removes the application menu and keeps the display awake', () => {
    expect(h.fake.calls.menus).toEqual([null]);
    expect(h.fake.calls.blockers).toEqual(['prevent-display-sleep']);
  });

  it('shows the window only when it is ready to show', () => {
    expect(win().shown).toBe(0);
    win().emit('ready-to-show');
    expect(win().shown).toBe(1);
  });

  it('hides the cursor after each load when configured', () => {
    win().webContents.emit('did-finish-load');
    expect(win().webContents.insertedCss).toEqual(['* { cursor: none !important; }']);
  });

  it('focuses the existing window when a second instance starts', () => {
    win().minimized = true;
    h.fake.app.emit('second-instance');
    expect(win().restored).toBe(1);
    expect(win().focused).toBe(1);
  });
});

describe('app:// protocol', () => {
  const get = async (url: string) => {
    const handler = h.fake.protocolHandlers.get('app');
    if (!handler) throw new Error('no app:// handler');
    return handler(new Request(url));
  };

  it('serves the page from dist/renderer with CSP and nosniff', async () => {
    const res = await get('app://kiosk/index.html');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>kiosk</title>');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(csp).toContain("connect-src 'self' https://hub.bank.example:8443 wss://hub.bank.example:8443;");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses traversal out of dist/renderer with 404', async () => {
    for (const url of ['app://kiosk/../../secret.txt', 'app://kiosk/%2e%2e/%2e%2e/secret.txt']) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('not for the page');
    }
  });
});

describe('session lockdown', () => {
  it('grants camera and microphone to the page only, and nothing else', () => {
    const request = h.fake.session.requestHandler;
    const check = h.fake.session.checkHandler;
    if (!request || !check) throw new Error('permission handlers not installed');
    const answers: boolean[] = [];
    request({}, 'media', (g) => answers.push(g), { requestingUrl: 'app://kiosk/index.html', mediaTypes: ['video', 'audio'], isMainFrame: true });
    request({}, 'media', (g) => answers.push(g), { requestingUrl: 'https://evil.example/', mediaTypes: ['video'], isMainFrame: true });
    request({}, 'geolocation', (g) => answers.push(g), { requestingUrl: 'app://kiosk/index.html', isMainFrame: true });
    request({}, 'notifications', (g) => answers.push(g), { requestingUrl: 'app://kiosk/index.html', isMainFrame: true });
    expect(answers).toEqual([true, false, false, false]);
    expect(check(null, 'media', 'app://kiosk', { mediaType: 'video', isMainFrame: true })).toBe(true);
    expect(check(null, 'clipboard-read', 'app://kiosk', { isMainFrame: true })).toBe(false);
  });

  it('forces the CSP onto every response the session receives', () => {
    const listener = h.fake.session.headersListener;
    if (!listener) throw new Error('onHeadersReceived not installed');
    let headers: Record<string, string[]> | undefined;
    listener({ url: 'app://kiosk/index.html', responseHeaders: { 'content-security-policy': ['default-src *'] } }, (r) => {
      headers = r.responseHeaders;
    });
    expect(headers?.['content-security-policy']).toBeUndefined();
    expect(headers?.['Content-Security-Policy']?.[0]).toMatch(/^default-src 'self'; script-src 'self' 'wasm-unsafe-eval';/);
  });
});

describe('navigation and input lockdown on every webContents', () => {
  it('applies to the kiosk window (announced through web-contents-created)', () => {
    const wc = win().webContents;
    const away = fakeEvent();
    wc.emit('will-navigate', away, 'https://evil.example/');
    const redirect = fakeEvent();
    wc.emit('will-redirect', redirect, 'http://10.0.0.1/');
    const inApp = fakeEvent();
    wc.emit('will-navigate', inApp, 'app://kiosk/index.html#/help');
    expect([away.defaultPrevented, redirect.defaultPrevented, inApp.defaultPrevented]).toEqual([true, true, false]);
    expect(wc.windowOpenHandler?.({ url: 'app://kiosk/index.html' })).toEqual({ action: 'deny' });
    const webview = fakeEvent();
    wc.emit('will-attach-webview', webview, {}, { src: 'app://kiosk/index.html' });
    expect(webview.defaultPrevented).toBe(true);
    const altF4 = fakeEvent();
    wc.emit('before-input-event', altF4, keyInput('F4', { alt: true }));
    expect(altF4.defaultPrevented).toBe(true);
  });

  it('applies to any other webContents created later', () => {
    const other = new FakeWebContents();
    h.fake.app.emit('web-contents-created', fakeEvent(), other);
    const away = fakeEvent();
    other.emit('will-navigate', away, 'https://evil.example/');
    expect(away.defaultPrevented).toBe(true);
    expect(other.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });
});

describe('IPC bridge', () => {
  it('registers exactly one handler per contract request', () => {
    expect([...h.fake.ipcHandlers.keys()].sort()).toEqual(requestNames.map(requestChannel).sort());
  });

  it('dispatches requests from the kiosk page and refuses other senders', async () => {
    const handler = h.fake.ipcHandlers.get(requestChannel('kiosk.info'));
    if (!handler) throw new Error('no kiosk.info handler');
    await expect(handler({ senderFrame: { url: 'app://kiosk/index.html', parent: null } }, {})).resolves.toEqual({ ok: true, result: { echoed: 'kiosk.info' } });
    const before = h.state.dispatched.length;
    for (const senderFrame of [
      { url: 'https://evil.example/', parent: null },
      { url: 'app://kiosk/index.html', parent: {} },
      null,
    ]) {
      await expect(handler({ senderFrame }, {})).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect(h.state.dispatched.length).toBe(before);
  });

  it('forwards host events to the kiosk window', () => {
    const payload = { online: true, backlog: 0, oldestPendingAt: null, lastSyncAt: null };
    h.host.events.emit('sync.status', payload);
    expect(win().webContents.sent).toContainEqual({ channel: eventChannel('sync.status'), payload });
  });
});

describe('crash recovery', () => {
  it('reloads the page 1 s after the renderer dies, and logs the incident', () => {
    vi.useFakeTimers();
    const wc = win().webContents;
    const loads = wc.loadedUrls.length;
    wc.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 139 });
    vi.advanceTimersByTime(999);
    expect(wc.loadedUrls.length).toBe(loads);
    vi.advanceTimersByTime(1);
    expect(wc.loadedUrls.slice(loads)).toEqual(['app://kiosk/index.html']);
    expect(h.logger.entries).toContainEqual(expect.objectContaining({ level: 'error', obj: expect.objectContaining({ incident: 'render-process-gone', reason: 'crashed' }) }));
  });

  it('retries a failed main-frame load but ignores aborted and sub-frame loads', () => {
    vi.useFakeTimers();
    const wc = win().webContents;
    const loads = wc.loadedUrls.length;
    wc.emit('did-fail-load', fakeEvent(), -3, 'ERR_ABORTED', 'app://kiosk/index.html', true);
    wc.emit('did-fail-load', fakeEvent(), -6, 'ERR_FILE_NOT_FOUND', 'app://kiosk/x.html', false);
    vi.advanceTimersByTime(120_000);
    expect(wc.loadedUrls.length).toBe(loads);
    wc.emit('did-fail-load', fakeEvent(), -6, 'ERR_FILE_NOT_FOUND', 'app://kiosk/index.html', true);
    vi.advanceTimersByTime(120_000);
    expect(wc.loadedUrls.length).toBe(loads + 1);
  });
});

describe('quitting', () => {
  it('defers the first quit until the host has closed, then quits for real', async () => {
    const first = fakeEvent();
    h.fake.app.emit('before-quit', first);
    expect(first.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(h.fake.calls.quit).toBe(1));
    expect(h.state.closed).toBe(1);
    expect(h.fake.calls.stoppedBlockers).toEqual([1]);
    expect(h.fake.ipcHandlers.size).toBe(0);
    // Electron comes back through before-quit and will-quit; now they pass.
    const second = fakeEvent();
    h.fake.app.emit('before-quit', second);
    const willQuit = fakeEvent();
    h.fake.app.emit('will-quit', willQuit);
    expect([second.defaultPrevented, willQuit.defaultPrevented]).toEqual([false, false]);
    expect(h.state.closed).toBe(1);
  });

  it('does not reload a renderer that goes away while quitting', () => {
    vi.useFakeTimers();
    const wc = win().webContents;
    const loads = wc.loadedUrls.length;
    wc.emit('render-process-gone', fakeEvent(), { reason: 'clean-exit', exitCode: 0 });
    vi.advanceTimersByTime(120_000);
    expect(wc.loadedUrls.length).toBe(loads);
  });
});
