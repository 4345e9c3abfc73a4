// Routes bytes coming back from the printer. Two reply kinds share the wire: real-time
// status (DLE EOT, processed on arrival) and transmitted status (GS r, processed in print
// order, used as a job-complete marker). The fixed bits tell them apart; anything else
// (XON/XOFF, noise) is dropped.
import { PrinterError, type PrinterStatus } from '../device-classes.js';
import type { ByteTransport } from '../transports/byte-transport.js';
import { concatBytes } from './codec/bytes.js';
import { encodeStatusRequest } from './codec/encoder.js';
import { decodeStatusReplies, isRealTimeStatusByte, isTransmittedStatusByte, toPrinterStatus } from './codec/status.js';

export type ReplyKind = 'realtime' | 'transmitted';

interface Waiter {
  resolve: (b: number) => void;
  reject: (err: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface ReplyRouter {
  /** Next reply of that kind; rejects with PrinterError TIMEOUT, or OFFLINE when the link drops. */
  next(kind: ReplyKind, timeoutMs: number, signal?: AbortSignal): Promise<number>;
  /** Drops queued replies, e.g. a late answer to a request that already timed out. */
  clear(kind: ReplyKind): void;
  failAll(err: Error): void;
}

export function createReplyRouter(transport: ByteTransport, onStray: (byte: number) => void): ReplyRouter {
  const queues: Record<ReplyKind, number[]> = { realtime: [], transmitted: [] };
  const waiters: Record<ReplyKind, Waiter[]> = { realtime: [], transmitted: [] };

  const deliver = (kind: ReplyKind, byte: number): void => {
    const w = waiters[kind].shift();
    if (!w) {
      queues[kind].push(byte);
      return;
    }
    clearTimeout(w.timer);
    w.resolve(byte);
  };

  transport.onData((bytes) => {
    for (const b of bytes) {
      if (isRealTimeStatusByte(b)) deliver('realtime', b);
      else if (isTransmittedStatusByte(b)) deliver('transmitted', b);
      else onStray(b);
    }
  });

  const failAll = (err: Error): void => {
    for (const kind of ['realtime', 'transmitted'] as const) {
      for (const w of waiters[kind].splice(0)) {
        clearTimeout(w.timer);
        w.reject(err);
      }
    }
  };

  return {
    next(kind, timeoutMs, signal) {
      const queued = queues[kind].shift();
      if (queued !== undefined) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const remove = (): void => {
          const list = waiters[kind];
          const i = list.indexOf(w);
          if (i >= 0) list.splice(i, 1);
        };
        const w: Waiter = {
          resolve,
          reject,
          timer: setTimeout(() => {
            remove();
            reject(new PrinterError('TIMEOUT', `no ${kind} status reply within ${timeoutMs} ms`));
          }, timeoutMs),
        };
        signal?.addEventListener('abort', () => {
          clearTimeout(w.timer);
          remove();
          reject(new PrinterError('TIMEOUT', 'wait aborted'));
        }, { once: true });
        waiters[kind].push(w);
      });
    },
    clear(kind) {
      queues[kind].length = 0;
    },
    failAll,
  };
}

const STATUS_REQUESTS = concatBytes([1, 2, 3, 4].map((n) => encodeStatusRequest(n as 1 | 2 | 3 | 4)));

/** Sends DLE EOT 1..4 in one write (one round trip); the printer answers in request order. */
export async function queryStatus(transport: ByteTransport, replies: ReplyRouter, timeoutMs: number): Promise<PrinterStatus> {
  if (transport.state !== 'open') throw new PrinterError('OFFLINE', `${transport.description} is not connected`);
  replies.clear('realtime');
  try {
    await transport.write(STATUS_REQUESTS);
  } catch (err) {
    throw new PrinterError('IO', `status request to ${transport.description} failed`, { cause: err });
  }
  const deadline = Date.now() + timeoutMs;
  const got: number[] = [];
  for (let i = 0; i < 4; i++) got.push(await replies.next('realtime', Math.max(1, deadline - Date.now())));
  const decoded = decodeStatusReplies([got[0] ?? 0, got[1] ?? 0, got[2] ?? 0, got[3] ?? 0]);
  if (!decoded.ok) throw new PrinterError('IO', decoded.error.message);
  return toPrinterStatus(decoded.value);
}
