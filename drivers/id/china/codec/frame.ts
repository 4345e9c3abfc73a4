// The frame of the resident ID card reader's SAM module (公安部 身份证阅读器 SAM 接口, UART):
//   request:  AA AA AA 96 69 | LEN (2, big-endian) | CMD PARA DATA… | CHK
//   response: AA AA AA 96 69 | LEN (2, big-endian) | SW1 SW2 SW3 DATA… | CHK
// LEN counts every byte after itself, checksum included; CHK is the XOR of LEN..DATA.
// The decoder finds frames in any byte stream: noise before a preamble is skipped, a torn
// frame waits for its remaining bytes, a bad length or checksum skips to the next preamble.
import { failure, type IdDecodeError } from '../../codec/errors.js';

export const PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);
/** The longest frame: read text + photo + fingerprint (30 10) is 2314 bytes after LEN. */
export const MAX_LENGTH = 0x0a00;

export type SamFrameErrorCode = 'CHECKSUM' | 'LENGTH';
export type SamFrameItem = { type: 'frame'; payload: Uint8Array } | { type: 'error'; error: IdDecodeError<SamFrameErrorCode> };

export function xor(bytes: Uint8Array): number {
  let x = 0;
  for (const b of bytes) x ^= b;
  return x;
}

/** A whole frame around `payload` (CMD PARA DATA for a request, SW1 SW2 SW3 DATA for a response). */
export function encodeFrame(payload: Uint8Array): Uint8Array {
  const len = payload.length + 1;
  const out = new Uint8Array(PREAMBLE.length + 2 + len);
  out.set(PREAMBLE, 0);
  out[5] = len >> 8;
  out[6] = len & 0xff;
  out.set(payload, 7);
  out[out.length - 1] = xor(out.subarray(5, out.length - 1));
  return out;
}

export function encodeRequest(cmd: number, para: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  return encodeFrame(Uint8Array.of(cmd, para, ...data));
}

export function encodeResponse(sw: readonly [number, number, number], data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const payload = new Uint8Array(3 + data.length);
  payload.set(sw, 0);
  payload.set(data, 3);
  return encodeFrame(payload);
}

export class SamFrameDecoder {
  private buf = new Uint8Array(0);
  /** Bytes dropped as noise so far (for diagnostics). */
  garbageBytes = 0;

  /** `minLength`: 3 for requests (CMD PARA CHK), 4 for responses (SW1-3 CHK). */
  constructor(private readonly minLength = 4) {}

  get pendingBytes(): number {
    return this.buf.length;
  }

  /** Drops buffered bytes, e.g. a late half-answer after a timeout. */
  reset(): void {
    this.buf = new Uint8Array(0);
  }

  push(chunk: Uint8Array): SamFrameItem[] {
    const merged = new Uint8Array(this.buf.length + chunk.length);
    merged.set(this.buf, 0);
    merged.set(chunk, this.buf.length);
    const out: SamFrameItem[] = [];
    let at = 0;
    for (;;) {
      const start = findPreamble(merged, at);
      if (start < 0) {
        // Keep a tail that may be the start of a preamble split across chunks.
        const keep = preamblePrefixAtEnd(merged, at);
        this.garbageBytes += merged.length - at - keep;
        at = merged.length - keep;
        break;
      }
      this.garbageBytes += start - at;
      at = start;
      if (merged.length < start + 7) break;
      const len = ((merged[start + 5] ?? 0) << 8) | (merged[start + 6] ?? 0);
      if (len < this.minLength || len > MAX_LENGTH) {
        out.push({ type: 'error', error: failure('LENGTH', 'length', `frame length ${len} is outside ${this.minLength}..${MAX_LENGTH}`).error });
        at = start + 1;
        continue;
      }
      const end = start + 7 + len;
      if (merged.length < end) break;
      const frame = merged.subarray(start, end);
      if (xor(frame.subarray(5, frame.length - 1)) !== frame[frame.length - 1]) {
        out.push({ type: 'error', error: failure('CHECKSUM', 'checksum', 'frame checksum does not match').error });
        at = start + PREAMBLE.length;
        continue;
      }
      out.push({ type: 'frame', payload: frame.slice(7, frame.length - 1) });
      at = end;
    }
    this.buf = merged.slice(at);
    return out;
  }
}

function findPreamble(buf: Uint8Array, from: number): number {
  outer: for (let i = from; i + PREAMBLE.length <= buf.length; i++) {
    for (let j = 0; j < PREAMBLE.length; j++) if (buf[i + j] !== PREAMBLE[j]) continue outer;
    return i;
  }
  return -1;
}

function preamblePrefixAtEnd(buf: Uint8Array, from: number): number {
  for (let keep = Math.min(PREAMBLE.length - 1, buf.length - from); keep > 0; keep--) {
    let match = true;
    for (let j = 0; j < keep; j++) if (buf[buf.length - keep + j] !== PREAMBLE[j]) match = false;
    if (match) return keep;
  }
  return 0;
}
