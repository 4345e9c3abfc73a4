import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc16 } from './crc16.js';
import { isDecodeError } from './errors.js';
import { encodeFrame, ETX, MAX_BODY, PinPadFrameDecoder, STX, type PinPadFrameItem } from './frame.js';

const show = (items: PinPadFrameItem[]): string[] => items.map((i) => (isDecodeError(i) ? `!${i.code}` : `${i.command}:${Buffer.from(i.data).toString('hex')}`));
const frames = fc.array(fc.record({ command: fc.integer({ min: 0, max: 255 }), data: fc.uint8Array({ maxLength: MAX_BODY - 1 }) }), { minLength: 1, maxLength: 6 });

function feed(stream: Uint8Array, cuts: number[]): PinPadFrameItem[] {
  const d = new PinPadFrameDecoder();
  const out: PinPadFrameItem[] = [];
  for (let at = 0, i = 0; at < stream.length; i++) {
    const n = cuts[i % cuts.length] ?? 1;
    out.push(...d.push(stream.subarray(at, at + n)));
    at += n;
  }
  out.push(...d.flush());
  expect(d.pendingBytes).toBe(0);
  return out;
}

describe('PIN pad framing', () => {
  it('uses CRC-16/CCITT-FALSE (check value of "123456789" is 0x29B1)', () => {
    expect(crc16(Uint8Array.from('123456789', (c) => c.charCodeAt(0)))).toBe(0x29b1);
  });

  it('frames as STX LEN CMD DATA ETX CRC, with STX and ETX bytes allowed in the data', () => {
    const f = encodeFrame(0x45, Uint8Array.of(STX, ETX));
    expect([...f.subarray(0, 7)]).toEqual([STX, 0, 3, 0x45, STX, ETX, ETX]);
    expect(show(new PinPadFrameDecoder().push(f))).toEqual(['69:0203']);
  });

  it('decodes the same frames however the stream is split', () => {
    fc.assert(
      fc.property(frames, fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }), (fs, cuts) => {
        const stream = Uint8Array.from(fs.flatMap((f) => [...encodeFrame(f.command, f.data)]));
        expect(show(feed(stream, cuts))).toEqual(fs.map((f) => `${f.command}:${Buffer.from(f.data).toString('hex')}`));
      }),
    );
  });

  it('rejects garbage with typed errors only, never throws, and holds nothing after a flush', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 4 }), (junk, cuts) => {
        const out = feed(junk, cuts);
        // A random run can form a valid frame (a 1 in 2^24 chance per STX); all else is an error.
        for (const item of out) if (!isDecodeError(item)) expect(encodeFrame(item.command, item.data).length).toBeGreaterThan(5);
        if (!junk.includes(STX)) expect(show(out)).toEqual(junk.length > 0 ? ['!FRAME_GARBAGE'] : []);
      }),
    );
  });

  it('finds the good frame behind a torn one, a bad CRC or a wrong length', () => {
    const good = encodeFrame(0x41, Uint8Array.of(0x31));
    const torn = encodeFrame(0x43, Uint8Array.of(1, 2)).subarray(0, 5);
    const badCrc = encodeFrame(0x44, Uint8Array.of(0, 2));
    badCrc[badCrc.length - 1] = (badCrc.at(-1) ?? 0) ^ 0x01;
    const tooLong = Uint8Array.of(STX, 0xff, 0xff);
    for (const [bad, first] of [
      [torn, '!FRAME_ETX'],
      [badCrc, '!FRAME_CRC'],
      [tooLong, '!FRAME_LENGTH'],
    ] as const) {
      const out = show(feed(Uint8Array.from([...bad, ...good]), [3]));
      expect(out[0]).toBe(first);
      expect(out.at(-1)).toBe('65:31');
      expect(out.slice(1, -1).every((s) => s === '!FRAME_GARBAGE' || s.startsWith('!FRAME_'))).toBe(true);
    }
  });

  it('reports a frame cut off by silence as truncated when flushed, not by waiting', () => {
    const d = new PinPadFrameDecoder();
    expect(d.push(encodeFrame(0x43, Uint8Array.of(1, 4)).subarray(0, 6))).toEqual([]);
    expect(d.pendingBytes).toBe(6);
    expect(show(d.flush())).toEqual(['!FRAME_TRUNCATED', '!FRAME_GARBAGE']);
    expect(d.pendingBytes).toBe(0);
  });

  it('refuses to encode more than the frame can carry', () => {
    expect(() => encodeFrame(1, new Uint8Array(MAX_BODY))).toThrow(RangeError);
  });
});
