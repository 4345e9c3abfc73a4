// Network receipt printers listen on raw TCP port 9100 ("JetDirect" style) and answer
// status requests on the same connection.
import { Socket } from 'node:net';
import { createListeners } from '../shared/listeners.js';
import { TransportError, type ByteTransport, type TransportOsError, type TransportState } from './byte-transport.js';
import { osErrorHint, osErrorOf } from './os-error.node.js';

/** Node's socket errors carry code/errno/syscall: kept, with what to do about them. */
function netOsError(err: Error): TransportOsError | null {
  const os = osErrorOf(err);
  if (!os) return null;
  const hint = osErrorHint(os.code, 'network');
  return { osCode: os.code, ...(os.errno !== undefined ? { errno: os.errno } : {}), ...(os.syscall ? { syscall: os.syscall } : {}), ...(hint ? { hint } : {}) };
}

export interface TcpTransportOptions {
  host: string;
  port?: number;
  connectTimeoutMs?: number;
  /** TCP keep-alive probe delay: a pulled cable sends no FIN, only keep-alive notices it. */
  keepAliveMs?: number;
}

export function createTcpTransport(opts: TcpTransportOptions): ByteTransport {
  const port = opts.port ?? 9100;
  const connectTimeoutMs = opts.connectTimeoutMs ?? 3000;
  const data = createListeners<Uint8Array>();
  const states = createListeners<TransportState>();
  let socket: Socket | undefined;
  let state: TransportState = 'closed';

  const setState = (next: TransportState): void => {
    if (next === state) return;
    state = next;
    states.emit(next);
  };

  function connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const s = new Socket();
      let settled = false;
      const fail = (err: TransportError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        s.destroy();
        reject(err);
      };
      const timer = setTimeout(
        () => fail(new TransportError('CONNECT_TIMEOUT', `no connection to ${description} within ${connectTimeoutMs} ms`)),
        connectTimeoutMs,
      );
      s.once('error', (err) => {
        const os = netOsError(err);
        fail(new TransportError('CONNECT_FAILED', `cannot connect to ${description}: ${err.message}${os?.hint ? ` — ${os.hint}` : ''}`, { cause: err, os }));
      });
      s.once('connect', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        // After connect, errors are followed by 'close'; that is what we report.
        s.removeAllListeners('error');
        s.on('error', () => undefined);
        s.setNoDelay(true);
        s.setKeepAlive(true, opts.keepAliveMs ?? 5000);
        s.on('data', (chunk: Buffer) => data.emit(chunk));
        s.once('close', () => {
          if (socket === s) socket = undefined;
          setState('closed');
        });
        socket = s;
        setState('open');
        resolve();
      });
      s.connect(port, opts.host);
    });
  }

  const description = `tcp://${opts.host}:${port}`;
  return {
    description,
    get state() {
      return state;
    },
    async open() {
      if (socket) return;
      await connect();
    },
    write(bytes) {
      const s = socket;
      if (!s || s.destroyed) return Promise.reject(new TransportError('NOT_OPEN', `${description} is not open`));
      return new Promise((resolve, reject) => {
        s.write(bytes, (err) => {
          if (err) reject(new TransportError('WRITE_FAILED', `write to ${description} failed: ${err.message}`, { cause: err, os: netOsError(err) }));
          else resolve();
        });
      });
    },
    onData: (cb) => data.add(cb),
    onState: (cb) => states.add(cb),
    async close() {
      const s = socket;
      if (!s) return;
      await new Promise<void>((resolve) => {
        s.once('close', () => resolve());
        // end() lets queued job bytes drain; destroy() bounds the wait if the peer stalls.
        s.end();
        setTimeout(() => s.destroy(), 1000).unref();
      });
    },
  };
}
