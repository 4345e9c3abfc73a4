// startMain's paths that main.test.ts (one happy start) does not take: no lock, bad
// config, a host that fails to start or to close, service mode.
import { describe, expect, it } from 'vitest';
import { EventBus } from '../bridge/event-bus.js';
import { parseConfig, defaultConfig, type HostConfig, type HostConfigInput } from '../host/config.js';
import type { RunningHost } from '../host/running-host.js';
import type { TimersLike } from './crash-recovery.js';
import { createFakeElectron, fakeEvent, keyInput, memoryLogger } from './fake-electron.js';
import { startMain, type MainDeps } from './start-main.js';

function setup(opts: { lock?: boolean; config?: Partial<HostConfigInput>; deps?: Partial<MainDeps<ReturnType<typeof memoryLogger>>> } = {}) {
  const fake = createFakeElectron({ appPath: '/opt/kiosk/resources/app.asar', lock: opts.lock ?? true });
  const log = memoryLogger();
  const fatal: string[] = [];
  const hostStarts: HostConfig[] = [];
  let closes = 0;
  const host = (config: HostConfig): RunningHost => ({
    config,
    events: new EventBus(),
    dispatch: async () => ({ ok: true, result: {} }),
    describe: () => [],
    close: async () => {
      closes += 1;
    },
  });
  const started = startMain(fake.module, {
    loadConfig: () => parseConfig({ ...defaultConfig, ...opts.config }),
    createLogger: () => log,
    startHost: async (config) => {
      hostStarts.push(config);
      return host(config);
    },
    readFile: async () => new Uint8Array(),
    reportFatal: (m) => fatal.push(m),
    ...opts.deps,
  });
  return { fake, log, fatal, hostStarts, started, closes: () => closes };
}

describe('startMain', () => {
  it('quits at once, touching nothing else, when another kiosk instance holds the lock', async () => {
    const { fake, started, hostStarts } = setup({ lock: false });
    fake.fireReady();
    await expect(started).resolves.toBeNull();
    expect(fake.calls.quit).toBe(1);
    expect(fake.calls.schemes).toEqual([]);
    expect(fake.calls.sandboxEnabled).toBe(0);
    expect(fake.windows).toHaveLength(0);
    expect(hostStarts).toHaveLength(0);
  });

  it('exits non-zero with the config error when the configuration is invalid', async () => {
    const { fake, started, fatal } = setup({ config: { kioskId: 'bad id!' } });
    await expect(started).resolves.toBeNull();
    expect(fake.calls.exitCodes).toEqual([1]);
    expect(fatal[0]).toMatch(/kioskId/);
    expect(fake.windows).toHaveLength(0);
  });

  it('exits non-zero and opens no window when the host fails to start', async () => {
    const { fake, started, log } = setup({ deps: { startHost: () => Promise.reject(new Error('database locked')) } });
    fake.fireReady();
    await expect(started).resolves.toBeNull();
    expect(fake.calls.exitCodes).toEqual([1]);
    expect(fake.windows).toHaveLength(0);
    expect(fake.ipcHandlers.size).toBe(0);
    expect(log.entries).toContainEqual(expect.objectContaining({ level: 'fatal' }));
  });

  it('in service mode keeps the menu, devtools and shortcuts, and an ordinary window', async () => {
    const { fake, started } = setup({ config: { serviceMode: true } });
    fake.fireReady();
    await started;
    expect(fake.calls.menus).toEqual([]);
    const win = fake.windows[0];
    expect(win?.options).toMatchObject({ kiosk: false, frame: true, webPreferences: { devTools: true, sandbox: true, contextIsolation: true } });
    const f12 = fakeEvent();
    win?.webContents.emit('before-input-event', f12, keyInput('F12'));
    expect(f12.defaultPrevented).toBe(false);
    // Navigation stays locked even for a technician.
    const away = fakeEvent();
    win?.webContents.emit('will-navigate', away, 'https://example.com/');
    expect(away.defaultPrevented).toBe(true);
  });

  it('does not hide the cursor unless configured', async () => {
    const { fake, started } = setup();
    fake.fireReady();
    await started;
    fake.windows[0]?.webContents.emit('did-finish-load');
    expect(fake.windows[0]?.webContents.insertedCss).toEqual([]);
  });

  it('still quits when the host does not close in time', async () => {
    const pending: Array<() => void> = [];
    const timers: TimersLike = { setTimeout: (fn) => pending.push(fn), clearTimeout: () => undefined };
    const { fake, started, log } = setup({
      deps: {
        timers,
        startHost: async (config) => ({ config, events: new EventBus(), dispatch: async () => ({ ok: true, result: {} }), describe: () => [], close: () => new Promise<void>(() => undefined) }),
      },
    });
    fake.fireReady();
    await started;
    fake.app.emit('before-quit', fakeEvent());
    await waitUntil(() => pending.length === 1);
    expect(fake.calls.quit).toBe(0);
    // The only timer is the close timeout; firing it must let the quit through.
    pending[0]?.();
    await waitUntil(() => fake.calls.quit === 1);
    expect(log.entries).toContainEqual(expect.objectContaining({ level: 'error', msg: 'shell: host did not close cleanly' }));
  });

  it('closes a host that finishes starting after quit began, and opens no window', async () => {
    let finish: (host: RunningHost) => void = () => undefined;
    let closed = 0;
    const { fake, started } = setup({ deps: { startHost: () => new Promise<RunningHost>((r) => (finish = r)) } });
    fake.fireReady();
    await Promise.resolve();
    fake.app.emit('before-quit', fakeEvent());
    finish({ config: parseConfig(defaultConfig), events: new EventBus(), dispatch: async () => ({ ok: true, result: {} }), describe: () => [], close: async () => void closed++ });
    await expect(started).resolves.toBeNull();
    await waitUntil(() => fake.calls.quit === 1);
    expect(closed).toBe(1);
    expect(fake.windows).toHaveLength(0);
  });

  it('closes the window-less app when the last window closes', async () => {
    const { fake, started } = setup();
    fake.fireReady();
    await started;
    fake.app.emit('window-all-closed');
    expect(fake.calls.quit).toBe(1);
  });
});

async function waitUntil(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !cond(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(cond()).toBe(true);
}
