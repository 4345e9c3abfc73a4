// Picks how the page reaches the host. Inside Electron the preload exposes `window.kiosk`
// (IPC). In a browser the host served this page at `/?token=…` and listens for the bridge
// WebSocket on the same origin. With neither, the page is not attached to a host and says so.
import { createBridgeClient, type BridgeClient, type ClientTransport } from '../../electron/bridge/client.js';
import type { KioskApi } from '../../electron/bridge/ipc-api.js';
import { ipcClientTransport } from '../../electron/bridge/ipc-client.js';
import { wsClientTransport } from '../../electron/bridge/ws-client.js';

export type BridgeConnection =
  | { kind: 'connected'; via: 'ipc' | 'ws'; client: BridgeClient }
  | { kind: 'not-connected' };

/** The parts of `window` this module reads; narrow so tests can pass a plain object. */
export interface HostWindow {
  kiosk?: KioskApi;
  location: Pick<Location, 'search' | 'host' | 'protocol'>;
}

export interface ConnectOptions {
  makeWsTransport?: (url: string) => ClientTransport;
}

export function bridgeSocketUrl(location: HostWindow['location'], token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/bridge?token=${encodeURIComponent(token)}`;
}

export function connectBridge(win: HostWindow, opts: ConnectOptions = {}): BridgeConnection {
  if (win.kiosk) {
    return { kind: 'connected', via: 'ipc', client: createBridgeClient(ipcClientTransport(win.kiosk)) };
  }
  const token = new URLSearchParams(win.location.search).get('token');
  if (!token) return { kind: 'not-connected' };
  const makeWs = opts.makeWsTransport ?? ((url: string) => wsClientTransport({ url, eager: true }));
  return { kind: 'connected', via: 'ws', client: createBridgeClient(makeWs(bridgeSocketUrl(win.location, token))) };
}
