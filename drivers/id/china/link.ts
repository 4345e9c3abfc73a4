// Request/response over the SAM frame: one request at a time (the driver's lock serialises
// callers). The reader answers every request once, in order, so after a timeout the link
// counts the answers still owed and drops that many frames: a late answer is never taken for
// the next request's. A reader that stays quiet for `forgetOwedAfterMs` owes nothing more.
import type { DriverLogger } from '../../shared/logger.js';
import type { ByteTransport } from '../../transports/byte-transport.js';
import { IdReaderError } from '../read-error.js';
import { encodeRequest, SamFrameDecoder } from './codec/frame.js';

export interface SamResponse {
  sw1: number;
  sw2: number;
  sw3: number;
  data: Uint8Array;
}

interface Waiter {
  resolve: (r: SamResponse) => void;
  reject: (err: IdReaderError) => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface SamLink {
  request(command: readonly [number, number], timeoutMs: number): Promise<SamResponse>;
  failAll(err: IdReaderError): void;
}

export function createSamLink(transport: ByteTransport, log: DriverLogger, forgetOwedAfterMs = 1000): SamLink {
  const device = transport.description;
  const decoder = new SamFrameDecoder(4);
  let waiter: Waiter | null = null;
  let owed = 0;
  let lastRx = 0;

  /** True when this answer belongs to the current request, not to one that timed out. */
  const current = (): boolean => {
    owed = Math.max(0, owed - 1);
    return owed === 0;
  };

  const settle = (): Waiter | null => {
    const w = waiter;
    waiter = null;
    if (w) clearTimeout(w.timer);
    return w;
  };

  transport.onData((bytes) => {
    lastRx = Date.now();
    for (const item of decoder.push(bytes)) {
      // An impossible length is noise that looked like a preamble, not an answer.
      if (item.type === 'error' && item.error.code === 'LENGTH') {
        log.debug({ device, code: item.error.code }, 'noise from reader');
        continue;
      }
      const w = current() ? settle() : null;
      if (!w) {
        log.debug({ device, code: item.type === 'error' ? item.error.code : 'FRAME' }, 'late or unrequested answer dropped');
        continue;
      }
      if (item.type === 'error') {
        w.reject(new IdReaderError(item.error.code, item.error.message));
        continue;
      }
      const [sw1 = 0, sw2 = 0, sw3 = 0] = item.payload;
      w.resolve({ sw1, sw2, sw3, data: item.payload.slice(3) });
    }
  });

  transport.onState((state) => {
    if (state !== 'open') owed = 0;
  });

  return {
    async request(command, timeoutMs) {
      if (transport.state !== 'open') throw new IdReaderError('OFFLINE', `${device} is not connected`);
      if (owed > 0 && Date.now() - lastRx > forgetOwedAfterMs) owed = 0;
      const answer = new Promise<SamResponse>((resolve, reject) => {
        const timer = setTimeout(() => {
          if (settle()) reject(new IdReaderError('TIMEOUT', `no answer to ${hex(command)} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiter = { resolve, reject, timer };
      });
      try {
        owed += 1;
        await transport.write(encodeRequest(command[0], command[1]));
      } catch (err) {
        owed = Math.max(0, owed - 1);
        settle();
        throw new IdReaderError(transport.state === 'open' ? 'IO' : 'OFFLINE', `sending ${hex(command)} failed`, { cause: err });
      }
      return answer;
    },
    failAll(err) {
      settle()?.reject(err);
    },
  };
}

const hex = (c: readonly number[]): string => c.map((b) => b.toString(16).padStart(2, '0')).join(' ');
