// A virtual card for vsmartcard's vpcd (the virtual reader driver of pcscd): connects to the
// port vpcd listens on and answers it with the APDU simulator (protocol in codec/vpcd-frame.ts).
// Connecting is inserting the card, closing is removing it: pcscd reports both to PC/SC
// clients, so the real driver over @pokusew/pcsclite can be tested end to end.
import { Socket } from 'node:net';
import { isDecodeError } from '../codec/errors.js';
import { silentLogger, type DriverLogger } from '../../shared/logger.js';
import { encodeVpcdMessage, VpcdDecoder } from './codec/vpcd-frame.js';

/** What vpcd needs from a card; EmvCardSimulator fits. */
export interface VirtualCard {
  readonly atr: Uint8Array;
  transmit(apdu: Uint8Array): Uint8Array;
  reset(): void;
}

export interface VpcdClientOptions {
  card: VirtualCard;
  port: number;
  /** Loopback only by default; vpcd's own port is the one in its reader.conf entry. */
  host?: string;
  /** Keeps retrying a refused connection this long (pcscd may still be loading vpcd). */
  connectTimeoutMs?: number;
  log?: DriverLogger;
}

export interface VpcdCardConnection {
  /** True between vpcd's power-on and power-off. */
  readonly powered: boolean;
  /** Resolves when vpcd or close() ends the connection. */
  readonly ended: Promise<void>;
  /** Removes the card. */
  close(): Promise<void>;
}

function connectOnce(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = new Socket();
    s.once('error', reject);
    s.connect(port, host, () => {
      s.removeListener('error', reject);
      resolve(s);
    });
  });
}

export async function insertVirtualCard(opts: VpcdClientOptions): Promise<VpcdCardConnection> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? silentLogger;
  const deadline = Date.now() + (opts.connectTimeoutMs ?? 3000);
  let socket: Socket | undefined;
  while (!socket) {
    try {
      socket = await connectOnce(host, opts.port);
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`vpcd at ${host}:${opts.port} refused the card: ${String(err)}`, { cause: err });
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const s = socket;
  s.setNoDelay(true);
  const decoder = new VpcdDecoder();
  let powered = false;
  const ended = new Promise<void>((resolve) => s.once('close', () => resolve()));
  s.on('error', (err) => log.warn({ vpcd: `${host}:${opts.port}`, err: err.message }, 'vpcd connection error'));
  s.on('data', (chunk: Buffer) => {
    for (const m of decoder.push(chunk)) {
      if (isDecodeError(m)) {
        log.warn({ code: m.code }, 'bad message from vpcd');
        continue;
      }
      switch (m.type) {
        case 'power-on':
        case 'power-off':
        case 'reset':
          powered = m.type !== 'power-off';
          opts.card.reset();
          break;
        case 'get-atr':
          s.write(encodeVpcdMessage(opts.card.atr));
          break;
        case 'apdu':
          s.write(encodeVpcdMessage(opts.card.transmit(m.apdu)));
          break;
        case 'unknown-control':
          log.debug({ code: m.code }, 'unknown vpcd control code ignored');
          break;
      }
    }
  });
  return {
    get powered() {
      return powered;
    },
    ended,
    async close() {
      s.end();
      setTimeout(() => s.destroy(), 500).unref();
      await ended;
    },
  };
}
