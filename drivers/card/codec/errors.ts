// Decode failures of the card codecs (magnetic stripe, serial framing, HID reports, EMV TLV and
// APDUs). Codecs return these as values and never throw. A message names the field that failed,
// never its content: the input is cardholder data and the message may end up in a log.
export type CardDecodeErrorCode =
  // ISO/IEC 7813 tracks
  | 'SENTINEL'
  | 'FORMAT_CODE'
  | 'SEPARATOR'
  | 'PAN_LENGTH'
  | 'PAN_DIGITS'
  | 'PAN_LUHN'
  | 'NAME'
  | 'EXPIRY'
  | 'SERVICE_CODE'
  | 'CHARSET'
  | 'TOO_LONG'
  | 'LRC'
  | 'TRACK_READ_ERROR'
  | 'TRACK_MISMATCH'
  | 'NO_TRACK'
  // serial MSR framing
  | 'FRAME_GARBAGE'
  | 'FRAME_TORN'
  | 'FRAME_TOO_LONG'
  | 'FRAME_LRC'
  | 'FRAME_TRUNCATED'
  // HID report
  | 'HID_REPORT'
  // EMV
  | 'TLV_TAG'
  | 'TLV_LENGTH'
  | 'TLV_TRUNCATED'
  | 'TLV_DEPTH'
  | 'APDU_RESPONSE'
  | 'FCI'
  | 'AFL'
  | 'DOL'
  | 'BCD'
  | 'NO_PAN'
  // vpcd socket protocol
  | 'VPCD_FRAME';

export interface CardDecodeError {
  type: 'decode-error';
  code: CardDecodeErrorCode;
  message: string;
  /** Byte offset in the input where the problem was found, when it helps debugging. */
  offset?: number;
}

export function decodeError(code: CardDecodeErrorCode, message: string, offset?: number): CardDecodeError {
  return offset === undefined ? { type: 'decode-error', code, message } : { type: 'decode-error', code, message, offset };
}

export function isDecodeError(value: unknown): value is CardDecodeError {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'decode-error';
}
