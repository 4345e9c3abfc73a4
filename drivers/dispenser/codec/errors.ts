// Decode failures of the card dispenser codecs (link framing and messages). The codecs return
// these as values and never throw on bytes from the wire: a dispenser's line noise must not
// reach the driver as an exception of some other kind.
export type DispenserDecodeErrorCode =
  // framing
  | 'FRAME_GARBAGE'
  | 'FRAME_LENGTH'
  | 'FRAME_ETX'
  | 'FRAME_BCC'
  | 'FRAME_TRUNCATED'
  // messages
  | 'UNKNOWN_MESSAGE'
  | 'BAD_PAYLOAD';

export interface DispenserDecodeError {
  type: 'decode-error';
  code: DispenserDecodeErrorCode;
  message: string;
}

export function decodeError(code: DispenserDecodeErrorCode, message: string): DispenserDecodeError {
  return { type: 'decode-error', code, message };
}

export function isDecodeError(value: unknown): value is DispenserDecodeError {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'decode-error';
}
