// The OCR MRZ scanner driver (passport and ID card readers that send the MRZ as text over
// serial). It only listens: the scanner sends when a document is laid on it. Health is
// ready while the link is up, busy while part of an MRZ is in, offline when unplugged.
import type { DeviceReadError, IdDocument, IdReader, IdReaderHealthReason } from '../../device-classes.js';
import { createListeners } from '../../shared/listeners.js';
import { silentLogger, type DriverLogger } from '../../shared/logger.js';
import type { ByteTransport } from '../../transports/byte-transport.js';
import { decodeMrz } from '../codec/mrz.js';
import { MrzFramer, type MrzFrameItem, type MrzFraming } from '../codec/mrz-frame.js';
import { createDeviceHealth } from '../../shared/device-health.js';
import { readError } from '../read-error.js';
import { openReaderLink } from '../open-link.js';

export interface MrzReaderOptions {
  transport: ByteTransport;
  /** Default: lines ended by CR/LF. */
  framing?: MrzFraming;
  /** A partial MRZ left this long without new bytes is dropped as TRUNCATED (default 1500 ms). */
  frameTimeoutMs?: number;
  /** Reference date for two-digit years (default: the clock). */
  now?: () => Date;
  log?: DriverLogger;
}

export function createMrzReader(opts: MrzReaderOptions): IdReader {
  const { transport } = opts;
  const log = opts.log ?? silentLogger;
  const device = transport.description;
  const frameTimeoutMs = opts.frameTimeoutMs ?? 1500;
  const now = opts.now ?? (() => new Date());
  const health = createDeviceHealth<IdReaderHealthReason>(log, device, { state: 'offline', reason: 'disconnected' });
  const documents = createListeners<IdDocument>();
  const errors = createListeners<DeviceReadError>();
  let framer = new MrzFramer(opts.framing);
  let idle: ReturnType<typeof setTimeout> | undefined;
  let opened = false;

  const fail = (e: DeviceReadError): void => {
    log.warn({ device, code: e.code, field: e.field }, 'MRZ read failed');
    errors.emit(e);
  };

  const handle = (items: MrzFrameItem[]): void => {
    for (const item of items) {
      if (item.type === 'error') {
        fail(readError(item.error));
        continue;
      }
      const result = decodeMrz(item.lines, { now: now() });
      if (!result.ok) {
        fail(readError(result.error));
        continue;
      }
      log.info({ device, kind: result.value.kind }, 'document read');
      documents.emit(result.value);
    }
  };

  const stopIdle = (): void => {
    if (idle) clearTimeout(idle);
    idle = undefined;
  };

  transport.onData((bytes) => {
    if (!opened) return;
    stopIdle();
    handle(framer.push(bytes));
    if (framer.pending) {
      health.set('busy');
      idle = setTimeout(() => {
        handle(framer.flush());
        if (transport.state === 'open') health.set('ready');
      }, frameTimeoutMs);
      idle.unref?.();
    } else if (transport.state === 'open') health.set('ready');
  });

  transport.onState((state) => {
    if (state === 'open') return;
    stopIdle();
    framer = new MrzFramer(opts.framing);
    health.set('offline', 'disconnected');
  });

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
      opened = true;
      health.set('ready');
    },
    async close() {
      opened = false;
      stopIdle();
      framer = new MrzFramer(opts.framing);
      await transport.close();
      health.set('offline', 'disconnected');
    },
  };
}
