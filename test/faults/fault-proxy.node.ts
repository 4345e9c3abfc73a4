// A fault-injecting TCP proxy for the kiosk ↔ hub link. The mode is read on every chunk, so a
// change reaches pooled keep-alive connections too, as a real network fault would:
//   pass                 forward both ways
//   drop                 close every connection at once (connection refused / reset by peer)
//   delay                hold each chunk `delayMs` before forwarding it
//   reset-mid-response   forward the request, then half of the reply, then RST
//   half-open            accept and swallow, never answer, never close (a dead NAT entry)
import net from 'node:net';

export type FaultMode = 'pass' | 'drop' | 'delay' | 'reset-mid-response' | 'half-open';

export interface FaultProxy {
  readonly port: number;
  readonly url: string;
  mode: FaultMode;
  delayMs: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Replies cut by reset-mid-response. */
  readonly resets: number;
  close(): Promise<void>;
}

export async function startFaultProxy(target: { host: string; port: number }, port = 0): Promise<FaultProxy> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  let resets = 0;
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  };

  const server = net.createServer((client) => {
    accepted += 1;
    track(client);
    if (proxy.mode === 'drop') return void client.resetAndDestroy();
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    const later = (fn: () => void) => (proxy.mode === 'delay' ? setTimeout(fn, proxy.delayMs) : fn());

    client.on('data', (chunk: Buffer) => {
      if (proxy.mode === 'drop') return void client.resetAndDestroy();
      if (proxy.mode === 'half-open') return; // swallowed: the hub never hears of it
      later(() => upstream.write(chunk));
    });
    upstream.on('data', (chunk: Buffer) => {
      if (proxy.mode === 'half-open') return; // the reply goes nowhere; the client waits
      if (proxy.mode === 'reset-mid-response') {
        resets += 1;
        client.write(chunk.subarray(0, Math.max(1, Math.floor(chunk.length / 2))), () => client.resetAndDestroy());
        upstream.destroy();
        return;
      }
      later(() => client.write(chunk));
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => {
      if (proxy.mode !== 'half-open') client.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;

  const proxy: FaultProxy = {
    port: address.port,
    url: `http://127.0.0.1:${address.port}`,
    mode: 'pass',
    delayMs: 0,
    get accepted() {
      return accepted;
    },
    get resets() {
      return resets;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
