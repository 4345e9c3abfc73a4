import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDecodeError } from './errors.js';
import { ACK, bcc, DispenserLinkDecoder, encodeControl, encodeFrame, ENQ, ETX, MAX_BODY, NAK, STX, type DispenserLinkItem } from './frame.js';

const show = (items: DispenserLinkItem[]): string[] => items.map((i) => (isDecodeError(i) ? `!${i.code}` : i.type === 'control' ? i.code : Buffer.from(i.body).toString('hex')));

type Unit = { kind: 'frame'; body: Uint8Array } | { kind: 'control'; code: 'ack' | 'nak' | 'enq' };
const units = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('frame' as const), body: fc.uint8Array({ minLength: 1, maxLength: 40 }) }),
    fc.record({ kind: fc.constant('control' as const), code: fc.constantFrom('ack' as const, 'nak' as const, 'enq' as const) }),
  ),
  { minLength: 1, maxLength: 8 },
);
const encodeUnit = (u: Unit): number[] => [...(u.kind === 'frame' ? encodeFrame(u.body) : encodeControl(u.code))];
const showUnit = (u: Unit): string => (u.kind === 'frame' ? Buffer.from(u.body).toString('hex') : u.code);

function feed(stream: Uint8Array, cuts: number[]): DispenserLinkItem[] {
  const d = new DispenserLinkDecoder();
  const out: DispenserLinkItem[] = [];
  for (let at = 0, i = 0; at < stream.length; i++) {
    const n = cuts[i % cuts.length] ?? 1;
    out.push(...d.push(stream.subarray(at, at + n)));
    at += n;
  }
  out.push(...d.flush());
  expect(d.pendingBytes).toBe(0);
  return out;
}

describe('dispenser link framing', () => {
  it('frames a status command as STX 00 03 "C10" ETX BCC, BCC the XOR of STX…ETX', () => {
    const f = encodeFrame(Uint8Array.from('C10', (c) => c.charCodeAt(0)));
    expect([...f]).toEqual([STX, 0x00, 0x03, 0x43, 0x31, 0x30, ETX, STX ^ 0x03 ^ 0x43 ^ 0x31 ^ 0x30 ^ ETX]);
    expect(bcc(f, 0, f.length - 1)).toBe(f.at(-1));
    expect(show(new DispenserLinkDecoder().push(f))).toEqual(['433130']);
  });

  it('control bytes stand alone between frames, and are data inside one', () => {
    expect([...encodeControl('ack'), ...encodeControl('nak'), ...encodeControl('enq')]).toEqual([ACK, NAK, ENQ]);
    const inside = encodeFrame(Uint8Array.of(ACK, NAK, ENQ, STX, ETX));
    expect(show(new DispenserLinkDecoder().push(Uint8Array.from([ACK, ...inside, ENQ])))).toEqual(['ack', '0615050203', 'enq']);
  });

  it('round trip: the same frames and control bytes however the stream is split', () => {
    fc.assert(
      fc.property(units, fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }), (us, cuts) => {
        const stream = Uint8Array.from(us.flatMap(encodeUnit));
        expect(show(feed(stream, cuts))).toEqual(us.map(showUnit));
      }),
    );
  });

  it('random garbage: only typed errors (or a frame or control byte the noise happens to form), never a throw, nothing held after a flush', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 4 }), (junk, cuts) => {
        const out = feed(junk, cuts);
        for (const item of out) {
          if (isDecodeError(item)) expect(item.code).toMatch(/^FRAME_/);
          else if (item.type === 'frame') expect(item.body.length).toBeGreaterThan(0);
          else expect(['ack', 'nak', 'enq']).toContain(item.code);
        }
        if (![STX, ACK, NAK, ENQ].some((b) => junk.includes(b))) expect(show(out)).toEqual(junk.length > 0 ? ['!FRAME_GARBAGE'] : []);
      }),
    );
  });

  it('torn frames: every prefix of a frame, then silence, is reported as typed errors and the next frame still decodes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 30 }).filter((b) => !b.includes(STX)), fc.integer({ min: 1, max: 34 }), (body, keep) => {
        const whole = encodeFrame(body);
        const torn = whole.subarray(0, Math.min(keep, whole.length - 1));
        const d = new DispenserLinkDecoder();
        const first = [...d.push(torn), ...d.flush()];
        expect(first.every((i) => isDecodeError(i) || i.type === 'control')).toBe(true);
        expect(d.pendingBytes).toBe(0);
        expect(show(d.push(whole)).at(-1)).toBe(Buffer.from(body).toString('hex'));
      }),
    );
  });

  it('finds the good frame behind a torn one, a bad BCC or a wrong length', () => {
    const good = encodeFrame(Uint8Array.of(0x50, 0x31, 0x30));
    const torn = encodeFrame(Uint8Array.of(0x50, 0x32, 0x30, 0x31, 0x31, 0x30)).subarray(0, 5);
    const badBcc = encodeFrame(Uint8Array.of(0x4e, 0x32));
    badBcc[badBcc.length - 1] = (badBcc.at(-1) ?? 0) ^ 0x01;
    const tooLong = Uint8Array.of(STX, 0xff, 0xff);
    for (const [bad, first] of [
      [torn, '!FRAME_ETX'],
      [badBcc, '!FRAME_BCC'],
      [tooLong, '!FRAME_LENGTH'],
    ] as const) {
      const out = show(feed(Uint8Array.from([...bad, ...good]), [3]));
      expect(out[0]).toBe(first);
      expect(out.at(-1)).toBe('503130');
      expect(out.slice(1, -1).every((s) => s.startsWith('!FRAME_'))).toBe(true);
    }
  });

  it('reports a frame cut off by silence as truncated when flushed, not by waiting', () => {
    const d = new DispenserLinkDecoder();
    expect(d.push(encodeFrame(Uint8Array.of(0x50, 0x31, 0x30)).subarray(0, 5))).toEqual([]);
    expect(d.pendingBytes).toBe(5);
    expect(show(d.flush())[0]).toBe('!FRAME_TRUNCATED');
    expect(d.pendingBytes).toBe(0);
  });

  it('refuses to encode an empty or oversized body', () => {
    expect(() => encodeFrame(new Uint8Array(0))).toThrow(RangeError);
    expect(() => encodeFrame(new Uint8Array(MAX_BODY + 1))).toThrow(RangeError);
  });
});

describe('dispenser link framing: control bytes near a failed frame', () => {
  it('a torn frame whose length byte is 0x06 does not pass for an ACK; after silence an ACK counts again', () => {
    const d = new DispenserLinkDecoder();
    const torn = encodeFrame(Uint8Array.of(0x50, 0x32, 0x30, 0x31, 0x31, 0x30)).subarray(0, 5); // LEN 00 06
    const items = [...d.push(torn), ...d.flush()];
    expect(show(items)).not.toContain('ack');
    expect(show(d.push(encodeControl('ack')))).toEqual(['ack']);
  });
});
