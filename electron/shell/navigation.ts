// One decision for every way the page could leave itself: links, redirects, window.open,
// <webview>. A kiosk has no address bar and no "back to the bank" path, so anything outside
// app://kiosk is denied — unlike a desktop app, nothing is handed to an external browser.
import { isAppOrigin } from './origin.js';
import { shouldBlockInput, type KeyInputLike } from './input-guard.js';

export type OpenDecision = 'navigate' | 'deny';

/** The safe-open decision: same-origin app:// navigation only. */
export function safeOpen(url: string): OpenDecision {
  return isAppOrigin(url) ? 'navigate' : 'deny';
}

export interface PreventableLike {
  preventDefault(): void;
}

/** The part of WebContents the lockdown touches. */
export interface LockdownWebContentsLike {
  on(event: 'will-navigate', listener: (event: PreventableLike, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableLike, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableLike, webPreferences: unknown, params: Record<string, string>) => void): unknown;
  on(event: 'will-prevent-unload', listener: (event: PreventableLike) => void): unknown;
  on(event: 'before-input-event', listener: (event: PreventableLike, input: KeyInputLike) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface LockdownLogger {
  warn(obj: object, msg: string): void;
}

const short = (url: string): string => url.slice(0, 200);

/** Applied to every webContents as it is created (app 'web-contents-created'). */
export function lockDownWebContents(wc: LockdownWebContentsLike, opts: { serviceMode: boolean; log: LockdownLogger }): void {
  const guard = (kind: string) => (event: PreventableLike, url: string) => {
    if (safeOpen(url) === 'deny') {
      event.preventDefault();
      opts.log.warn({ kind, url: short(url) }, 'shell: navigation denied');
    }
  };
  wc.on('will-navigate', guard('will-navigate'));
  wc.on('will-redirect', guard('will-redirect'));
  // webviewTag is off; should one appear anyway it is refused whatever its src, because
  // an attached guest would get its own webPreferences outside this lockdown.
  wc.on('will-attach-webview', (event, _prefs, params) => {
    event.preventDefault();
    opts.log.warn({ kind: 'will-attach-webview', url: short(params.src ?? '') }, 'shell: webview denied');
  });
  // A page's beforeunload must not be able to block a crash reload or shutdown.
  wc.on('will-prevent-unload', (event) => event.preventDefault());
  wc.setWindowOpenHandler(({ url }) => {
    opts.log.warn({ kind: 'window-open', url: short(url) }, 'shell: new window denied');
    return { action: 'deny' };
  });
  wc.on('before-input-event', (event, input) => {
    if (shouldBlockInput(input, opts.serviceMode)) event.preventDefault();
  });
}
