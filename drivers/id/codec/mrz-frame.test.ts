import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MrzFramer, type MrzFrameItem, type MrzFraming } from './mrz-frame.js';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const bytes = (s: string): Uint8Array => new Uint8Array([...s].map((c) => c.charCodeAt(0)));
const summary = (items: MrzFrameItem[]): string[] => items.map((i) => (i.type === 'mrz' ? `mrz:${i.lines.length}x${i.lines[0]?.length}` : i.error.code));

function feed(framing: MrzFraming, chunks: Uint8Array[]): string[] {
  const f = new MrzFramer(framing);
  return summary(chunks.flatMap((c) => f.push(c)));
}

describe('MRZ framing', () => {
  it('groups CR/LF lines by width, with any terminator style', () => {
    expect(feed({ kind: 'lines' }, [bytes(`${TD3.join('\r\n')}\r\n${TD1.join('\r')}\r\n\n`)])).toEqual(['mrz:2x44', 'mrz:3x30']);
  });

  it('drops garbage lines with a typed error and resyncs on the next MRZ', () => {
    const stream = `noise\r\n\xff\xfe${TD3[0]}\r\n${TD3.join('\n')}\n`;
    expect(feed({ kind: 'lines' }, [bytes(stream)])).toEqual(['LINE_LENGTH', 'CHARSET', 'mrz:2x44']);
  });

  it('reports a torn MRZ when a new one starts, and keeps the new one', () => {
    expect(feed({ kind: 'lines' }, [bytes(`${TD1[0]}\r\n${TD3.join('\r\n')}\r\n`)])).toEqual(['TRUNCATED', 'mrz:2x44']);
  });

  it('waits for the rest of a torn MRZ; flush abandons it', () => {
    const f = new MrzFramer();
    expect(f.push(bytes(`${TD3[0]}\r\n${TD3[1]?.slice(0, 10)}`))).toEqual([]);
    expect(f.pending).toBe(true);
    expect(summary(f.flush())).toEqual(['TRUNCATED']);
    expect(f.pending).toBe(false);
    expect(f.flush()).toEqual([]);
  });

  it('reads STX/ETX frames and ignores bytes between frames', () => {
    const framing: MrzFraming = { kind: 'stx-etx' };
    expect(feed(framing, [bytes(`junk\x02${TD3.join('\r')}\r\x03more junk\x02${TD1.join('\r\n')}\x03`)])).toEqual(['mrz:2x44', 'mrz:3x30']);
    expect(feed(framing, [bytes(`\x02${TD3[0]}\x02${TD3.join('\r')}\x03`)])).toEqual(['TRUNCATED', 'mrz:2x44']);
    expect(feed(framing, [bytes(`\x02${'A'.repeat(600)}\x03`)])).toEqual(['FRAME_OVERFLOW']);
  });

  it('gives the same items however the stream is chunked', () => {
    const stream = bytes(`x\r\n${TD3.join('\r\n')}\r\n${TD1.join('\n')}\n`);
    const whole = feed({ kind: 'lines' }, [stream]);
    fc.assert(
      fc.property(fc.array(fc.nat(stream.length), { maxLength: 8 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks = [0, ...points].map((start, i) => stream.slice(start, points[i] ?? stream.length));
        expect(feed({ kind: 'lines' }, chunks)).toEqual(whole);
      }),
    );
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (data, stx) => {
        const f = new MrzFramer(stx ? { kind: 'stx-etx' } : { kind: 'lines' });
        expect(Array.isArray(f.push(data))).toBe(true);
      }),
    );
  });
});
