// GS ( <fn> pL pH <data>: the length-prefixed command family; GS ( k carries 2D symbols.
import type { DecodeItem } from './commands.js';
import { QR_MAX_BYTES } from './encoder.js';
import { badParam, type Step } from './step.js';

// Only the QR store may be long; a garbage header claiming 64 KiB must not swallow the
// commands behind it, so GS ( k lengths above any real symbol are rejected.
const GS_K_MAX = 8192;

export function parseGsParen(b: Uint8Array, pos: number, end: number, offset: number): Step | null {
  if (end - pos < 5) return null;
  const at = (i: number): number => b[pos + i] ?? 0;
  const fnByte = at(2);
  const len = at(3) + at(4) * 256;
  const total = 5 + len;
  if (fnByte !== 0x6b) return end - pos < total ? null : { item: { type: 'unsupported', name: `GS ( ${String.fromCharCode(fnByte)}` }, length: total };
  if (len < 2) return badParam(offset, 5, `GS ( k length ${len}: must be at least 2`, 'LENGTH_OUT_OF_RANGE');
  if (len > GS_K_MAX) return badParam(offset, 5, `GS ( k length ${len} exceeds ${GS_K_MAX}`, 'LENGTH_OUT_OF_RANGE');
  if (end - pos < 7) return null;
  const cn = at(5);
  const fn = at(6);
  if (cn === 0x31 && fn === 80 && len > QR_MAX_BYTES + 3) {
    return badParam(offset, 5, `QR store of ${len - 3} bytes exceeds ${QR_MAX_BYTES}`, 'LENGTH_OUT_OF_RANGE');
  }
  if (end - pos < total) return null;
  if (cn !== 0x31) return { item: { type: 'unsupported', name: `GS ( k cn=${cn}` }, length: total };
  const item = qrItem(fn, b.subarray(pos + 7, pos + total), offset);
  return { item, length: total };
}

function qrItem(fn: number, params: Uint8Array, offset: number): DecodeItem {
  const bad = (message: string): DecodeItem => ({ type: 'decode-error', code: 'BAD_PARAMETER', offset, message });
  const n = params[0] ?? -1;
  switch (fn) {
    case 65: {
      const model = n === 49 ? 1 : n === 50 ? 2 : n === 51 ? 'micro' : undefined;
      return params.length === 2 && model !== undefined ? { type: 'qr-model', model } : bad(`QR model: bad parameters`);
    }
    case 67:
      return params.length === 1 && n >= 1 && n <= 16 ? { type: 'qr-module-size', size: n } : bad(`QR module size ${n}: must be 1..16`);
    case 69: {
      const level = (['L', 'M', 'Q', 'H'] as const)[n - 48];
      return params.length === 1 && level ? { type: 'qr-error-correction', level } : bad(`QR error correction ${n}: must be 48..51`);
    }
    case 80:
      return n === 0x30 && params.length >= 2 ? { type: 'qr-store', data: params.slice(1) } : bad('QR store: m must be 48 and data non-empty');
    case 81:
      return params.length === 1 && n === 0x30 ? { type: 'qr-print' } : bad('QR print: m must be 48');
    default:
      return { type: 'unsupported', name: `GS ( k QR fn=${fn}` };
  }
}
