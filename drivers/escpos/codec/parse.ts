// One ESC/POS command at a time. Returns null when the command is torn (needs more bytes);
// the caller keeps the bytes and retries after the next chunk. Never throws.
import { CR, DLE, ESC, FS, GS, LF } from './bytes.js';
import { parseGsParen } from './parse-gs-paren.js';
import { badParam, ok, type Step } from './step.js';

/** Longest text item; longer runs are split so a stream without line feeds cannot grow us unbounded. */
export const MAX_TEXT_RUN = 4096;

const isText = (b: number): boolean => b >= 0x20 && b !== 0x7f;

const unsupported = (name: string, length: number): Step => ok({ type: 'unsupported', name }, length);

// Fixed-length commands we frame but do not model: second byte → total length.
const ESC_FIXED: Record<number, number> = {
  0x21: 3, 0x2d: 3, 0x33: 3, 0x4a: 3, 0x4d: 3, 0x52: 3, 0x74: 3, 0x47: 3, 0x7b: 3, 0x20: 3,
  0x56: 3, 0x65: 3, 0x3d: 3, 0x55: 3, 0x72: 3, 0x32: 2, 0x24: 4, 0x5c: 4, 0x70: 5, 0x63: 4,
};
const GS_FIXED: Record<number, number> = { 0x42: 3, 0x48: 3, 0x68: 3, 0x77: 3, 0x66: 3, 0x61: 3, 0x62: 3, 0x49: 3, 0x4c: 4, 0x57: 4, 0x50: 4 };
const FS_FIXED: Record<number, number> = { 0x21: 3, 0x2d: 3, 0x57: 3, 0x43: 3, 0x53: 4 };
const DLE_DC4_LENGTH: Record<number, number> = { 1: 5, 2: 5, 7: 4, 8: 10 };
const SINGLE_BYTE: Record<number, string> = { [CR]: 'CR', 0x09: 'HT', 0x0c: 'FF', 0x18: 'CAN' };

/** Parses the command at b[pos]; `final` means no more bytes will come (flush text). */
export function parseAt(b: Uint8Array, pos: number, end: number, offset: number, final: boolean): Step | null {
  const first = b[pos] ?? 0;
  if (isText(first)) {
    let i = pos;
    while (i < end && i - pos < MAX_TEXT_RUN && isText(b[i] ?? 0)) i++;
    if (i === end && i - pos < MAX_TEXT_RUN && !final) return null;
    return ok({ type: 'text', bytes: b.slice(pos, i) }, i - pos);
  }
  if (first === LF) return ok({ type: 'newline' }, 1);
  const single = SINGLE_BYTE[first];
  if (single) return unsupported(single, 1);
  if (end - pos < 2) return first === ESC || first === GS || first === FS || first === DLE ? null : ok({ type: 'unknown', byte: first }, 1);
  const second = b[pos + 1] ?? 0;
  const at = (i: number): number => b[pos + i] ?? 0;
  const have = (n: number): boolean => end - pos >= n;
  const name = (prefix: string): string => `${prefix} ${String.fromCharCode(second)}`;

  switch (first) {
    case ESC: {
      if (second === 0x40) return ok({ type: 'init' }, 2);
      const fixed = second === 0x61 || second === 0x45 || second === 0x64 ? 3 : ESC_FIXED[second];
      if (fixed === undefined) return ok({ type: 'unknown', byte: first }, 1);
      if (!have(fixed)) return null;
      const n = at(2);
      if (second === 0x61) {
        const align = (['left', 'center', 'right'] as const)[n >= 48 ? n - 48 : n];
        return align ? ok({ type: 'align', align }, 3) : badParam(offset, 3, `ESC a ${n}: alignment must be 0..2 or 48..50`);
      }
      if (second === 0x45) return ok({ type: 'bold', on: (n & 1) === 1 }, 3);
      if (second === 0x64) return ok({ type: 'feed', lines: n }, 3);
      return unsupported(name('ESC'), fixed);
    }
    case GS: {
      if (second === 0x28) return parseGsParen(b, pos, end, offset);
      if (second === 0x21) {
        if (!have(3)) return null;
        const n = at(2);
        if (n & 0x88) return badParam(offset, 3, `GS ! ${n}: bits 3 and 7 must be 0`);
        return ok({ type: 'size', width: ((n >> 4) & 7) + 1, height: (n & 7) + 1 }, 3);
      }
      if (second === 0x56) return parseCut(b, pos, end, offset);
      if (second === 0x72) {
        if (!have(3)) return null;
        const n = at(2);
        if (n === 1 || n === 49) return ok({ type: 'transmit-status', n: 1 }, 3);
        if (n === 2 || n === 50) return ok({ type: 'transmit-status', n: 2 }, 3);
        return badParam(offset, 3, `GS r ${n}: n must be 1, 2, 49 or 50`);
      }
      if (second === 0x76) return parseRaster(b, pos, end);
      const fixed = GS_FIXED[second];
      if (fixed === undefined) return ok({ type: 'unknown', byte: first }, 1);
      return have(fixed) ? unsupported(name('GS'), fixed) : null;
    }
    case FS: {
      if (second === 0x26) return ok({ type: 'chinese-mode', on: true }, 2);
      if (second === 0x2e) return ok({ type: 'chinese-mode', on: false }, 2);
      const fixed = FS_FIXED[second];
      if (fixed === undefined) return ok({ type: 'unknown', byte: first }, 1);
      return have(fixed) ? unsupported(name('FS'), fixed) : null;
    }
    case DLE:
      return parseDle(b, pos, end, offset);
    default:
      return ok({ type: 'unknown', byte: first }, 1);
  }
}

function parseCut(b: Uint8Array, pos: number, end: number, offset: number): Step | null {
  if (end - pos < 3) return null;
  const m = b[pos + 2] ?? 0;
  if (m === 0 || m === 48 || m === 1 || m === 49) return ok({ type: 'cut', partial: m === 1 || m === 49 }, 3);
  // Function B/C/D carry a feed amount n; even m (66, 98, 104) are the partial cuts.
  if ([65, 66, 97, 98, 103, 104].includes(m)) return end - pos < 4 ? null : ok({ type: 'cut', partial: m % 2 === 0 }, 4);
  return badParam(offset, 3, `GS V ${m}: unknown cut mode`);
}

function parseRaster(b: Uint8Array, pos: number, end: number): Step | null {
  // GS v 0 m xL xH yL yH d1...dk, k = (xL + xH·256) · (yL + yH·256)
  if (end - pos < 8) return null;
  const at = (i: number): number => b[pos + i] ?? 0;
  if (at(2) !== 0x30) return ok({ type: 'unknown', byte: GS }, 1);
  const length = 8 + (at(4) + at(5) * 256) * (at(6) + at(7) * 256);
  return end - pos < length ? null : unsupported('GS v 0', length);
}

function parseDle(b: Uint8Array, pos: number, end: number, offset: number): Step | null {
  const second = b[pos + 1] ?? 0;
  if (second === 0x04) {
    if (end - pos < 3) return null;
    const n = b[pos + 2] ?? 0;
    if (n === 1 || n === 2 || n === 3 || n === 4) return ok({ type: 'status-request', n }, 3);
    if (n === 7 || n === 8) return end - pos < 4 ? null : unsupported('DLE EOT', 4);
    return badParam(offset, 3, `DLE EOT ${n}: n must be 1..4`);
  }
  if (second === 0x05) return end - pos < 3 ? null : unsupported('DLE ENQ', 3);
  if (second === 0x14) {
    if (end - pos < 3) return null;
    const length = DLE_DC4_LENGTH[b[pos + 2] ?? 0];
    if (length === undefined) return badParam(offset, 3, `DLE DC4 ${b[pos + 2] ?? 0}: unknown function`);
    return end - pos < length ? null : unsupported('DLE DC4', length);
  }
  return ok({ type: 'unknown', byte: DLE }, 1);
}
