// A barcode scanner in USB HID POS mode (usage page 0x8C), read through node-hid or anything
// shaped like it. The device object is injected (opened by `openDevice`), so tests and the
// dev panel use a fake; hid-device.node.ts opens a real one.
import type { BarcodeHealthReason, BarcodeScanner } from '../device-classes.js';
import { silentLogger, type DriverLogger } from '../shared/logger.js';
import { createDeviceHealth } from '../shared/device-health.js';
import { IdReaderError } from '../id/read-error.js';
import { HidPosAssembler, HID_POS_REPORT_ID } from './codec/hid-pos.js';
import { createScanOutput, type TextDecoderFn } from './scan-output.js';

/** The part of node-hid's HID / HIDAsync the driver uses. */
export interface HidDeviceLike {
  on(event: 'data', listener: (report: Uint8Array) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  removeAllListeners(event?: string): unknown;
  close(): void | Promise<void>;
}

export interface HidBarcodeScannerOptions {
  openDevice: () => HidDeviceLike | Promise<HidDeviceLike>;
  /** For logs and health, e.g. 'hid://0c2e:0b8f'. */
  description?: string;
  reportId?: number;
  decodeText?: TextDecoderFn;
  log?: DriverLogger;
}

export function createHidBarcodeScanner(opts: HidBarcodeScannerOptions): BarcodeScanner {
  const log = opts.log ?? silentLogger;
  const device = opts.description ?? 'hid://barcode-scanner';
  const health = createDeviceHealth<BarcodeHealthReason>(log, device, { state: 'offline', reason: 'disconnected' });
  const out = createScanOutput(device, log, opts.decodeText);
  const assembler = new HidPosAssembler(opts.reportId ?? HID_POS_REPORT_ID);
  let hid: HidDeviceLike | null = null;

  const release = async (dev: HidDeviceLike): Promise<void> => {
    dev.removeAllListeners('data');
    dev.removeAllListeners('error');
    // node-hid throws when closing a device that is already gone; the handle is dead either way.
    await Promise.resolve()
      .then(() => dev.close())
      .catch(() => undefined);
  };

  return {
    description: device,
    get health() {
      return health.current;
    },
    onHealth: (cb) => health.onChange(cb),
    onScan: (cb) => out.scans.add(cb),
    onError: (cb) => out.errors.add(cb),
    async open() {
      if (hid) return;
      let dev: HidDeviceLike;
      try {
        dev = await opts.openDevice();
      } catch (err) {
        health.set('offline', 'disconnected');
        throw new IdReaderError('OFFLINE', `cannot open ${device}`, { cause: err });
      }
      dev.on('data', (report) => {
        const item = assembler.push(report);
        if (item?.type === 'scan') out.scan(item.bytes, item.aim);
        else if (item) out.error(item.error);
      });
      // node-hid reports an unplug as an 'error' on the device: the handle is dead.
      dev.on('error', () => {
        if (hid !== dev) return;
        hid = null;
        assembler.reset();
        health.set('offline', 'disconnected');
        void release(dev);
      });
      hid = dev;
      health.set('ready');
    },
    async close() {
      const dev = hid;
      hid = null;
      assembler.reset();
      if (dev) await release(dev);
      health.set('offline', 'disconnected');
    },
  };
}
