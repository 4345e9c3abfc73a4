// Document → ESC/POS bytes (Epson TM command set, Chinese-model printers). Pure: the text
// encoding is injected (GB18030 via iconv-lite on the host) so this file runs anywhere.
import { concatBytes, DLE, EOT, ESC, FS, GS, LF } from './bytes.js';
import type { Align, QrBlock, QrErrorCorrection, ReceiptDocument, TextSize } from './document.js';

export interface EncodeOptions {
  encodeText: (s: string) => Uint8Array;
  /** Characters per line at normal size: 48 on 80 mm paper (font A), 32 on 58 mm. */
  columns?: number;
}

export type EncodeErrorCode = 'QR_TOO_LONG' | 'QR_EMPTY' | 'BAD_PARAMETER';

export class EncodeError extends Error {
  override readonly name = 'EncodeError';
  constructor(
    readonly code: EncodeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** QR model 2 holds at most 7089 data bytes (numeric mode, level L). */
export const QR_MAX_BYTES = 7089;

const ALIGN: Record<Align, number> = { left: 0, center: 1, right: 2 };
// GS ! n: bits 4-6 = width multiplier - 1, bits 0-2 = height multiplier - 1.
const SIZE: Record<TextSize, number> = { normal: 0x00, 'double-height': 0x01, double: 0x11, quad: 0x33 };
const QR_EC: Record<QrErrorCorrection, number> = { L: 48, M: 49, Q: 50, H: 51 };

/**
 * Drops C0 controls and DEL (tabs become spaces). User text must never carry command bytes:
 * a stray ESC would reconfigure the printer and a DLE EOT is executed in real time even
 * inside another command's data.
 */
export function sanitizeText(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '\t') out += ' ';
    else if (ch === '\n' || (c >= 0x20 && c !== 0x7f)) out += ch;
  }
  return out;
}

export function encodeStatusRequest(n: 1 | 2 | 3 | 4): Uint8Array {
  return Uint8Array.of(DLE, EOT, n);
}

/** GS r 1: answered only after everything before it was printed — our "job done" marker. */
export function encodeTransmitPaperStatus(): Uint8Array {
  return Uint8Array.of(GS, 0x72, 1);
}

export function encodeReceipt(doc: ReceiptDocument, opts: EncodeOptions): Uint8Array {
  const columns = opts.columns ?? 48;
  const out: Uint8Array[] = [Uint8Array.of(ESC, 0x40), Uint8Array.of(FS, 0x26)];
  // ESC @ leaves the printer left-aligned, not bold, normal size; only changes are sent.
  let align = 0;
  let bold = false;
  let size = 0;
  const setAlign = (a: number): void => {
    if (a !== align) out.push(Uint8Array.of(ESC, 0x61, a));
    align = a;
  };
  const setBold = (b: boolean): void => {
    if (b !== bold) out.push(Uint8Array.of(ESC, 0x45, b ? 1 : 0));
    bold = b;
  };
  const setSize = (s: number): void => {
    if (s !== size) out.push(Uint8Array.of(GS, 0x21, s));
    size = s;
  };

  for (const block of doc.blocks) {
    switch (block.kind) {
      case 'text': {
        setAlign(ALIGN[block.align ?? 'left']);
        setBold(block.bold ?? false);
        setSize(SIZE[block.size ?? 'normal']);
        for (const line of sanitizeText(block.text).split('\n')) {
          out.push(opts.encodeText(line), Uint8Array.of(LF));
        }
        break;
      }
      case 'qr':
        setAlign(ALIGN[block.align ?? 'left']);
        out.push(...encodeQr(block, opts.encodeText));
        break;
      case 'feed':
        out.push(...encodeFeed(block.lines));
        break;
      case 'rule':
        // A rule spans the paper at normal size, whatever the previous block used.
        setSize(0);
        setBold(false);
        out.push(opts.encodeText('-'.repeat(columns)), Uint8Array.of(LF));
        break;
      case 'cut':
        // GS V m n, function B: feed to the cutter, then m=65 full cut / m=66 partial cut.
        out.push(Uint8Array.of(GS, 0x56, block.partial ? 66 : 65, 0));
        break;
    }
  }
  return concatBytes(out);
}

function encodeFeed(lines: number): Uint8Array[] {
  if (!Number.isInteger(lines) || lines < 0) throw new EncodeError('BAD_PARAMETER', `feed lines must be a whole number ≥ 0, got ${lines}`);
  const parts: Uint8Array[] = [];
  // ESC d n takes one byte; longer feeds are split.
  for (let left = lines; left > 0; left -= 255) parts.push(Uint8Array.of(ESC, 0x64, Math.min(left, 255)));
  return parts;
}

function gsK(fn: number, params: Uint8Array | readonly number[]): Uint8Array {
  // pL/pH count cn + fn + parameters, i.e. the BYTE length of the data + 2 (+1 for m in fn 80).
  const len = params.length + 2;
  return concatBytes([Uint8Array.of(GS, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, fn), Uint8Array.from(params)]);
}

function encodeQr(block: QrBlock, encodeText: (s: string) => Uint8Array): Uint8Array[] {
  const moduleSize = block.size ?? 6;
  if (!Number.isInteger(moduleSize) || moduleSize < 1 || moduleSize > 16) {
    throw new EncodeError('BAD_PARAMETER', `QR module size must be 1..16, got ${moduleSize}`);
  }
  const data = encodeText(sanitizeText(block.data));
  if (data.length === 0) throw new EncodeError('QR_EMPTY', 'QR data is empty');
  if (data.length > QR_MAX_BYTES) throw new EncodeError('QR_TOO_LONG', `QR data is ${data.length} bytes, the limit is ${QR_MAX_BYTES}`);
  const store = new Uint8Array(data.length + 1);
  store[0] = 0x30; // m = 48
  store.set(data, 1);
  return [
    gsK(65, [50, 0]), // model 2
    gsK(67, [moduleSize]),
    gsK(69, [QR_EC[block.errorCorrection ?? 'M']]),
    gsK(80, store),
    gsK(81, [0x30]),
  ];
}
