// Streaming ESC/POS decoder for the simulator and tests. Bytes may arrive split at any
// boundary: a torn command stays buffered until its remaining bytes arrive, so the items
// produced do not depend on how the stream was chunked.
import type { DecodeItem } from './commands.js';
import { parseAt } from './parse.js';

export { renderReceiptText, type RenderOptions } from './render.js';

export interface DecodedFrame {
  item: DecodeItem;
  /** The bytes the item was decoded from (a copy). */
  raw: Uint8Array;
  /** Stream offset of raw[0]. */
  offset: number;
}

export class EscPosDecoder {
  private buf = new Uint8Array(256);
  private start = 0;
  private end = 0;
  /** Stream offset of buf[start]. */
  private offset = 0;

  /** Feeds a chunk; returns every command completed by it. */
  push(chunk: Uint8Array): DecodedFrame[] {
    this.append(chunk);
    return this.drain(false);
  }

  /** The stream ended: flushes pending text; a torn command becomes a TRUNCATED error. */
  finish(): DecodedFrame[] {
    const frames = this.drain(true);
    if (this.end > this.start) {
      frames.push({
        item: { type: 'decode-error', code: 'TRUNCATED', offset: this.offset, message: `stream ended inside a command (${this.end - this.start} bytes)` },
        raw: this.buf.slice(this.start, this.end),
        offset: this.offset,
      });
      this.offset += this.end - this.start;
      this.start = this.end = 0;
    }
    return frames;
  }

  /** Bytes held back waiting for the rest of a command. */
  get pendingBytes(): number {
    return this.end - this.start;
  }

  private drain(final: boolean): DecodedFrame[] {
    const frames: DecodedFrame[] = [];
    while (this.start < this.end) {
      const step = parseAt(this.buf, this.start, this.end, this.offset, final);
      if (!step) break;
      frames.push({ item: step.item, raw: this.buf.slice(this.start, this.start + step.length), offset: this.offset });
      this.start += step.length;
      this.offset += step.length;
    }
    if (this.start === this.end) this.start = this.end = 0;
    return frames;
  }

  private append(chunk: Uint8Array): void {
    const used = this.end - this.start;
    if (this.end + chunk.length > this.buf.length) {
      if (used + chunk.length <= this.buf.length) {
        // Enough room once the consumed prefix is dropped.
        this.buf.copyWithin(0, this.start, this.end);
      } else {
        const next = new Uint8Array((used + chunk.length) * 2);
        next.set(this.buf.subarray(this.start, this.end), 0);
        this.buf = next;
      }
      this.start = 0;
      this.end = used;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }
}

/** Decodes a complete byte stream. */
export function decodeAll(bytes: Uint8Array): DecodeItem[] {
  const decoder = new EscPosDecoder();
  return [...decoder.push(bytes), ...decoder.finish()].map((f) => f.item);
}
