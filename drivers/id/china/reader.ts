// The resident ID card reader driver: polls find → select → read over the SAM frame and
// emits each card once per placement. Health: ready (polling), busy (reading a card),
// offline (unplugged or silent), error (the SAM module reports a fault).
import type { DeviceReadError, IdDocument, IdReader, IdReaderHealthReason } from '../../device-classes.js';
import { createListeners } from '../../shared/listeners.js';
import { createSerialLock } from '../../shared/lock.js';
import { silentLogger, type DriverLogger } from '../../shared/logger.js';
import type { ByteTransport } from '../../transports/byte-transport.js';
import { createDeviceHealth } from '../../shared/device-health.js';
import { IdReaderError, readError } from '../read-error.js';
import { decodeBaseInfo } from './codec/base-info.js';
import { CMD, samStatus, SW3_CARD_FOUND, SW3_NO_CARD, SW3_OK } from './codec/status.js';
import { createSamLink, type SamResponse } from './link.js';
import { openReaderLink } from '../open-link.js';

export interface ChinaIdReaderOptions {
  transport: ByteTransport;
  /** Time between find-card polls (default 500 ms). */
  pollIntervalMs?: number;
  /** Answer time for status, find and select (default 500 ms). */
  responseTimeoutMs?: number;
  /** Answer time for read base info, 1.3 KB: about 1.4 s at 9600 baud (default 3000 ms). */
  readTimeoutMs?: number;
  /** Tries per card placement when the card answers badly (moved, half in the field); default 3. */
  maxAttempts?: number;
  log?: DriverLogger;
}

type Step = 'samStatus' | 'findCard' | 'selectCard' | 'readBaseInfo';

export function createChinaIdReader(opts: ChinaIdReaderOptions): IdReader {
  const { transport } = opts;
  const log = opts.log ?? silentLogger;
  const device = transport.description;
  const pollIntervalMs = opts.pollIntervalMs ?? 500;
  const responseTimeoutMs = opts.responseTimeoutMs ?? 500;
  const readTimeoutMs = opts.readTimeoutMs ?? 3000;
  const maxAttempts = opts.maxAttempts ?? 3;
  const health = createDeviceHealth<IdReaderHealthReason>(log, device, { state: 'offline', reason: 'disconnected' });
  const documents = createListeners<IdDocument>();
  const errors = createListeners<DeviceReadError>();
  const link = createSamLink(transport, log);
  const lock = createSerialLock();
  let poll: ReturnType<typeof setInterval> | undefined;
  /** The card on the reader: `done` once it was read (or gave up), until it is lifted. */
  let placement: { attempts: number; done: boolean } | null = null;

  const fail = (e: DeviceReadError): void => {
    log.warn({ device, code: e.code, field: e.field }, 'ID card read failed');
    errors.emit(e);
  };

  const ask = async (step: Step, command: readonly [number, number], timeoutMs: number): Promise<SamResponse> => {
    const r = await link.request(command, timeoutMs);
    log.debug({ device, step, sw3: r.sw3 }, 'reader answered');
    // Any answer means the reader is alive again after a silence.
    if (health.current.state === 'offline') health.set('ready');
    return r;
  };

  /** A non-success SW3 (or a success code where it makes no sense: a late answer). */
  const refused = (step: Step, sw3: number): void => {
    if (sw3 === SW3_OK || sw3 === SW3_CARD_FOUND) return fail({ code: 'UNEXPECTED_RESPONSE', field: step, message: `unexpected status 0x${sw3.toString(16)} to ${step}` });
    const s = samStatus(sw3);
    if (s.scope === 'reader') {
      if (health.current.state !== 'error') fail({ code: s.code, field: step, message: `the SAM module answered ${step} with status 0x${sw3.toString(16)}` });
      return health.set('error', 'reader-fault');
    }
    if (s.scope === 'link') return void log.warn({ device, step, code: s.code }, 'reader refused a request');
    const p = placement ?? (placement = { attempts: 0, done: false });
    p.attempts += 1;
    if (p.attempts < maxAttempts) return;
    p.done = true;
    fail({ code: s.code, field: step, message: `${step} failed ${p.attempts} times for this card` });
  };

  async function cycle(): Promise<void> {
    const found = await ask('findCard', CMD.findCard, responseTimeoutMs);
    if (found.sw3 === SW3_NO_CARD) {
      placement = null;
      return health.set('ready');
    }
    if (found.sw3 !== SW3_CARD_FOUND) return refused('findCard', found.sw3);
    if (placement?.done) return health.set('ready');
    health.set('busy');
    try {
      const selected = await ask('selectCard', CMD.selectCard, responseTimeoutMs);
      if (selected.sw3 !== SW3_OK) return refused('selectCard', selected.sw3);
      const read = await ask('readBaseInfo', CMD.readBaseInfo, readTimeoutMs);
      if (read.sw3 !== SW3_OK) return refused('readBaseInfo', read.sw3);
      placement = { attempts: 0, done: true };
      const doc = decodeBaseInfo(read.data);
      if (!doc.ok) return fail(readError(doc.error));
      log.info({ device, kind: doc.value.kind, photoBytes: doc.value.photo?.length ?? 0 }, 'document read');
      documents.emit(doc.value);
    } finally {
      if (health.current.state === 'busy') health.set('ready');
    }
  }

  const linkFailure = (err: unknown): void => {
    if (!(err instanceof IdReaderError)) return void log.error({ device, err }, 'ID card poll failed');
    if (err.code === 'TIMEOUT') health.set('offline', 'no-response');
    else if (err.code === 'OFFLINE') health.set('offline', 'disconnected');
    else fail({ code: err.code, field: 'frame', message: err.message });
  };

  transport.onState((state) => {
    if (state === 'open') return;
    link.failAll(new IdReaderError('OFFLINE', `${device} disconnected`));
    placement = null;
    health.set('offline', 'disconnected');
  });

  const stopPolling = (): void => {
    if (poll) clearInterval(poll);
    poll = undefined;
  };

  return {
    description: device,
    get health() {
      return health.current;
    },
    onHealth: (cb) => health.onChange(cb),
    onDocument: (cb) => documents.add(cb),
    onError: (cb) => errors.add(cb),
    async open() {
      await openReaderLink(transport, health, device);
      try {
        const status = await lock.run(() => link.request(CMD.samStatus, responseTimeoutMs));
        if (status.sw3 === SW3_OK) health.set('ready');
        else refused('samStatus', status.sw3);
      } catch (err) {
        // A port without a talking reader is not an open reader; the device manager retries.
        await transport.close();
        linkFailure(err);
        throw err;
      }
      stopPolling();
      poll = setInterval(() => {
        if (lock.busy || transport.state !== 'open') return;
        lock.run(cycle).catch(linkFailure);
      }, pollIntervalMs);
      poll.unref?.();
    },
    async close() {
      stopPolling();
      link.failAll(new IdReaderError('OFFLINE', `${device} closed`));
      await lock.run(async () => undefined).catch(() => undefined);
      await transport.close();
      placement = null;
      health.set('offline', 'disconnected');
    },
  };
}
