// Loopback WebSocket transport, host side. The page proves it was opened by this host with
// the per-launch token from its URL, and must come from an allowed Origin; anything else is
// refused before the upgrade completes. Nothing a socket sends may end the process: a frame
// `ws` refuses (invalid UTF-8, over the size limit) closes that connection only.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WsEventFrame, WsResponseFrame } from './contract.js';
import { wsRequestFrameSchema } from './ws-frames.js';
import type { Dispatch } from './dispatcher.js';
import type { EventBus } from './event-bus.js';

export const BRIDGE_PATH = '/bridge';
/**
 * The largest page → host frame: a request carrying a live photo or a drawn signature (each at
 * most 400 KB of base64 in the account-opening contract) fits; anything larger closes the
 * socket with 1009 and never reaches a handler.
 */
export const MAX_FRAME_BYTES = 1024 * 1024;

export interface WsBridgeOptions {
  server: Server;
  dispatch: Dispatch;
  events: Pick<EventBus, 'subscribe'>;
  token: string;
  allowedOrigins: () => readonly string[];
  /** `Host` values accepted on the upgrade (DNS rebinding); any when absent. */
  allowedHosts?: () => readonly string[];
  log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
  /** Called after each answer to a page's request has been sent. */
  onAnswer?: () => void;
}

function tokenMatches(expected: string, given: string | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

export function attachWsBridge(opts: WsBridgeOptions): { close(): void; clients(): number } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node drops its own error listener before 'upgrade'; a reset before `ws` takes the
    // socket over would otherwise be an uncaught 'error'.
    socket.on('error', (error) => opts.log.info({ errMessage: error.message }, 'bridge: connection error during upgrade'));
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== BRIDGE_PATH) return refuse(socket, 404, 'Not Found');
    if (!isLoopback(req.socket.remoteAddress)) {
      opts.log.warn({ remote: req.socket.remoteAddress }, 'bridge: non-loopback connection refused');
      return refuse(socket, 403, 'Forbidden');
    }
    const host = (req.headers.host ?? '').toLowerCase();
    if (opts.allowedHosts && !opts.allowedHosts().includes(host)) {
      opts.log.warn({ host: host.slice(0, 100) }, 'bridge: foreign Host refused');
      return refuse(socket, 421, 'Misdirected Request');
    }
    const origin = req.headers.origin;
    if (!origin || !opts.allowedOrigins().includes(origin)) {
      opts.log.warn({ origin: origin ?? null }, 'bridge: foreign origin refused');
      return refuse(socket, 403, 'Forbidden');
    }
    if (!tokenMatches(opts.token, url.searchParams.get('token'))) {
      opts.log.warn({ origin }, 'bridge: wrong token refused');
      return refuse(socket, 401, 'Unauthorized');
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };

  const send = (ws: WebSocket, frame: WsResponseFrame | WsEventFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  wss.on('connection', (ws: WebSocket) => {
    const unsubscribe = opts.events.subscribe((event, payload) => send(ws, { event, payload }));
    ws.on('close', unsubscribe);
    // Without a listener, `ws` reporting a bad frame would throw out of the socket's data
    // handler and take the host (and an in-process hub) down. `ws` closes the connection
    // itself (1007 invalid UTF-8, 1009 too large); the page reconnects.
    ws.on('error', (error: Error & { code?: string }) => opts.log.warn({ errCode: error.code, errMessage: error.message }, 'bridge: bad frame, connection closed'));
    ws.on('message', (data, isBinary) => {
      let raw: unknown;
      try {
        if (isBinary) throw new Error('binary');
        raw = JSON.parse(data.toString());
      } catch {
        send(ws, { id: 0, ok: false, error: { code: 'BAD_REQUEST', message: 'frame is not JSON text' } });
        return;
      }
      const frame = wsRequestFrameSchema.safeParse(raw);
      if (!frame.success) {
        const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : 0;
        send(ws, { id, ok: false, error: { code: 'BAD_REQUEST', message: 'frame must be {id, method, params}' } });
        return;
      }
      const { id } = frame.data;
      opts.dispatch(frame.data.method, frame.data.params).then(
        (envelope) => {
          send(ws, { id, ...envelope });
          opts.onAnswer?.();
        },
        // The dispatcher answers every failure itself; this only keeps a bug from being an
        // unhandled rejection, which ends a Node process.
        (error: unknown) => {
          opts.log.warn({ errMessage: error instanceof Error ? error.message : String(error) }, 'bridge: dispatch failed');
          send(ws, { id, ok: false, error: { code: 'INTERNAL', message: 'the host failed to handle the request' } });
        },
      );
    });
  });

  opts.server.on('upgrade', onUpgrade);
  return {
    close() {
      opts.server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
    clients: () => wss.clients.size,
  };
}
