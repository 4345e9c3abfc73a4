// Link layer of our card dispenser dialect, modelled on the serial dispensers of card-issuing
// kiosks (CRT-591 / K720 style). Two kinds of unit travel, in both directions alike:
//
//   a frame:        STX 0x02 | LEN (2 bytes, big-endian: length of BODY) | BODY | ETX 0x03 | BCC
//                   BCC = XOR of every byte from STX to ETX
//   a control byte: ACK 0x06 | NAK 0x15 | ENQ 0x05, alone, between frames
//
// Frames are delimited by their length, not by scanning for ETX, so a control byte or an STX
// inside a body is harmless. The decoder keeps at most one frame's worth of bytes; a frame that
// fails (bad length, no ETX where the length says, bad BCC) is reported and the search
// restarts one byte after its STX, so a frame hidden behind a torn one is still found. Until
// that next STX, bytes are noise even when they look like ACK, NAK or ENQ: a failed frame's
// length or body byte (LEN 00 06, say) must not pass for an acknowledgement.
// flush() (the driver calls it when the line goes quiet) reports a frame left open as
// truncated: a torn frame never waits for bytes that will not come.
//
// Why BCC and not a CRC: the dispensers this dialect copies use it, and bodies are a few ASCII
// bytes; the exchange repeats anything that does not check (see README, "Exchange").
import { decodeError, type DispenserDecodeError } from './errors.js';

export const STX = 0x02;
export const ETX = 0x03;
export const ENQ = 0x05;
export const ACK = 0x06;
export const NAK = 0x15;
/** Longest body; real dispensers' replies are far shorter, a longer length is line noise. */
export const MAX_BODY = 512;
const OVERHEAD = 5;

export type ControlCode = 'ack' | 'nak' | 'enq';
const CONTROL_BYTES: Readonly<Record<ControlCode, number>> = { ack: ACK, nak: NAK, enq: ENQ };

export interface DispenserFrame {
  type: 'frame';
  body: Uint8Array;
}
export interface DispenserControl {
  type: 'control';
  code: ControlCode;
}
export type DispenserLinkItem = DispenserFrame | DispenserControl | DispenserDecodeError;

export function bcc(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let x = 0;
  for (let i = from; i < to; i++) x ^= bytes[i] ?? 0;
  return x;
}

export function encodeControl(code: ControlCode): Uint8Array {
  return Uint8Array.of(CONTROL_BYTES[code]);
}

/** A caller's mistake (an empty or oversized body) is a RangeError, not a frame. */
export function encodeFrame(body: Uint8Array): Uint8Array {
  if (body.length < 1 || body.length > MAX_BODY) throw new RangeError(`a dispenser frame carries 1 to ${MAX_BODY} body bytes`);
  const out = new Uint8Array(body.length + OVERHEAD);
  out[0] = STX;
  out[1] = body.length >> 8;
  out[2] = body.length & 0xff;
  out.set(body, 3);
  out[3 + body.length] = ETX;
  out[4 + body.length] = bcc(out, 0, 4 + body.length);
  return out;
}

const controlOf = (byte: number | undefined): ControlCode | undefined => (byte === ACK ? 'ack' : byte === NAK ? 'nak' : byte === ENQ ? 'enq' : undefined);

export class DispenserLinkDecoder {
  private buf = new Uint8Array(0);
  private garbage = 0;
  /** A frame failed: what comes before the next STX was part of it, not a control byte. */
  private resync = false;

  push(chunk: Uint8Array): DispenserLinkItem[] {
    const next = new Uint8Array(this.buf.length + chunk.length);
    next.set(this.buf);
    next.set(chunk, this.buf.length);
    this.buf = next;
    const out: DispenserLinkItem[] = [];
    this.parse(out);
    return out;
  }

  /** The line went quiet: a frame still open is reported truncated; what follows is re-read. */
  flush(): DispenserLinkItem[] {
    const out: DispenserLinkItem[] = [];
    this.parse(out);
    while (this.buf.length > 0) {
      this.reportGarbage(out);
      out.push(decodeError('FRAME_TRUNCATED', `a frame stopped after ${this.buf.length} bytes`));
      this.buf = this.buf.slice(1);
      this.resync = true;
      this.parse(out);
    }
    this.reportGarbage(out);
    // After silence the next byte starts afresh: an ACK is an ACK again.
    this.resync = false;
    return out;
  }

  /** Bytes held while a frame is open (0 when the decoder waits for an STX or a control byte). */
  get pendingBytes(): number {
    return this.buf.length;
  }

  private parse(out: DispenserLinkItem[]): void {
    for (;;) {
      // Between frames: control bytes are units of their own, anything else but STX is noise.
      let i = 0;
      while (i < this.buf.length && this.buf[i] !== STX) {
        const control = this.resync ? undefined : controlOf(this.buf[i]);
        if (control) {
          this.reportGarbage(out);
          out.push({ type: 'control', code: control });
        } else this.garbage += 1;
        i += 1;
      }
      this.buf = this.buf.slice(i);
      if (this.buf.length === 0) return;
      this.resync = false;
      if (this.buf.length < 3) return;
      const length = ((this.buf[1] ?? 0) << 8) | (this.buf[2] ?? 0);
      if (length < 1 || length > MAX_BODY) {
        this.fail(out, 'FRAME_LENGTH', `a frame declared ${length} body bytes (1 to ${MAX_BODY} allowed)`);
        continue;
      }
      const total = length + OVERHEAD;
      if (this.buf.length < total) return;
      if (this.buf[3 + length] !== ETX) {
        this.fail(out, 'FRAME_ETX', `no ETX after the ${length} bytes the frame declared`);
        continue;
      }
      if (this.buf[4 + length] !== bcc(this.buf, 0, 4 + length)) {
        this.fail(out, 'FRAME_BCC', `the BCC does not match the frame's ${length} bytes`);
        continue;
      }
      this.reportGarbage(out);
      out.push({ type: 'frame', body: this.buf.slice(3, 3 + length) });
      this.buf = this.buf.slice(total);
    }
  }

  private fail(out: DispenserLinkItem[], code: 'FRAME_LENGTH' | 'FRAME_ETX' | 'FRAME_BCC', message: string): void {
    this.reportGarbage(out);
    out.push(decodeError(code, message));
    this.buf = this.buf.slice(1);
    this.resync = true;
  }

  private reportGarbage(out: DispenserLinkItem[]): void {
    if (this.garbage === 0) return;
    out.push(decodeError('FRAME_GARBAGE', `${this.garbage} bytes outside any frame were skipped`));
    this.garbage = 0;
  }
}
