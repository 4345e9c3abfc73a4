// Test double of the Electron main-process modules the shell uses. It records what the
// code under test did (handlers registered, options passed, events prevented) and lets a
// test fire Electron's events. Used by main.test.ts (through vi.mock('electron')) and by
// the shell's own tests; never bundled, since nothing outside tests imports it.
import type { IpcInvokeEventLike } from '../bridge/ipc-main.js';
import type { KeyInputLike } from './input-guard.js';
import type { PermissionDetailsLike } from './permissions.js';
import type { HeadersReceivedDetailsLike, SchemePrivilegesLike } from './electron-like.js';
import type { KioskWindowOptions } from './window-options.js';

type Listener = (...args: never[]) => void;

export class FakeEmitter {
  private readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  once(event: string, listener: Listener): this {
    const wrapped = (...args: never[]) => {
      this.off(event, wrapped);
      listener(...args);
    };
    return this.on(event, wrapped);
  }

  off(event: string, listener: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
    return this;
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  /** Calls the listeners as Electron would; the arguments are the test's responsibility. */
  emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as (...a: unknown[]) => void)(...args);
  }
}

/** An Electron-style event whose preventDefault the test can inspect. */
export function fakeEvent(): { preventDefault(): void; defaultPrevented: boolean } {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

export function keyInput(key: string, mods: Partial<Omit<KeyInputLike, 'key'>> = {}): KeyInputLike {
  const code = /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : /^[0-9]$/.test(key) ? `Digit${key}` : key;
  return { type: 'keyDown', key, code, control: false, alt: false, shift: false, meta: false, ...mods };
}

export class FakeWebContents extends FakeEmitter {
  readonly loadedUrls: string[] = [];
  readonly insertedCss: string[] = [];
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  destroyed = false;
  loadResult: Promise<unknown> = Promise.resolve();

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  loadURL(url: string): Promise<unknown> {
    this.loadedUrls.push(url);
    return this.loadResult;
  }
  insertCSS(css: string): Promise<unknown> {
    this.insertedCss.push(css);
    return Promise.resolve('key');
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export function createFakeElectron(opts: { appPath?: string; lock?: boolean } = {}) {
  const calls = {
    switches: [] as Array<[string, string | undefined]>,
    schemes: [] as Array<{ scheme: string; privileges: SchemePrivilegesLike }>,
    sandboxEnabled: 0,
    lockRequests: 0,
    quit: 0,
    exitCodes: [] as Array<number | undefined>,
    menus: [] as null[],
    blockers: [] as string[],
    stoppedBlockers: [] as number[],
    utilityForks: [] as string[],
  };
  const windows: FakeBrowserWindow[] = [];
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const ipcHandlers = new Map<string, (event: IpcInvokeEventLike, params: unknown) => Promise<unknown>>();
  let readyResolve: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    readyResolve = resolve;
  });

  class FakeApp extends FakeEmitter {
    readonly commandLine = {
      appendSwitch: (name: string, value?: string) => {
        calls.switches.push([name, value]);
      },
    };
    requestSingleInstanceLock(): boolean {
      calls.lockRequests += 1;
      return opts.lock ?? true;
    }
    enableSandbox(): void {
      calls.sandboxEnabled += 1;
    }
    whenReady(): Promise<void> {
      return ready;
    }
    getAppPath(): string {
      return opts.appPath ?? '/app';
    }
    quit(): void {
      calls.quit += 1;
    }
    exit(code?: number): void {
      calls.exitCodes.push(code);
    }
  }
  const app = new FakeApp();

  class FakeBrowserWindow extends FakeEmitter {
    readonly webContents = new FakeWebContents();
    shown = 0;
    focused = 0;
    restored = 0;
    minimized = false;
    destroyed = false;
    constructor(readonly options: KioskWindowOptions) {
      super();
      windows.push(this);
      // Electron announces every new webContents before the constructor returns.
      app.emit('web-contents-created', fakeEvent(), this.webContents);
    }
    show(): void {
      this.shown += 1;
    }
    focus(): void {
      this.focused += 1;
    }
    restore(): void {
      this.restored += 1;
    }
    isMinimized(): boolean {
      return this.minimized;
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
  }

  type RequestHandler = (wc: unknown, permission: string, cb: (granted: boolean) => void, details: PermissionDetailsLike & { requestingUrl: string }) => void;
  type CheckHandler = (wc: unknown, permission: string, origin: string, details: PermissionDetailsLike) => boolean;
  type HeadersListener = (
    details: HeadersReceivedDetailsLike,
    callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
  ) => void;
  const defaultSession = {
    requestHandler: null as RequestHandler | null,
    checkHandler: null as CheckHandler | null,
    headersListener: null as HeadersListener | null,
    setPermissionRequestHandler(handler: RequestHandler) {
      defaultSession.requestHandler = handler;
    },
    setPermissionCheckHandler(handler: CheckHandler) {
      defaultSession.checkHandler = handler;
    },
    webRequest: {
      onHeadersReceived(listener: HeadersListener) {
        defaultSession.headersListener = listener;
      },
    },
  };

  let blockerIds = 0;
  const module = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle(channel: string, listener: (event: IpcInvokeEventLike, params: unknown) => Promise<unknown>) {
        if (ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
        ipcHandlers.set(channel, listener);
      },
      removeHandler(channel: string) {
        ipcHandlers.delete(channel);
      },
    },
    Menu: {
      setApplicationMenu(menu: null) {
        calls.menus.push(menu);
      },
    },
    powerSaveBlocker: {
      start(type: 'prevent-display-sleep') {
        calls.blockers.push(type);
        return ++blockerIds;
      },
      stop(id: number) {
        calls.stoppedBlockers.push(id);
      },
    },
    protocol: {
      registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: SchemePrivilegesLike }>) {
        calls.schemes.push(...schemes);
      },
      handle(scheme: string, handler: (request: Request) => Promise<Response>) {
        protocolHandlers.set(scheme, handler);
      },
    },
    session: { defaultSession },
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (plain: string) => Buffer.from(plain).reverse(),
      decryptString: (encrypted: Buffer) => Buffer.from(encrypted).reverse().toString(),
    },
    utilityProcess: {
      fork(modulePath: string) {
        calls.utilityForks.push(modulePath);
        return { pid: undefined, postMessage: () => undefined, on: () => undefined, kill: () => true };
      },
    },
  };

  return { module, app, calls, windows, protocolHandlers, ipcHandlers, session: defaultSession, fireReady: () => readyResolve() };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

export interface LogEntry {
  level: 'info' | 'warn' | 'error' | 'fatal';
  obj: object;
  msg: string;
}

/** A ShellLogger that keeps its lines for assertions. */
export function memoryLogger() {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (obj: object, msg: string) => {
    entries.push({ level, obj, msg });
  };
  return { level: 'info', entries, info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal') };
}
