// Turns codec and driver failures into the DeviceReadError the device class emits, and
// the Error thrown when a reader cannot be opened. Only codes and field names travel.
import type { DeviceReadError } from '../device-classes.js';
import type { IdDecodeError } from './codec/errors.js';

export function readError(e: IdDecodeError): DeviceReadError {
  return { code: e.code, field: e.field, message: e.message };
}

/** OFFLINE: no link; TIMEOUT: no answer; IO: a write failed; CHECKSUM/LENGTH: a garbled answer. */
export type IdReaderErrorCode = 'OFFLINE' | 'TIMEOUT' | 'IO' | 'CHECKSUM' | 'LENGTH';

export class IdReaderError extends Error {
  override readonly name = 'IdReaderError';
  constructor(
    readonly code: IdReaderErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
