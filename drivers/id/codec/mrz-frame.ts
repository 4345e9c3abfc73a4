// Splits the byte stream of an OCR MRZ scanner into MRZs. Two framings are common:
//  - 'lines': each MRZ line ends in CR, LF or CRLF; the line width (30, 36, 44) says how many
//    lines make the MRZ, so no end marker is needed;
//  - 'stx-etx': STX, the lines separated by CR/LF, ETX. Bytes outside a frame are noise.
// A torn MRZ stays pending until more bytes come; flush() abandons it (the driver calls it
// after a quiet period). Garbage costs at most the line or frame it sits in.
import { failure, type IdDecodeError } from './errors.js';

export type MrzFraming = { kind: 'lines' } | { kind: 'stx-etx'; stx?: number; etx?: number };
export type MrzFrameErrorCode = 'LINE_LENGTH' | 'CHARSET' | 'TRUNCATED' | 'FRAME_OVERFLOW';
export type MrzFrameItem = { type: 'mrz'; lines: string[] } | { type: 'error'; error: IdDecodeError<MrzFrameErrorCode> };

const CR = 0x0d;
const LF = 0x0a;
const MAX_LINE = 64;
const MAX_FRAME = 512;
const LINES_FOR_WIDTH: Record<number, number> = { 30: 3, 36: 2, 44: 2 };

const err = (code: MrzFrameErrorCode, field: string, message: string): MrzFrameItem => ({ type: 'error', error: failure(code, field, message).error });

export class MrzFramer {
  private line: number[] = [];
  private lineBad: 'CHARSET' | 'LINE_LENGTH' | null = null;
  private group: string[] = [];
  private inFrame = false;
  private frame: number[] = [];
  private frameOverflow = false;
  private readonly stx: number;
  private readonly etx: number;

  constructor(private readonly framing: MrzFraming = { kind: 'lines' }) {
    this.stx = framing.kind === 'stx-etx' ? (framing.stx ?? 0x02) : 0x02;
    this.etx = framing.kind === 'stx-etx' ? (framing.etx ?? 0x03) : 0x03;
  }

  push(chunk: Uint8Array): MrzFrameItem[] {
    const out: MrzFrameItem[] = [];
    for (const b of chunk) {
      if (this.framing.kind === 'lines') this.lineByte(b, out);
      else this.frameByte(b, out);
    }
    return out;
  }

  /** True while part of an MRZ is buffered. */
  get pending(): boolean {
    return this.line.length > 0 || this.group.length > 0 || this.inFrame;
  }

  /** Abandons a torn MRZ: TRUNCATED if anything was pending. */
  flush(): MrzFrameItem[] {
    const was = this.pending;
    this.line = [];
    this.lineBad = null;
    this.group = [];
    this.inFrame = false;
    this.frame = [];
    this.frameOverflow = false;
    return was ? [err('TRUNCATED', 'mrz', 'the scanner stopped sending in the middle of an MRZ')] : [];
  }

  private lineByte(b: number, out: MrzFrameItem[]): void {
    if (b === CR || b === LF) return this.endLine(out);
    // STX/ETX and other controls from a scanner set to a framing we did not configure: skip.
    if (b < 0x20) return;
    if (b > 0x7e) this.lineBad = 'CHARSET';
    else if (this.line.length >= MAX_LINE) this.lineBad ??= 'LINE_LENGTH';
    else this.line.push(b);
  }

  private endLine(out: MrzFrameItem[]): void {
    const text = String.fromCharCode(...this.line).trim();
    const bad = this.lineBad;
    this.line = [];
    this.lineBad = null;
    if (!bad && text.length === 0) return;
    const need = LINES_FOR_WIDTH[text.length];
    if (bad || need === undefined) {
      this.group = [];
      out.push(bad === 'CHARSET' ? err('CHARSET', 'line', 'a line holds a non-ASCII byte') : err('LINE_LENGTH', 'line', `a line of ${text.length} characters is not an MRZ line (30, 36 or 44)`));
      return;
    }
    const first = this.group[0];
    if (first !== undefined && first.length !== text.length) {
      // A new MRZ started before the last one was complete: report the torn one, keep the new.
      out.push(err('TRUNCATED', 'mrz', `an MRZ ended after ${this.group.length} line(s)`));
      this.group = [];
    }
    this.group.push(text);
    if (this.group.length === need) {
      out.push({ type: 'mrz', lines: this.group });
      this.group = [];
    }
  }

  private frameByte(b: number, out: MrzFrameItem[]): void {
    if (b === this.stx) {
      if (this.inFrame) out.push(err('TRUNCATED', 'mrz', 'a frame started before the previous one ended'));
      this.inFrame = true;
      this.frame = [];
      this.frameOverflow = false;
      return;
    }
    if (!this.inFrame) return;
    if (b !== this.etx) {
      if (this.frame.length < MAX_FRAME) this.frame.push(b);
      else this.frameOverflow = true;
      return;
    }
    this.inFrame = false;
    if (this.frameOverflow) return void out.push(err('FRAME_OVERFLOW', 'mrz', `a frame exceeded ${MAX_FRAME} bytes`));
    if (this.frame.some((c) => c > 0x7e)) return void out.push(err('CHARSET', 'mrz', 'a frame holds a non-ASCII byte'));
    const lines = String.fromCharCode(...this.frame).split(/[\r\n]+/).map((l) => l.trim()).filter(Boolean);
    out.push({ type: 'mrz', lines });
  }
}

/** How a scanner with this framing sends an MRZ: each line plus CRLF, STX/ETX around if framed. */
export function encodeMrzFrame(lines: readonly string[], framing: MrzFraming = { kind: 'lines' }): Uint8Array {
  const body = [...lines.map((l) => `${l}\r\n`).join('')].map((c) => c.charCodeAt(0) & 0xff);
  if (framing.kind === 'lines') return new Uint8Array(body);
  return new Uint8Array([framing.stx ?? 0x02, ...body, framing.etx ?? 0x03]);
}
