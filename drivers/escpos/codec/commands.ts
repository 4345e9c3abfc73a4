// What the decoder yields: typed ESC/POS commands, or a DecodeError value. Decoding never
// throws; bytes it cannot place become `unknown` so the stream stays in step.
export type EscPosCommand =
  | { type: 'init' }
  | { type: 'chinese-mode'; on: boolean }
  /** Raw text bytes in the printer's code page; decode with the matching text codec. */
  | { type: 'text'; bytes: Uint8Array }
  | { type: 'newline' }
  | { type: 'align'; align: 'left' | 'center' | 'right' }
  | { type: 'bold'; on: boolean }
  /** Character magnification, 1..8 each way (GS !). */
  | { type: 'size'; width: number; height: number }
  | { type: 'feed'; lines: number }
  | { type: 'qr-model'; model: 1 | 2 | 'micro' }
  | { type: 'qr-module-size'; size: number }
  | { type: 'qr-error-correction'; level: 'L' | 'M' | 'Q' | 'H' }
  | { type: 'qr-store'; data: Uint8Array }
  | { type: 'qr-print' }
  | { type: 'cut'; partial: boolean }
  /** DLE EOT n: real-time status request. */
  | { type: 'status-request'; n: 1 | 2 | 3 | 4 }
  /** GS r n: status transmitted after the preceding data was processed (1 paper, 2 drawer). */
  | { type: 'transmit-status'; n: 1 | 2 }
  /** A well-framed command this decoder does not model (name like "ESC !"); skipped whole. */
  | { type: 'unsupported'; name: string }
  | { type: 'unknown'; byte: number };

export type DecodeErrorCode = 'BAD_PARAMETER' | 'LENGTH_OUT_OF_RANGE' | 'TRUNCATED';

export interface DecodeError {
  type: 'decode-error';
  code: DecodeErrorCode;
  /** Stream offset of the first byte of the offending command. */
  offset: number;
  message: string;
}

export type DecodeItem = EscPosCommand | DecodeError;

export function isDecodeError(item: DecodeItem): item is DecodeError {
  return item.type === 'decode-error';
}
