import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDecodeError } from './errors.js';
import { encodeMsrFrame, ETX, MsrFrameDecoder, STX, type MsrFrameItem } from './msr-frame.js';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (items: MsrFrameItem[]): string[] => items.map((i) => (isDecodeError(i) ? `!${i.code}` : String.fromCharCode(...i.payload)));
const SWIPE = '%B4111111111111111^DOE/JOHN^2512101?;4111111111111111=2512101?';

describe('serial MSR framing', () => {
  it('frames a swipe as STX payload ETX LRC', () => {
    const frame = encodeMsrFrame(ascii('AB'));
    expect([...frame]).toEqual([STX, 0x41, 0x42, ETX, 0x41 ^ 0x42 ^ ETX]);
    expect(text(new MsrFrameDecoder().push(frame))).toEqual(['AB']);
  });

  it('yields the same frames however the stream is chunked', () => {
    const payloads = fc.array(fc.stringMatching(/^[ -~]{1,60}$/), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(payloads, fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1 }), (ps, cuts) => {
        const stream = ps.flatMap((p) => [...encodeMsrFrame(ascii(p))]);
        const d = new MsrFrameDecoder();
        const out: MsrFrameItem[] = [];
        for (let at = 0, i = 0; at < stream.length; i++) {
          const n = cuts[i % cuts.length] ?? 1;
          out.push(...d.push(Uint8Array.from(stream.slice(at, at + n))));
          at += n;
        }
        out.push(...d.flush());
        expect(text(out)).toEqual(ps);
      }),
    );
  });

  it('skips garbage between frames, reporting it once per run without its content', () => {
    const d = new MsrFrameDecoder();
    const out = d.push(new Uint8Array([0xff, 0x13, 0x41, ...encodeMsrFrame(ascii(SWIPE)), 0x00, 0x00]));
    out.push(...d.flush());
    expect(text(out)).toEqual(['!FRAME_GARBAGE', SWIPE, '!FRAME_GARBAGE']);
    expect(JSON.stringify(out.filter(isDecodeError))).not.toContain('4111');
  });

  it('reports a torn frame and resynchronises on the next STX', () => {
    const good = encodeMsrFrame(ascii(SWIPE));
    const d = new MsrFrameDecoder();
    expect(text(d.push(new Uint8Array([...good.subarray(0, 20), ...good])))).toEqual(['!FRAME_TORN', SWIPE]);
  });

  it('never waits for the rest of a torn frame: flush reports it truncated', () => {
    const d = new MsrFrameDecoder();
    expect(d.push(encodeMsrFrame(ascii(SWIPE)).subarray(0, 30))).toEqual([]);
    expect(d.pendingBytes).toBe(30);
    expect(text(d.flush())).toEqual(['!FRAME_TRUNCATED']);
    expect(d.pendingBytes).toBe(0);
    expect(text(d.push(encodeMsrFrame(ascii('X'))))).toEqual(['X']);
  });

  it('rejects a bad LRC, a control byte inside a frame, an empty and an overlong frame', () => {
    const bad = encodeMsrFrame(ascii(SWIPE));
    bad[bad.length - 1] = (bad.at(-1) ?? 0) ^ 0xff;
    expect(text(new MsrFrameDecoder().push(bad))).toEqual(['!FRAME_LRC']);
    expect(text(new MsrFrameDecoder().push(new Uint8Array([STX, 0x41, 0x0a, 0x42, ETX, 0])))).toEqual(['!FRAME_GARBAGE']);
    expect(text(new MsrFrameDecoder().push(new Uint8Array([STX, ETX])))).toEqual(['!FRAME_TRUNCATED']);
    const long = new MsrFrameDecoder();
    expect(text(long.push(new Uint8Array([STX, ...new Uint8Array(300).fill(0x41)])))).toEqual(['!FRAME_TOO_LONG']);
    expect(text(long.flush())).toEqual(['!FRAME_GARBAGE']);
    expect(() => encodeMsrFrame(new Uint8Array(0))).toThrow(RangeError);
  });

  it('never throws on random bytes, and every byte ends up in a frame or an error', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 8 }), (chunks) => {
        const d = new MsrFrameDecoder();
        for (const c of chunks) d.push(c);
        d.flush();
        expect(d.pendingBytes).toBe(0);
      }),
    );
  });
});
