// Electron IPC transport, main-process side. Takes ipcMain-shaped objects so it can be
// tested without Electron: one handler per contract request, senders checked first.
import { eventChannel, requestChannel, requestNames, type EventName } from './contract.js';
import type { Dispatch } from './dispatcher.js';
import type { EventBus } from './event-bus.js';

export interface IpcSenderFrame {
  url: string;
  /** `top` is the main frame; sub-frames are never trusted. */
  isMainFrame: boolean;
}
export interface IpcInvokeEventLike {
  senderFrame: { url: string; parent: unknown } | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, params: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}
export interface WebContentsSenderLike {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

export function registerIpcBridge(opts: {
  ipcMain: IpcMainLike;
  dispatch: Dispatch;
  events: EventBus;
  isTrustedUrl: (url: string) => boolean;
  target: () => WebContentsSenderLike | null;
}): () => void {
  for (const name of requestNames) {
    opts.ipcMain.handle(requestChannel(name), async (event, params) => {
      const frame = event.senderFrame;
      if (!frame || frame.parent !== null || !opts.isTrustedUrl(frame.url)) {
        return { ok: false, error: { code: 'UNAUTHORIZED', message: 'sender is not the kiosk page' } };
      }
      return opts.dispatch(name, params);
    });
  }
  const unsubscribe = opts.events.subscribe((name: EventName, payload) => {
    const wc = opts.target();
    if (wc && !wc.isDestroyed()) wc.send(eventChannel(name), payload);
  });
  return () => {
    unsubscribe();
    for (const name of requestNames) opts.ipcMain.removeHandler(requestChannel(name));
  };
}
