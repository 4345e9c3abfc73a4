// Page side of the loopback WebSocket transport (development, tests and browser mode).
// Reconnects on its own so a host restart does not strand the kiosk page.
import type { EventName } from './contract.js';
import { parseEnvelope, type Envelope } from './envelope.js';
import type { ClientTransport } from './client.js';

interface Pending {
  resolve(envelope: Envelope): void;
  timer: ReturnType<typeof setTimeout>;
}

export interface WsClientOptions {
  url: string;
  requestTimeoutMs?: number;
  WebSocketImpl?: typeof WebSocket;
  /**
   * Open the socket now rather than at the first request: the page's first requests come from
   * React effects, after the first render and paint, and the handshake can run while the page
   * renders (cold start).
   */
  eager?: boolean;
}

export function wsClientTransport(opts: WsClientOptions): ClientTransport & { close(): void } {
  const Impl = opts.WebSocketImpl ?? WebSocket;
  const timeoutMs = opts.requestTimeoutMs ?? 15_000;
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  let closed = false;
  let retryMs = 250;

  const fail = (id: number, message: string) => {
    const entry = pending.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    pending.delete(id);
    entry.resolve({ ok: false, error: { code: 'DEVICE_UNAVAILABLE', message } });
  };

  const connect = (): Promise<WebSocket> => {
    if (opened) return opened;
    opened = new Promise<WebSocket>((resolve, reject) => {
      const ws = new Impl(opts.url);
      socket = ws;
      ws.onopen = () => {
        retryMs = 250;
        resolve(ws);
      };
      ws.onmessage = (msg: MessageEvent) => {
        let frame: unknown;
        try {
          frame = JSON.parse(String(msg.data));
        } catch {
          return;
        }
        if (typeof frame !== 'object' || frame === null) return;
        if ('event' in frame) {
          const { event, payload } = frame as { event: EventName; payload: unknown };
          for (const l of listeners.get(event) ?? []) l(payload);
          return;
        }
        const { id, ...rest } = frame as { id: number };
        const entry = pending.get(id);
        if (!entry) return;
        const envelope = parseEnvelope(rest);
        clearTimeout(entry.timer);
        pending.delete(id);
        entry.resolve(envelope ?? { ok: false, error: { code: 'BAD_RESPONSE', message: 'malformed frame' } });
      };
      ws.onclose = () => {
        opened = null;
        socket = null;
        for (const id of [...pending.keys()]) fail(id, 'connection to the kiosk host was lost');
        reject(new Error('bridge connection closed'));
        if (!closed && listeners.size > 0) {
          setTimeout(() => void connect().catch(() => undefined), retryMs);
          retryMs = Math.min(retryMs * 2, 5_000);
        }
      };
    });
    opened.catch(() => undefined);
    return opened;
  };

  if (opts.eager) void connect().catch(() => undefined);

  return {
    async request(method, params) {
      let ws: WebSocket;
      try {
        ws = await connect();
      } catch {
        return { ok: false, error: { code: 'DEVICE_UNAVAILABLE', message: 'kiosk host is not reachable' } };
      }
      const id = nextId++;
      return new Promise<Envelope>((resolve) => {
        const timer = setTimeout(() => fail(id, `${method} timed out`), timeoutMs);
        pending.set(id, { resolve, timer });
        ws.send(JSON.stringify({ id, method, params }));
      });
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      void connect().catch(() => undefined);
      return () => set.delete(listener);
    },
    close() {
      closed = true;
      socket?.close();
    },
  };
}
