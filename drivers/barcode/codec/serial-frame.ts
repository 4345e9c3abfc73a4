// Splits a serial barcode scanner's stream into scans: [prefix][AIM id]data suffix, the
// suffix being CR, LF, CRLF or TAB as configured in the scanner. AAMVA licence bar codes
// contain CR and LF themselves, so for them the end is taken from the AAMVA header's declared
// length and the suffix is looked for only after it. A torn scan waits for more bytes
// (flush() gives it up); an overlong one is dropped up to the next suffix.
import { aamvaDeclaredLength, AAMVA_PREFIX } from '../../id/codec/aamva.js';
import { failure, type IdDecodeError } from '../../id/codec/errors.js';
import { isAimId } from './aim.js';

export type BarcodeSuffix = 'CR' | 'LF' | 'CRLF' | 'TAB';

export interface BarcodeFraming {
  suffix: BarcodeSuffix;
  /** A fixed prefix the scanner is set to send (e.g. 'STX' as '\u0002'); checked and removed. */
  prefix?: string;
  /** The scanner sends an AIM symbology identifier in front of the data. */
  aim?: boolean;
  /** Longest scan accepted (default 8192 bytes). */
  maxLength?: number;
}

export type BarcodeFrameErrorCode = 'PREFIX' | 'OVERFLOW' | 'TRUNCATED';
export type BarcodeFrameItem = { type: 'scan'; bytes: Uint8Array; aim?: string } | { type: 'error'; error: IdDecodeError<BarcodeFrameErrorCode> };

const SUFFIX_BYTES: Record<BarcodeSuffix, number[]> = { CR: [0x0d], LF: [0x0a], CRLF: [0x0d, 0x0a], TAB: [0x09] };
const latin1 = (b: Uint8Array): string => String.fromCharCode(...b);

export function encodeSerialScan(data: Uint8Array, framing: BarcodeFraming, aim?: string): Uint8Array {
  const head = [...(framing.prefix ?? ''), ...(framing.aim && aim ? aim : '')].map((c) => c.charCodeAt(0) & 0xff);
  return new Uint8Array([...head, ...data, ...SUFFIX_BYTES[framing.suffix]]);
}

export class BarcodeFramer {
  private buf: number[] = [];
  private discarding = false;
  private readonly suffix: number[];
  private readonly max: number;
  private readonly prefix: number[];

  constructor(private readonly framing: BarcodeFraming) {
    this.suffix = SUFFIX_BYTES[framing.suffix];
    this.max = framing.maxLength ?? 8192;
    this.prefix = [...(framing.prefix ?? '')].map((c) => c.charCodeAt(0) & 0xff);
  }

  get pending(): boolean {
    return this.buf.length > 0 && !this.discarding;
  }

  push(chunk: Uint8Array): BarcodeFrameItem[] {
    const out: BarcodeFrameItem[] = [];
    for (const b of chunk) this.buf.push(b);
    for (;;) {
      const end = this.findEnd();
      if (end === null) break;
      const frame = Uint8Array.from(this.buf.slice(0, end));
      this.buf = this.buf.slice(end + this.suffix.length);
      if (this.discarding) this.discarding = false;
      else out.push(this.toItem(frame));
    }
    if (!this.discarding && this.buf.length > this.max + this.prefix.length + 3) {
      out.push({ type: 'error', error: failure('OVERFLOW', 'scan', `a scan exceeded ${this.max} bytes`).error });
      this.discarding = true;
    }
    if (this.discarding) {
      // Keep only what could be the start of a suffix split across chunks.
      const keep = this.suffix.length - 1;
      this.buf = keep > 0 ? this.buf.slice(-keep) : [];
    }
    return out;
  }

  flush(): BarcodeFrameItem[] {
    const was = this.pending;
    this.buf = [];
    this.discarding = false;
    return was ? [{ type: 'error', error: failure('TRUNCATED', 'scan', 'the scanner stopped sending before the suffix').error }] : [];
  }

  /** Index where the suffix starts, or null when the scan is not complete yet. */
  private findEnd(): number | null {
    let from = 0;
    if (!this.discarding) {
      const dataStart = this.dataStart();
      const head = latin1(Uint8Array.from(this.buf.slice(dataStart, dataStart + AAMVA_PREFIX.length)));
      if (head.length > 0 && AAMVA_PREFIX.startsWith(head)) {
        const declared = aamvaDeclaredLength(latin1(Uint8Array.from(this.buf.slice(dataStart, dataStart + 21 + 10 * 99))));
        if (declared === 'incomplete' || (head.length < AAMVA_PREFIX.length && declared !== 'invalid')) return null;
        if (typeof declared === 'number') from = dataStart + declared;
      }
    }
    outer: for (let i = from; i + this.suffix.length <= this.buf.length; i++) {
      for (let j = 0; j < this.suffix.length; j++) if (this.buf[i + j] !== this.suffix[j]) continue outer;
      return i;
    }
    return null;
  }

  private dataStart(): number {
    const afterPrefix = this.startsWithPrefix() ? this.prefix.length : 0;
    const aim = latin1(Uint8Array.from(this.buf.slice(afterPrefix, afterPrefix + 3)));
    return this.framing.aim && isAimId(aim) ? afterPrefix + 3 : afterPrefix;
  }

  private startsWithPrefix(): boolean {
    return this.prefix.length > 0 && this.prefix.every((b, i) => this.buf[i] === b);
  }

  private toItem(frame: Uint8Array): BarcodeFrameItem {
    let at = 0;
    if (this.prefix.length > 0) {
      if (!this.prefix.every((b, i) => frame[i] === b)) return { type: 'error', error: failure('PREFIX', 'prefix', 'a scan did not start with the configured prefix').error };
      at = this.prefix.length;
    }
    const aim = latin1(frame.subarray(at, at + 3));
    if (this.framing.aim && isAimId(aim)) return { type: 'scan', bytes: frame.slice(at + 3), aim };
    return { type: 'scan', bytes: frame.slice(at) };
  }
}
