// The ESC/POS receipt printer driver: joins the codec to a byte transport and exposes the
// ReceiptPrinter device class with its health state.
//
// A job is: real-time status check (refuse if not ready) → job bytes → wait for the end
// (job-end.ts) → health from the final status. Everything on the wire is serialised by one
// lock so a poll never interleaves with a job's status queries.
import { PrinterError, type PrintResult, type PrinterStatus, type ReceiptPrinter } from '../device-classes.js';
import { createSerialLock } from '../shared/lock.js';
import { silentLogger, type DriverLogger } from '../shared/logger.js';
import type { ByteTransport } from '../transports/byte-transport.js';
import { concatBytes } from './codec/bytes.js';
import type { ReceiptDocument } from './codec/document.js';
import { EncodeError, encodeReceipt, encodeTransmitPaperStatus } from './codec/encoder.js';
import { createHealthMachine, healthFor, refusalFor } from './health.js';
import { checkAfterJob, waitForJobEnd, type JobOutcome as Outcome } from './job-end.js';
import { createReplyRouter, queryStatus } from './replies.js';
import { encodeGb18030 } from './text-encoding.node.js';

export interface EscPosPrinterOptions {
  transport: ByteTransport;
  /** Time for the four DLE EOT replies together (default 1000 ms). */
  statusTimeoutMs?: number;
  /**
   * Status poll between jobs (default 2000 ms; 0 turns it off). Paper out or a cover left open
   * reaches operations only after the next poll: at 2 s (four DLE EOT, 12 bytes) a fault is at the
   * hub's fleet console within about 3 s with the health report's 1 s debounce.
   */
  pollIntervalMs?: number;
  /** Longest a job may take to print before it is reported as TIMEOUT (default 60 s). */
  jobTimeoutMs?: number;
  /** Real-time status checks while a job prints (default 250 ms). */
  jobPollMs?: number;
  /**
   * How the end of a job is detected. 'transmit-status' (default) waits for the GS r 1 reply;
   * 'status-only' is for printers that ignore GS r (some models answer it on serial only):
   * one status check right after sending, which cannot see a paper-out later in the job.
   */
  completion?: 'transmit-status' | 'status-only';
  /** Characters per line at normal size (default 48, 80 mm paper). */
  columns?: number;
  /** Printer code page; default GB18030 for Chinese-model printers. */
  encodeText?: (s: string) => Uint8Array;
  log?: DriverLogger;
}

export function createEscPosPrinter(opts: EscPosPrinterOptions): ReceiptPrinter {
  const { transport } = opts;
  const statusTimeoutMs = opts.statusTimeoutMs ?? 1000;
  const pollIntervalMs = opts.pollIntervalMs ?? 2000;
  const jobTimeoutMs = opts.jobTimeoutMs ?? 60_000;
  const jobPollMs = opts.jobPollMs ?? 250;
  const encodeText = opts.encodeText ?? encodeGb18030;
  const confirmByGsR = (opts.completion ?? 'transmit-status') === 'transmit-status';
  const log = opts.log ?? silentLogger;
  const device = transport.description;
  const lock = createSerialLock();
  const health = createHealthMachine(log, device);
  const replies = createReplyRouter(transport, (byte) => log.debug({ device, byte }, 'ignored byte from printer'));
  let poll: ReturnType<typeof setInterval> | undefined;

  transport.onState((state) => {
    if (state === 'open') return;
    replies.failAll(new PrinterError('OFFLINE', `${device} disconnected`));
    health.set('offline', 'disconnected');
  });

  const applyStatus = (s: PrinterStatus): PrinterStatus => {
    const h = healthFor(s);
    health.set(h.state, h.reason);
    return s;
  };

  const readStatus = (): Promise<PrinterStatus> => queryStatus(transport, replies, statusTimeoutMs);

  const noteFailure = (err: unknown): void => {
    if (err instanceof PrinterError && err.code === 'TIMEOUT') health.set('offline', 'no-response');
  };

  const refreshStatus = (): Promise<PrinterStatus> =>
    lock.run(async () => {
      try {
        return applyStatus(await readStatus());
      } catch (err) {
        noteFailure(err);
        throw err;
      }
    });

  function startPolling(): void {
    stopPolling();
    if (pollIntervalMs <= 0) return;
    poll = setInterval(() => {
      if (lock.busy || transport.state !== 'open') return;
      refreshStatus().catch((err: unknown) => log.warn({ device, err }, 'status poll failed'));
    }, pollIntervalMs);
    poll.unref?.();
  }

  function stopPolling(): void {
    if (poll) clearInterval(poll);
    poll = undefined;
  }

  async function runJob(bytes: Uint8Array): Promise<PrintResult> {
    const jobId = globalThis.crypto.randomUUID();
    let before: PrinterStatus;
    try {
      before = applyStatus(await readStatus());
    } catch (err) {
      noteFailure(err);
      throw err;
    }
    const refusal = refusalFor(before);
    if (refusal) {
      log.info({ device, jobId, code: refusal.code }, 'print refused');
      throw refusal;
    }
    health.set('busy');
    replies.clear('transmitted');
    let outcome: Outcome;
    try {
      await transport.write(bytes);
      const wait = { replies, readStatus, jobTimeoutMs, jobPollMs, onFailure: noteFailure };
      outcome = confirmByGsR ? await waitForJobEnd(wait) : await checkAfterJob(readStatus);
    } catch (err) {
      outcome = { code: transport.state === 'open' ? 'IO' : 'OFFLINE', message: `sending the job failed: ${String(err)}`, status: null };
    }
    if (outcome.status) applyStatus(outcome.status);
    else if (health.current.state === 'busy') health.set('offline', transport.state === 'open' ? 'no-response' : 'disconnected');
    if ('code' in outcome) {
      log.warn({ device, jobId, code: outcome.code }, 'print job interrupted');
      return { printed: false, interrupted: true, code: outcome.code, message: outcome.message, jobId, byteLength: bytes.length, status: outcome.status };
    }
    log.info({ device, jobId, byteLength: bytes.length }, 'print job done');
    return { printed: true, jobId, byteLength: bytes.length, status: outcome.status };
  }

  return {
    description: device,
    get health() {
      return health.current;
    },
    onHealth: (cb) => health.onChange(cb),
    async open() {
      try {
        await transport.open();
      } catch (err) {
        health.set('offline', 'disconnected');
        throw new PrinterError('OFFLINE', `cannot reach ${device}`, { cause: err });
      }
      try {
        await refreshStatus();
      } catch (err) {
        // A link without a talking printer is not an open printer; the device manager retries.
        await transport.close();
        noteFailure(err);
        throw err;
      }
      startPolling();
    },
    async close() {
      stopPolling();
      replies.failAll(new PrinterError('OFFLINE', `${device} closed`));
      await transport.close();
      health.set('offline', 'disconnected');
    },
    getStatus: refreshStatus,
    async print(doc: ReceiptDocument) {
      let bytes: Uint8Array;
      try {
        const job = encodeReceipt(doc, { encodeText, columns: opts.columns });
        bytes = confirmByGsR ? concatBytes([job, encodeTransmitPaperStatus()]) : job;
      } catch (err) {
        if (err instanceof EncodeError) throw new PrinterError('INVALID_DOCUMENT', err.message, { cause: err });
        throw err;
      }
      return lock.run(() => runJob(bytes));
    },
  };
}
