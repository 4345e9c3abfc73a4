// Keyboard-wedge magnetic stripe readers type the swipe as key presses. A swipe is told from a
// person typing by rhythm: a reader "types" a burst starting with a start sentinel ('%' or ';')
// with a few milliseconds between keys; people need 50 ms or more per key even when fast.
// Keys that may start a swipe are held back until the burst is decided (at most maxGapMs after
// the last key), then released as a swipe or passed through untouched as typing.
// Pure: the caller supplies events and calls flush() when maxGapMs passed without a key.
export interface KeyEvent {
  /** KeyboardEvent.key: one character, or a name such as 'Enter' or 'Shift'. */
  key: string;
  /** Milliseconds, any monotonic origin (KeyboardEvent.timeStamp). */
  timeStamp: number;
}

export type WedgeOutput = { type: 'swipe'; data: Uint8Array } | { type: 'typing'; events: KeyEvent[] };

export interface WedgeOptions {
  /** Fewest characters a burst needs to be a swipe (default 12; a track 2 has at least 20). */
  minChars?: number;
  /** Longest gap between keys inside a swipe (default 30 ms). */
  maxGapMs?: number;
  /** A burst is cut here so a stuck key cannot grow the buffer (default 256). */
  maxChars?: number;
}

const isStart = (key: string): boolean => key === '%' || key === ';';
// A wedge presses Shift before '%', '^', '?' and capitals, so a held modifier may open a swipe.
const isModifier = (key: string): boolean => key === 'Shift' || key === 'CapsLock' || key === 'Control' || key === 'Alt';

export class WedgeDetector {
  private readonly minChars: number;
  private readonly maxGapMs: number;
  private readonly maxChars: number;
  private events: KeyEvent[] = [];
  private chars: number[] = [];
  private lastTs = 0;

  constructor(opts: WedgeOptions = {}) {
    this.minChars = opts.minChars ?? 12;
    this.maxGapMs = opts.maxGapMs ?? 30;
    this.maxChars = opts.maxChars ?? 256;
  }

  /** True while keys are held back; the caller should flush() maxGapMs after the last push. */
  get pending(): boolean {
    return this.events.length > 0 || this.chars.length > 0;
  }

  get gapMs(): number {
    return this.maxGapMs;
  }

  push(e: KeyEvent): WedgeOutput[] {
    const out: WedgeOutput[] = [];
    if (this.pending && e.timeStamp - this.lastTs > this.maxGapMs) out.push(...this.resolve());
    this.lastTs = e.timeStamp;
    if (this.chars.length === 0) {
      if (isModifier(e.key)) {
        this.events.push(e);
        return out;
      }
      if (!isStart(e.key)) {
        const events = [...this.events, e];
        this.events = [];
        out.push({ type: 'typing', events });
        return out;
      }
    }
    // Past maxChars the burst is still consumed (it is no typing) but no longer stored.
    if (this.chars.length >= this.maxChars) return out;
    this.events.push(e);
    // Enter separates tracks on most wedges; other named keys (Shift) carry no character.
    if (e.key.length === 1) this.chars.push(e.key.charCodeAt(0) & 0xff);
    else if (e.key === 'Enter') this.chars.push(0x0d);
    return out;
  }

  /** Decides the held-back burst: the caller saw no key for maxGapMs. */
  flush(): WedgeOutput[] {
    return this.resolve();
  }

  private resolve(): WedgeOutput[] {
    if (!this.pending) return [];
    const events = this.events;
    const data = Uint8Array.from(this.chars);
    // The held characters may be track data: clear them whatever the verdict.
    this.chars.fill(0);
    this.chars = [];
    this.events = [];
    if (data.length >= this.minChars) return [{ type: 'swipe', data }];
    data.fill(0);
    return [{ type: 'typing', events }];
  }
}
