import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeRequest, encodeResponse, SamFrameDecoder, type SamFrameItem } from './frame.js';
import { CMD, samStatus } from './status.js';

const hex = (s: string): Uint8Array => Uint8Array.from(s.trim().split(/\s+/).map((h) => parseInt(h, 16)));
const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
const summary = (items: SamFrameItem[]): string[] => items.map((i) => (i.type === 'frame' ? toHex(i.payload) : i.error.code));

describe('SAM frame', () => {
  it('encodes the published request frames', () => {
    expect(toHex(encodeRequest(...CMD.findCard))).toBe('aa aa aa 96 69 00 03 20 01 22');
    expect(toHex(encodeRequest(...CMD.selectCard))).toBe('aa aa aa 96 69 00 03 20 02 21');
    expect(toHex(encodeRequest(...CMD.readBaseInfo))).toBe('aa aa aa 96 69 00 03 30 01 32');
    expect(toHex(encodeRequest(...CMD.samStatus))).toBe('aa aa aa 96 69 00 03 11 ff ed');
  });

  it('decodes the published responses', () => {
    const d = new SamFrameDecoder();
    const stream = [
      'aa aa aa 96 69 00 08 00 00 9f 00 00 00 00 97', // card found
      'aa aa aa 96 69 00 04 00 00 80 84', // no card
      'aa aa aa 96 69 00 04 00 00 41 45', // read failed
      'aa aa aa 96 69 00 04 00 00 32 36', // the reader did not accept the card
    ].map(hex);
    expect(stream.flatMap((f) => summary(d.push(f)))).toEqual(['00 00 9f 00 00 00 00', '00 00 80', '00 00 41', '00 00 32']);
    expect(toHex(encodeResponse([0, 0, 0x80]))).toBe('aa aa aa 96 69 00 04 00 00 80 84');
    expect(samStatus(0x41)).toEqual({ code: 'READ_FAILED', scope: 'card' });
    expect(samStatus(0x66).scope).toBe('reader');
  });

  it('skips noise, reports a bad checksum and resyncs at the next preamble', () => {
    const d = new SamFrameDecoder();
    const bad = encodeResponse([0, 0, 0x90], Uint8Array.of(1, 2, 3));
    bad[bad.length - 1] = (bad.at(-1) ?? 0) ^ 0xff;
    const items = d.push(Uint8Array.of(0x00, 0xaa, 0x13, ...bad, 0xaa, 0xaa, ...encodeResponse([0, 0, 0x9f], new Uint8Array(4))));
    expect(summary(items)).toEqual(['CHECKSUM', '00 00 9f 00 00 00 00']);
    expect(d.garbageBytes).toBeGreaterThan(0);
    expect(d.pendingBytes).toBe(0);
  });

  it('reports an impossible length and looks for the next preamble', () => {
    const d = new SamFrameDecoder();
    expect(summary(d.push(Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0xff, 0xff, ...encodeResponse([0, 0, 0x80]))))).toEqual(['LENGTH', '00 00 80']);
  });

  it('waits for the rest of a torn frame', () => {
    const d = new SamFrameDecoder();
    const frame = encodeResponse([0, 0, 0x90], new Uint8Array(1284).fill(7));
    expect(d.push(frame.subarray(0, 3))).toEqual([]);
    expect(d.push(frame.subarray(3, 700))).toEqual([]);
    expect(d.pendingBytes).toBe(700);
    const [item] = d.push(frame.subarray(700));
    expect(item?.type === 'frame' && item.payload.length).toBe(1287);
    d.push(frame.subarray(0, 10));
    d.reset();
    expect(d.pendingBytes).toBe(0);
  });

  it('yields the same frames however the stream is chunked, noise included', () => {
    const stream = Uint8Array.of(1, 0xaa, 2, ...encodeResponse([0, 0, 0x9f], new Uint8Array(4)), 0xaa, 0xaa, ...encodeResponse([0, 0, 0x90], new Uint8Array(300).fill(0xaa)), 0x96, 0x69);
    const whole = summary(new SamFrameDecoder().push(stream));
    expect(whole).toHaveLength(2);
    fc.assert(
      fc.property(fc.array(fc.nat(stream.length), { maxLength: 10 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const d = new SamFrameDecoder();
        const got = [0, ...points].flatMap((start, i) => summary(d.push(stream.slice(start, points[i] ?? stream.length))));
        expect(got).toEqual(whole);
      }),
    );
  });

  it('never throws and never holds more than one frame of bytes on random input', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 10 }), (chunks) => {
        const d = new SamFrameDecoder();
        for (const c of chunks) d.push(c);
        expect(d.pendingBytes).toBeLessThanOrEqual(7 + 0x0a00);
      }),
    );
  });
});
