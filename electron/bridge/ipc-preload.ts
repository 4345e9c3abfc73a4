// Electron IPC transport, preload side: builds `window.kiosk` from the contract's names
// only. The page never receives ipcRenderer or the IPC event object.
import { eventChannel, isEventName, requestChannel, requestNames, type Envelope, type RequestName } from './contract.js';
import type { KioskApi } from './ipc-api.js';

export interface IpcRendererLike {
  invoke(channel: string, params: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

export function buildKioskApi(ipc: IpcRendererLike): KioskApi {
  const entries = requestNames.map((name) => [
    name,
    (params: unknown) => ipc.invoke(requestChannel(name), params) as Promise<Envelope>,
  ]);
  const requests = Object.freeze(Object.fromEntries(entries)) as KioskApi['requests'];
  return Object.freeze({
    requests,
    on(event, listener) {
      if (!isEventName(event)) throw new Error(`unknown event ${String(event)}`);
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(eventChannel(event), wrapped);
      return () => {
        ipc.removeListener(eventChannel(event), wrapped);
      };
    },
  } satisfies KioskApi);
}

export type { RequestName };
