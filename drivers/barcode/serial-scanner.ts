// A barcode / QR scanner on a serial port (RS-232 or USB CDC): text scans ended by the
// configured suffix. It only listens; health is ready while the link is up.
import type { BarcodeHealthReason, BarcodeScanner } from '../device-classes.js';
import { silentLogger, type DriverLogger } from '../shared/logger.js';
import type { ByteTransport } from '../transports/byte-transport.js';
import { createDeviceHealth } from '../shared/device-health.js';
import { BarcodeFramer, type BarcodeFrameItem, type BarcodeFraming } from './codec/serial-frame.js';
import { createScanOutput, type TextDecoderFn } from './scan-output.js';
import { openReaderLink } from '../id/open-link.js';

export interface SerialBarcodeScannerOptions extends Partial<BarcodeFraming> {
  transport: ByteTransport;
  /** A scan left without its suffix this long is dropped as TRUNCATED (default 1000 ms). */
  frameTimeoutMs?: number;
  /** Default UTF-8; a scanner set to GBK needs iconv-lite here. */
  decodeText?: TextDecoderFn;
  log?: DriverLogger;
}

export function createSerialBarcodeScanner(opts: SerialBarcodeScannerOptions): BarcodeScanner {
  const { transport } = opts;
  const log = opts.log ?? silentLogger;
  const device = transport.description;
  const framing: BarcodeFraming = { suffix: opts.suffix ?? 'CR', prefix: opts.prefix, aim: opts.aim, maxLength: opts.maxLength };
  const frameTimeoutMs = opts.frameTimeoutMs ?? 1000;
  const health = createDeviceHealth<BarcodeHealthReason>(log, device, { state: 'offline', reason: 'disconnected' });
  const out = createScanOutput(device, log, opts.decodeText);
  let framer = new BarcodeFramer(framing);
  let idle: ReturnType<typeof setTimeout> | undefined;
  let opened = false;

  const handle = (items: BarcodeFrameItem[]): void => {
    for (const item of items) {
      if (item.type === 'error') out.error(item.error);
      else out.scan(item.bytes, item.aim);
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
    if (!framer.pending) return;
    idle = setTimeout(() => handle(framer.flush()), frameTimeoutMs);
    idle.unref?.();
  });

  transport.onState((state) => {
    if (state === 'open') return;
    stopIdle();
    framer = new BarcodeFramer(framing);
    health.set('offline', 'disconnected');
  });

  return {
    description: device,
    get health() {
      return health.current;
    },
    onHealth: (cb) => health.onChange(cb),
    onScan: (cb) => out.scans.add(cb),
    onError: (cb) => out.errors.add(cb),
    async open() {
      await openReaderLink(transport, health, device);
      opened = true;
      health.set('ready');
    },
    async close() {
      opened = false;
      stopIdle();
      framer = new BarcodeFramer(framing);
      await transport.close();
      health.set('offline', 'disconnected');
    },
  };
}
