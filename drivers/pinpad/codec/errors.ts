// Decode failures of the PIN pad codecs (serial framing, messages, PIN block fields). Codecs
// return these as values and never throw on input from the wire. A message names what failed,
// never a value: a PIN block field is secret material and the message may reach a log.
export type PinPadDecodeErrorCode =
  // framing
  | 'FRAME_GARBAGE'
  | 'FRAME_LENGTH'
  | 'FRAME_ETX'
  | 'FRAME_CRC'
  | 'FRAME_TRUNCATED'
  // messages
  | 'UNKNOWN_MESSAGE'
  | 'BAD_PAYLOAD'
  // PIN block fields (tests and the simulator decode them; the kiosk never does)
  | 'PIN_BLOCK_LENGTH'
  | 'PIN_BLOCK_FORMAT'
  | 'PIN_LENGTH'
  | 'PIN_DIGITS'
  | 'PIN_FILL';

export interface PinPadDecodeError {
  type: 'decode-error';
  code: PinPadDecodeErrorCode;
  message: string;
}

export function decodeError(code: PinPadDecodeErrorCode, message: string): PinPadDecodeError {
  return { type: 'decode-error', code, message };
}

export function isDecodeError(value: unknown): value is PinPadDecodeError {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'decode-error';
}
