// Page side of the IPC transport: adapts `window.kiosk` to the client transport. A method is
// known when the preload exposes it (it exposes the contract's requests, no other): the page's
// first chunk then does not need the contract's schemas to check a name (cold start).
import type { Envelope } from './envelope.js';
import type { ClientTransport } from './client.js';
import type { KioskApi } from './ipc-api.js';

export function ipcClientTransport(api: KioskApi): ClientTransport {
  return {
    request(method, params): Promise<Envelope> {
      if (typeof method !== 'string' || !Object.hasOwn(api.requests, method)) {
        return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_METHOD', message: `unknown method ${String(method)}` } });
      }
      return api.requests[method](params);
    },
    subscribe: (event, listener) => api.on(event, listener),
  };
}
