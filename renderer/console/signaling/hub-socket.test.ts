import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ASSIST_PROTOCOL } from '../../../protocol/assist-values.js';
import { asWebSocket, FakeSocket } from '../testing/fake-socket.js';
import { HubSocket, hubSocketUrl, type SocketStatus } from './hub-socket.js';

let statuses: SocketStatus[];
let messages: unknown[];
let alive: boolean;

function connect() {
  return new HubSocket({
    url: 'ws://hub.test/v1/assist/ws',
    token: 'tok123',
    onMessage: (m) => messages.push(m),
    onStatus: (s) => statuses.push(s),
    sessionAlive: async () => alive,
    WebSocketImpl: asWebSocket(FakeSocket),
    backoffMs: [100, 200],
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.instances = [];
  statuses = [];
  messages = [];
  alive = true;
});
afterEach(() => vi.useRealTimers());

describe('the console’s signaling socket', () => {
  it('offers the assist protocol and the bearer token as subprotocols, never in the URL', () => {
    connect();
    const ws = FakeSocket.last();
    expect(ws.protocols).toEqual([ASSIST_PROTOCOL, 'bearer.tok123']);
    expect(ws.url).not.toContain('tok123');
    expect(hubSocketUrl({ protocol: 'https:', host: 'hub.bank:8443' })).toBe('wss://hub.bank:8443/v1/assist/ws');
  });

  it('passes on valid hub messages and ignores garbage and unknown types', () => {
    connect();
    const ws = FakeSocket.last();
    ws.open();
    ws.receive('not json');
    ws.receive({ type: 'something.new' });
    ws.receive({ type: 'expert.state', state: 'available' });
    expect(messages).toEqual([{ type: 'expert.state', state: 'available' }]);
  });

  it('reconnects after a drop, with backoff', async () => {
    connect();
    FakeSocket.last().open();
    FakeSocket.last().drop(1006);
    expect(statuses.at(-1)).toBe('reconnecting');
    expect(FakeSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(130);
    expect(FakeSocket.instances).toHaveLength(2);
    FakeSocket.last().open();
    expect(statuses.at(-1)).toBe('open');
  });

  it('gives up when the hub says the session expired (4002) or another window took over (4001)', async () => {
    connect();
    FakeSocket.last().open();
    FakeSocket.last().drop(4002);
    expect(statuses.at(-1)).toBe('expired');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(FakeSocket.instances).toHaveLength(1);

    connect();
    FakeSocket.last().drop(4001);
    expect(statuses.at(-1)).toBe('replaced');
  });

  it('asks whether the session is alive when a reconnect is refused, and stops if not', async () => {
    connect();
    FakeSocket.last().open();
    FakeSocket.last().drop(1006);
    await vi.advanceTimersByTimeAsync(130);
    alive = false;
    FakeSocket.last().drop(1006); // the upgrade was refused (401 looks like 1006 in a browser)
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toBe('expired');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(FakeSocket.instances).toHaveLength(2);
  });

  it('sends only while open', () => {
    const socket = connect();
    expect(socket.send({ type: 'ping' })).toBe(false);
    FakeSocket.last().open();
    expect(socket.send({ type: 'ping' })).toBe(true);
    expect(FakeSocket.last().sent).toEqual([{ type: 'ping' }]);
  });
});
