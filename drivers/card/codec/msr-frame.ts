// Framing of the generic serial magnetic stripe reader (our documented dialect; most serial
// MSRs use this shape with vendor-specific details):
//
//   STX 0x02 | payload: 1..255 bytes of printable ASCII (0x20..0x7E) | ETX 0x03 | LRC
//   LRC = XOR of every payload byte and the ETX (the STX is not included)
//
// The payload is one swipe as track text ("%B…?;…?"), per-track LRCs stripped; an unreadable
// track is sent as "%E?" / ";E?". The decoder resynchronises on its own: bytes outside a frame
// are counted and reported once per run, an STX inside a frame reports the torn frame and
// starts a new one, and flush() (the driver calls it when the line goes quiet) reports a frame
// still open as truncated, so a torn frame never waits for bytes that will not come.
import { decodeError, type CardDecodeError } from './errors.js';

export const STX = 0x02;
export const ETX = 0x03;
export const MAX_PAYLOAD = 255;

export type MsrFrameItem = { type: 'frame'; payload: Uint8Array } | CardDecodeError;

export function frameLrc(payload: Uint8Array): number {
  let lrc = ETX;
  for (const b of payload) lrc ^= b;
  return lrc;
}

export function encodeMsrFrame(payload: Uint8Array): Uint8Array {
  if (payload.length < 1 || payload.length > MAX_PAYLOAD) throw new RangeError(`an MSR frame carries 1 to ${MAX_PAYLOAD} bytes`);
  const out = new Uint8Array(payload.length + 3);
  out[0] = STX;
  out.set(payload, 1);
  out[payload.length + 1] = ETX;
  out[payload.length + 2] = frameLrc(payload);
  return out;
}

export class MsrFrameDecoder {
  // One fixed buffer, zeroed after every frame: it holds track data.
  private readonly buf = new Uint8Array(MAX_PAYLOAD);
  private len = 0;
  private state: 'hunt' | 'data' | 'lrc' = 'hunt';
  private garbage = 0;

  push(chunk: Uint8Array): MsrFrameItem[] {
    const out: MsrFrameItem[] = [];
    for (const b of chunk) this.step(b, out);
    return out;
  }

  /** The line went quiet: reports a frame left open and any pending garbage. */
  flush(): MsrFrameItem[] {
    const out: MsrFrameItem[] = [];
    if (this.state !== 'hunt') {
      out.push(decodeError('FRAME_TRUNCATED', `the frame stopped after ${this.len} payload bytes`));
      this.reset();
    }
    this.reportGarbage(out);
    return out;
  }

  /** Bytes held while a frame is open. */
  get pendingBytes(): number {
    return this.state === 'hunt' ? 0 : this.len + 1;
  }

  private step(b: number, out: MsrFrameItem[]): void {
    if (this.state === 'hunt') {
      if (b === STX) {
        this.reportGarbage(out);
        this.state = 'data';
      } else {
        this.garbage += 1;
      }
      return;
    }
    if (this.state === 'lrc') {
      const payload = this.buf.subarray(0, this.len);
      if (b === frameLrc(payload)) out.push({ type: 'frame', payload: payload.slice() });
      else out.push(decodeError('FRAME_LRC', `the frame LRC does not match its ${this.len} payload bytes`));
      this.reset();
      return;
    }
    if (b === ETX) {
      if (this.len === 0) {
        out.push(decodeError('FRAME_TRUNCATED', 'an empty frame'));
        this.reset();
      } else {
        this.state = 'lrc';
      }
    } else if (b === STX) {
      out.push(decodeError('FRAME_TORN', `a new frame began after ${this.len} payload bytes of the previous one`));
      this.reset();
      this.state = 'data';
    } else if (b < 0x20 || b > 0x7e) {
      out.push(decodeError('FRAME_GARBAGE', 'a control or non-ASCII byte inside a frame'));
      this.reset();
    } else if (this.len === MAX_PAYLOAD) {
      out.push(decodeError('FRAME_TOO_LONG', `no ETX within ${MAX_PAYLOAD} payload bytes`));
      this.reset();
      this.garbage += 1;
    } else {
      this.buf[this.len++] = b;
    }
  }

  private reportGarbage(out: MsrFrameItem[]): void {
    if (this.garbage === 0) return;
    out.push(decodeError('FRAME_GARBAGE', `${this.garbage} bytes outside any frame were skipped`));
    this.garbage = 0;
  }

  private reset(): void {
    this.buf.fill(0, 0, this.len);
    this.len = 0;
    this.state = 'hunt';
  }
}
