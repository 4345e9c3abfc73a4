// The page's one typed client. It does not know which transport carries it: Electron IPC
// through the preload, or the loopback WebSocket when the page runs in a browser.
import type { EventName, EventPayload, RequestInput, RequestName, RequestOutput } from './contract.js';
import { BridgeError, type Envelope } from './envelope.js';

export interface ClientTransport {
  request(method: RequestName, params: unknown): Promise<Envelope>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

export interface BridgeClient {
  request<N extends RequestName>(method: N, input: RequestInput<N>): Promise<RequestOutput<N>>;
  on<N extends EventName>(event: N, listener: (payload: EventPayload<N>) => void): () => void;
}

export function createBridgeClient(transport: ClientTransport): BridgeClient {
  return {
    async request(method, input) {
      const envelope = await transport.request(method, input);
      if (!envelope.ok) throw new BridgeError(envelope.error.code, envelope.error.message);
      return envelope.result as RequestOutput<typeof method>;
    },
    on(event, listener) {
      return transport.subscribe(event, (payload) => listener(payload as EventPayload<typeof event>));
    },
  };
}
