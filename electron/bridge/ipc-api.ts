// Shape of `window.kiosk`, the only object the preload exposes to the page.
import type { Envelope, EventName, RequestName } from './contract.js';

export interface KioskApi {
  readonly requests: { readonly [N in RequestName]: (params: unknown) => Promise<Envelope> };
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}
