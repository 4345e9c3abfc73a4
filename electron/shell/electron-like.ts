// The slice of Electron's main-process API the shell uses, as plain interfaces. main.ts
// passes the real modules in, and the compiler checks there that Electron satisfies these
// shapes; tests pass fakes. Nothing in electron/shell imports 'electron' itself.
import type { IpcMainLike, WebContentsSenderLike } from '../bridge/ipc-main.js';
import type { LockdownWebContentsLike, PreventableLike } from './navigation.js';
import type { PermissionSessionLike } from './permissions.js';
import type { KioskWindowOptions } from './window-options.js';

export interface RenderProcessGoneDetailsLike {
  reason: string;
  exitCode: number;
}

/** Intersection rather than `extends`, so the `on` overloads of both parts add up. */
export type ShellWebContentsLike = LockdownWebContentsLike & WebContentsSenderLike & PageEventsLike;

interface PageEventsLike {
  on(event: 'did-finish-load', listener: () => void): unknown;
  on(event: 'render-process-gone', listener: (event: unknown, details: RenderProcessGoneDetailsLike) => void): unknown;
  on(event: 'unresponsive', listener: () => void): unknown;
  on(event: 'responsive', listener: () => void): unknown;
  on(
    event: 'did-fail-load',
    listener: (event: unknown, errorCode: number, errorDescription: string, validatedURL: string, isMainFrame: boolean) => void,
  ): unknown;
  insertCSS(css: string): Promise<unknown>;
  loadURL(url: string): Promise<unknown>;
}

export interface BrowserWindowLike {
  readonly webContents: ShellWebContentsLike;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
}

export interface AppLike {
  readonly commandLine: { appendSwitch(name: string, value?: string): void };
  requestSingleInstanceLock(): boolean;
  enableSandbox(): void;
  whenReady(): Promise<unknown>;
  getAppPath(): string;
  quit(): void;
  exit(exitCode?: number): void;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'web-contents-created', listener: (event: unknown, webContents: LockdownWebContentsLike) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: PreventableLike) => void): unknown;
  on(event: 'will-quit', listener: (event: PreventableLike) => void): unknown;
}

export interface SchemePrivilegesLike {
  standard: boolean;
  secure: boolean;
  supportFetchAPI: boolean;
  bypassCSP: boolean;
  corsEnabled: boolean;
  allowServiceWorkers: boolean;
}

export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: SchemePrivilegesLike }>): void;
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

export interface HeadersReceivedDetailsLike {
  url: string;
  responseHeaders?: Record<string, string[]>;
}

export interface SessionLike extends PermissionSessionLike {
  readonly webRequest: {
    onHeadersReceived(
      listener: (details: HeadersReceivedDetailsLike, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void,
    ): void;
  };
}

export interface ElectronLike {
  app: AppLike;
  BrowserWindow: new (options: KioskWindowOptions) => BrowserWindowLike;
  ipcMain: IpcMainLike;
  Menu: { setApplicationMenu(menu: null): void };
  powerSaveBlocker: { start(type: 'prevent-display-sleep'): number; stop(id: number): void };
  protocol: ProtocolLike;
  session: { readonly defaultSession: SessionLike };
}
