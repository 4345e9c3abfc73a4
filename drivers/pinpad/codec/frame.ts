// Framing of our encrypting PIN pad dialect, modelled on the serial EPPs of ATMs and kiosks
// (ZT598 / Hyosung style), both directions alike:
//
//   STX 0x02 | LEN (2 bytes, big-endian: command + data) | CMD | DATA | ETX 0x03 | CRC (2 bytes)
//   CRC = CRC-16/CCITT-FALSE over LEN … ETX
//
// The payload is binary (a PIN block may hold 0x02 and 0x03), so frames are delimited by
// their length, not by scanning for ETX. The decoder keeps at most one frame's worth of bytes;
// a frame that fails (bad length, no ETX where the length says, bad CRC) is reported and the
// search restarts one byte after its STX, so a frame hidden behind a torn one is still found.
// flush() (the driver calls it when the line goes quiet) reports a frame left open as
// truncated: a torn frame never waits for bytes that will not come.
import { crc16 } from './crc16.js';
import { decodeError, type PinPadDecodeError } from './errors.js';

export const STX = 0x02;
export const ETX = 0x03;
/** Longest command + data: a key block (load-key, up to 1024 characters) is the largest message. */
export const MAX_BODY = 1025;
const OVERHEAD = 6;

export interface PinPadFrame {
  type: 'frame';
  command: number;
  data: Uint8Array;
}
export type PinPadFrameItem = PinPadFrame | PinPadDecodeError;

export function encodeFrame(command: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const body = data.length + 1;
  if (body > MAX_BODY) throw new RangeError(`a PIN pad frame carries at most ${MAX_BODY - 1} data bytes`);
  const out = new Uint8Array(body + OVERHEAD);
  out[0] = STX;
  out[1] = body >> 8;
  out[2] = body & 0xff;
  out[3] = command & 0xff;
  out.set(data, 4);
  out[4 + data.length] = ETX;
  const crc = crc16(out, 1, 5 + data.length);
  out[5 + data.length] = crc >> 8;
  out[6 + data.length] = crc & 0xff;
  return out;
}

export class PinPadFrameDecoder {
  private buf = new Uint8Array(0);
  private garbage = 0;

  push(chunk: Uint8Array): PinPadFrameItem[] {
    const next = new Uint8Array(this.buf.length + chunk.length);
    next.set(this.buf);
    next.set(chunk, this.buf.length);
    this.wipe();
    this.buf = next;
    const out: PinPadFrameItem[] = [];
    this.parse(out);
    return out;
  }

  /** The line went quiet: a frame still open is reported truncated; what follows is re-read. */
  flush(): PinPadFrameItem[] {
    const out: PinPadFrameItem[] = [];
    this.parse(out);
    while (this.buf.length > 0) {
      out.push(decodeError('FRAME_TRUNCATED', `a frame stopped after ${this.buf.length} bytes`));
      this.drop(1);
      this.parse(out);
    }
    this.reportGarbage(out);
    return out;
  }

  /** Bytes held while a frame is open (0 when the decoder waits for an STX). */
  get pendingBytes(): number {
    return this.buf.length;
  }

  private parse(out: PinPadFrameItem[]): void {
    for (;;) {
      const start = this.buf.indexOf(STX);
      if (start < 0) {
        this.garbage += this.buf.length;
        this.drop(this.buf.length);
        return;
      }
      if (start > 0) {
        this.garbage += start;
        this.drop(start);
      }
      if (this.buf.length < 3) return;
      const body = ((this.buf[1] ?? 0) << 8) | (this.buf[2] ?? 0);
      if (body < 1 || body > MAX_BODY) {
        this.reportGarbage(out);
        out.push(decodeError('FRAME_LENGTH', `a frame declared ${body} bytes (1 to ${MAX_BODY} allowed)`));
        this.drop(1);
        continue;
      }
      const total = body + OVERHEAD;
      if (this.buf.length < total) return;
      this.reportGarbage(out);
      if (this.buf[3 + body] !== ETX) {
        out.push(decodeError('FRAME_ETX', `no ETX after the ${body} bytes the frame declared`));
        this.drop(1);
        continue;
      }
      const crc = ((this.buf[4 + body] ?? 0) << 8) | (this.buf[5 + body] ?? 0);
      if (crc !== crc16(this.buf, 1, 4 + body)) {
        out.push(decodeError('FRAME_CRC', `the CRC does not match the frame's ${body} bytes`));
        this.drop(1);
        continue;
      }
      out.push({ type: 'frame', command: this.buf[3] ?? 0, data: this.buf.slice(4, 3 + body) });
      this.drop(total);
    }
  }

  private reportGarbage(out: PinPadFrameItem[]): void {
    if (this.garbage === 0) return;
    out.push(decodeError('FRAME_GARBAGE', `${this.garbage} bytes outside any frame were skipped`));
    this.garbage = 0;
  }

  // Frames carry PIN blocks: bytes leaving the buffer are zeroed, not just dropped.
  private drop(n: number): void {
    const rest = this.buf.slice(n);
    this.wipe();
    this.buf = rest;
  }

  private wipe(): void {
    this.buf.fill(0);
  }
}
