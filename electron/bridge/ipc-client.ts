// Page side of the IPC transport: adapts `window.kiosk` to the client transport.
import { isRequestName, type Envelope } from './contract.js';
import type { ClientTransport } from './client.js';
import type { KioskApi } from './ipc-api.js';

export function ipcClientTransport(api: KioskApi): ClientTransport {
  return {
    request(method, params): Promise<Envelope> {
      if (!isRequestName(method)) {
        return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_METHOD', message: `unknown method ${String(method)}` } });
      }
      return api.requests[method](params);
    },
    subscribe: (event, listener) => api.on(event, listener),
  };
}
