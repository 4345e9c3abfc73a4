// Driver's licences and US/Canadian ID cards read from the PDF417 bar code on the back, by a
// 2D barcode scanner: an IdReader on top of a BarcodeScanner. Scans that are not AAMVA
// bar codes are ignored here (the scanner's other listeners still get them).
import type { BarcodeScanner, DeviceReadError, IdDocument, IdReader, IdReaderHealthReason } from '../device-classes.js';
import { createListeners } from '../shared/listeners.js';
import { silentLogger, type DriverLogger } from '../shared/logger.js';
import { AAMVA_PREFIX, decodeAamva } from './codec/aamva.js';
import { createDeviceHealth } from '../shared/device-health.js';
import { readError } from './read-error.js';

export interface LicenceReaderOptions {
  scanner: BarcodeScanner;
  /** Open and close the scanner with the reader (default true); false when it is shared. */
  ownsScanner?: boolean;
  log?: DriverLogger;
}

export function createLicenceReader(opts: LicenceReaderOptions): IdReader {
  const { scanner } = opts;
  const owns = opts.ownsScanner ?? true;
  const log = opts.log ?? silentLogger;
  const device = `aamva on ${scanner.description}`;
  const health = createDeviceHealth<IdReaderHealthReason>(log, device, { state: 'offline', reason: 'disconnected' });
  const documents = createListeners<IdDocument>();
  const errors = createListeners<DeviceReadError>();
  let unsubscribe: (() => void)[] = [];

  const follow = (): void => {
    const h = scanner.health;
    if (h.state === 'offline') health.set('offline', 'disconnected');
    else health.set(h.state);
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
      if (unsubscribe.length === 0) {
        unsubscribe = [
          scanner.onHealth(follow),
          scanner.onScan((scan) => {
            if (!scan.data.startsWith(AAMVA_PREFIX)) return;
            const result = decodeAamva(scan.data);
            if (!result.ok) {
              log.warn({ device, code: result.error.code, field: result.error.field }, 'licence read failed');
              return errors.emit(readError(result.error));
            }
            log.info({ device, kind: result.value.kind }, 'document read');
            documents.emit(result.value);
          }),
        ];
      }
      if (owns) await scanner.open();
      follow();
    },
    async close() {
      for (const off of unsubscribe) off();
      unsubscribe = [];
      if (owns) await scanner.close();
      health.set('offline', 'disconnected');
    },
  };
}
