import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TransportError, type TransportState } from './byte-transport.js';
import { createTcpTransport } from './tcp.node.js';

let server: Server | undefined;
const peers: Socket[] = [];

async function listen(onSocket: (s: Socket) => void = () => undefined): Promise<number> {
  server = createServer((s) => {
    peers.push(s);
    onSocket(s);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

afterEach(async () => {
  for (const p of peers.splice(0)) p.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('TCP transport', () => {
  it('moves bytes both ways', async () => {
    const port = await listen((s) => s.on('data', (d: Buffer) => s.write(Buffer.from(d.map((b) => b + 1)))));
    const t = createTcpTransport({ host: '127.0.0.1', port });
    const got = new Promise<number[]>((resolve) => t.onData((b) => resolve([...b])));
    await t.open();
    expect(t.state).toBe('open');
    await t.write(Uint8Array.of(1, 2, 3));
    expect(await got).toEqual([2, 3, 4]);
    await t.close();
    expect(t.state).toBe('closed');
  });

  it('reports the peer hanging up', async () => {
    const port = await listen();
    const t = createTcpTransport({ host: '127.0.0.1', port });
    const states: TransportState[] = [];
    t.onState((s) => states.push(s));
    await t.open();
    const closed = new Promise<void>((resolve) => t.onState((s) => s === 'closed' && resolve()));
    for (const p of peers) p.destroy();
    await closed;
    expect(states).toEqual(['open', 'closed']);
    await expect(t.write(Uint8Array.of(1))).rejects.toMatchObject({ name: 'TransportError', code: 'NOT_OPEN' });
  });

  it('fails to connect with a typed error when nothing listens', async () => {
    const port = await listen();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const t = createTcpTransport({ host: '127.0.0.1', port });
    const err = await t.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('CONNECT_FAILED');
    expect(t.state).toBe('closed');
  });

  it('gives up after the connect timeout', async () => {
    // 192.0.2.0/24 is TEST-NET-1; depending on the network it drops (timeout) or is
    // unreachable (fails). Either way open() must settle with a TransportError, quickly.
    const t = createTcpTransport({ host: '192.0.2.123', port: 9100, connectTimeoutMs: 200 });
    const started = Date.now();
    const err = await t.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(['CONNECT_TIMEOUT', 'CONNECT_FAILED']).toContain((err as TransportError).code);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
