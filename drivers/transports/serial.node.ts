// Serial (RS-232 or USB CDC) receipt printers; also the driver side of a simulator PTY.
import { access } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { createListeners } from '../shared/listeners.js';
import { TransportError, type ByteTransport, type TransportOsError, type TransportState } from './byte-transport.js';
import { osErrorHint, osErrorOf } from './os-error.node.js';

/** EACCES, ENOENT, EBUSY… from serialport's error text, with what to do about it. */
function serialOsError(err: Error, syscall: string): TransportOsError | null {
  const os = osErrorOf(err, syscall);
  if (!os) return null;
  const hint = osErrorHint(os.code, 'device');
  return { osCode: os.code, ...(os.errno !== undefined ? { errno: os.errno } : {}), ...(os.syscall ? { syscall: os.syscall } : {}), ...(hint ? { hint } : {}) };
}

const withHint = (message: string, os: TransportOsError | null): string => (os ? `${message} (${os.osCode})${os.hint ? ` — ${os.hint}` : ''}` : message);

/** How often an open port's device node is checked for an unplug the poller missed. */
const PRESENCE_CHECK_MS = 1_000;

export interface SerialTransportOptions {
  path: string;
  baudRate?: number;
  /** Hardware flow control; most thermal printers use it at 38400 baud and above. */
  rtscts?: boolean;
}

export function createSerialTransport(opts: SerialTransportOptions): ByteTransport {
  const baudRate = opts.baudRate ?? 9600;
  const description = `serial://${opts.path}@${baudRate}`;
  const data = createListeners<Uint8Array>();
  const states = createListeners<TransportState>();
  let port: SerialPort | undefined;
  let state: TransportState = 'closed';

  const setState = (next: TransportState): void => {
    if (next === state) return;
    state = next;
    states.emit(next);
  };

  return {
    description,
    get state() {
      return state;
    },
    async open() {
      if (port) return;
      const p = new SerialPort({ path: opts.path, baudRate, rtscts: opts.rtscts ?? false, autoOpen: false });
      await new Promise<void>((resolve, reject) => {
        p.open((err) => {
          if (!err) return resolve();
          const os = serialOsError(err, 'open');
          reject(new TransportError('CONNECT_FAILED', withHint(`cannot open ${description}: ${err.message}`, os), { cause: err, os }));
        });
      });
      // Without a 'data' listener the port is not read and a hang-up goes unnoticed until
      // the next write; listening from the start reports an unplug at once.
      p.on('data', (chunk: Buffer) => data.emit(chunk));
      // serialport emits 'error' then 'close' (sometimes 'close' twice) on an unplug.
      p.on('error', () => undefined);
      p.on('close', () => {
        clearInterval(presence);
        if (port === p) port = undefined;
        setState('closed');
      });
      // A hang-up does not always reach the poller (seen with PTYs under load, and some
      // USB-serial drivers): the device node going away is the other sign of an unplug.
      const presence = setInterval(() => {
        access(opts.path).catch((err: NodeJS.ErrnoException) => {
          if (err.code === 'ENOENT' && port === p && p.isOpen) p.close(() => undefined);
        });
      }, PRESENCE_CHECK_MS);
      presence.unref();
      port = p;
      setState('open');
    },
    write(bytes) {
      const p = port;
      if (!p || !p.isOpen) return Promise.reject(new TransportError('NOT_OPEN', `${description} is not open`));
      return new Promise((resolve, reject) => {
        p.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (err) => {
          if (!err) return resolve();
          const os = serialOsError(err, 'write');
          reject(new TransportError('WRITE_FAILED', withHint(`write to ${description} failed: ${err.message}`, os), { cause: err, os }));
        });
      });
    },
    onData: (cb) => data.add(cb),
    onState: (cb) => states.add(cb),
    async close() {
      const p = port;
      if (!p) return;
      port = undefined;
      if (p.isOpen) await new Promise<void>((resolve) => p.close(() => resolve()));
      setState('closed');
    },
  };
}
