// The part both scanner drivers share: turning a framed scan into a BarcodeScan, emitting it,
// and logging it by symbology and length only (a scan may be a licence or a bill).
import type { BarcodeScan, DeviceReadError } from '../device-classes.js';
import { createListeners } from '../shared/listeners.js';
import type { DriverLogger } from '../shared/logger.js';
import { symbologyFromAim } from './codec/aim.js';
import type { IdDecodeError } from '../id/codec/errors.js';

export type TextDecoderFn = (bytes: Uint8Array) => string;

/** UTF-8, as most scanners are set to send for QR codes; replace invalid bytes rather than fail. */
export const utf8: TextDecoderFn = (bytes) => new TextDecoder('utf-8').decode(bytes);

export function createScanOutput(device: string, log: DriverLogger, decodeText: TextDecoderFn = utf8) {
  const scans = createListeners<BarcodeScan>();
  const errors = createListeners<DeviceReadError>();
  return {
    scans,
    errors,
    scan(bytes: Uint8Array, aim?: string): void {
      const symbology = aim ? symbologyFromAim(aim) : undefined;
      const scan: BarcodeScan = symbology ? { data: decodeText(bytes), symbology } : { data: decodeText(bytes) };
      log.info({ device, symbology, length: bytes.length }, 'barcode scanned');
      scans.emit(scan);
    },
    error(e: IdDecodeError): void {
      log.warn({ device, code: e.code, field: e.field }, 'barcode scan dropped');
      errors.emit({ code: e.code, field: e.field, message: e.message });
    },
  };
}
