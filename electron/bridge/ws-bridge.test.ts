// The loopback WebSocket transport end to end: real http server, real ws client.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createBridgeClient } from './client.js';
import { BridgeError } from './contract.js';
import { createDispatcher, type HandlerMap } from './dispatcher.js';
import { EventBus } from './event-bus.js';
import { attachWsBridge } from './ws-server.node.js';
import { wsClientTransport } from './ws-client.js';

const log = { warn: vi.fn(), info: vi.fn(), error: vi.fn() };
const token = 'per-launch-token-0123456789';
let server: Server;
let origin: string;
let port: number;
const events = new EventBus();

const handlers = {
  'queue.services': () => [],
  'session.ended': () => ({ ok: true as const }),
  'devices.list': () => [],
} as unknown as HandlerMap;

beforeAll(async () => {
  server = createServer();
  attachWsBridge({ server, dispatch: createDispatcher(handlers, log), events, token, allowedOrigins: () => [origin], log });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function connect(query: string, headers: Record<string, string>): Promise<{ open: boolean; status?: number; ws: WebSocket }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/bridge${query}`, { headers });
    ws.on('open', () => resolve({ open: true, ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ open: false, status: res.statusCode, ws }));
    ws.on('error', () => resolve({ open: false, ws }));
  });
}

class OriginWebSocket extends WebSocket {
  constructor(url: string) {
    super(url, { headers: { origin } });
  }
}

describe('WebSocket bridge', () => {
  it('refuses a wrong token with 401', async () => {
    const r = await connect('?token=wrong', { origin });
    expect(r).toMatchObject({ open: false, status: 401 });
  });

  it('refuses a missing token', async () => {
    expect(await connect('', { origin })).toMatchObject({ open: false, status: 401 });
  });

  it('refuses a foreign Origin with 403 even with the right token', async () => {
    expect(await connect(`?token=${token}`, { origin: 'http://evil.example' })).toMatchObject({ open: false, status: 403 });
    expect(await connect(`?token=${token}`, {})).toMatchObject({ open: false, status: 403 });
  });

  it('carries typed requests and events for the right token and origin', async () => {
    const transport = wsClientTransport({ url: `ws://127.0.0.1:${port}/bridge?token=${token}`, WebSocketImpl: OriginWebSocket as unknown as typeof globalThis.WebSocket });
    const client = createBridgeClient(transport);
    expect(await client.request('queue.services', {})).toEqual([]);
    const got = new Promise((resolve) => client.on('sync.status', resolve));
    await new Promise((r) => setTimeout(r, 50));
    events.emit('sync.status', { online: true, backlog: 2, oldestPendingAt: null, lastSyncAt: null });
    expect(await got).toMatchObject({ online: true, backlog: 2 });
    await expect(client.request('queue.issueTicket', { serviceId: '', locale: 'en' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(client.request('nope' as 'queue.services', {})).rejects.toBeInstanceOf(BridgeError);
    transport.close();
  });

  it('an eager transport opens its socket before the first request; a lazy one waits for it', async () => {
    const opened: string[] = [];
    const counting = (name: string) =>
      class extends OriginWebSocket {
        constructor(url: string) {
          super(url);
          this.on('open', () => opened.push(name));
        }
      } as unknown as typeof globalThis.WebSocket;
    const url = `ws://127.0.0.1:${port}/bridge?token=${token}`;
    const eager = wsClientTransport({ url, WebSocketImpl: counting('eager'), eager: true });
    const lazy = wsClientTransport({ url, WebSocketImpl: counting('lazy') });
    await vi.waitFor(() => expect(opened).toEqual(['eager']));
    await new Promise((r) => setTimeout(r, 50));
    expect(opened).toEqual(['eager']);
    expect(await createBridgeClient(eager).request('queue.services', {})).toEqual([]);
    expect(opened).toEqual(['eager']);
    eager.close();
    lazy.close();
  });

  it('answers a malformed frame with BAD_REQUEST instead of dropping the connection', async () => {
    const { ws } = await connect(`?token=${token}`, { origin });
    const answers: unknown[] = [];
    ws.on('message', (d) => answers.push(JSON.parse(d.toString())));
    ws.send('not json');
    ws.send(JSON.stringify({ id: 7, method: 'queue.services' , params: {}, extra: true }));
    ws.send(JSON.stringify({ id: 8, method: 'queue.services', params: {} }));
    await vi.waitFor(() => expect(answers).toHaveLength(3));
    expect(answers[0]).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(answers[1]).toMatchObject({ id: 7, ok: false, error: { code: 'BAD_REQUEST' } });
    expect(answers[2]).toMatchObject({ id: 8, ok: true });
    ws.close();
  });
});
