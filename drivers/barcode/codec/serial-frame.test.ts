import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeAamvaFile } from '../../id/codec/aamva.js';
import { symbologyFromAim } from './aim.js';
import { BarcodeFramer, encodeSerialScan, type BarcodeFrameItem, type BarcodeFraming } from './serial-frame.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const summary = (items: BarcodeFrameItem[]): string[] => items.map((i) => (i.type === 'scan' ? `${i.aim ?? ''}|${text(i.bytes)}` : i.error.code));
const feed = (framing: BarcodeFraming, chunks: Uint8Array[]): string[] => {
  const f = new BarcodeFramer(framing);
  return chunks.flatMap((c) => summary(f.push(c)));
};

const EMVCO = '00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A';
const TICKET = 'BKT:0190c2a4-7b3e-7c1a-9d2f-3e4b5c6d7e8f';
const LICENCE = encodeAamvaFile({ iin: '636000', aamvaVersion: 10, jurisdictionVersion: 0, subfiles: [{ type: 'DL', elements: [['DAQ', 'T1'], ['DCS', 'DOE']] }, { type: 'ZV', elements: [['ZVA', '01']] }] });

describe('serial barcode framing', () => {
  it.each<[BarcodeFraming['suffix'], string]>([['CR', '\r'], ['LF', '\n'], ['CRLF', '\r\n'], ['TAB', '\t']])('splits scans on %s', (suffix, end) => {
    expect(feed({ suffix }, [utf8(`${TICKET}${end}二维码 中文${end}`)])).toEqual([`|${TICKET}`, '|二维码 中文']);
  });

  it('strips a prefix and an AIM identifier, and reports a missing prefix', () => {
    const framing: BarcodeFraming = { suffix: 'CRLF', prefix: '\x02', aim: true };
    expect(feed(framing, [encodeSerialScan(utf8(EMVCO), framing, ']Q1'), utf8('no prefix\r\n'), encodeSerialScan(utf8('12345'), framing)])).toEqual([`]Q1|${EMVCO}`, 'PREFIX', '|12345']);
    expect([symbologyFromAim(']Q1'), symbologyFromAim(']C1'), symbologyFromAim(']E0'), symbologyFromAim(']L2'), symbologyFromAim('Q1')]).toEqual(['qr', 'gs1-128', 'ean-upc', 'pdf417', undefined]);
  });

  it('finds the end of an AAMVA licence by its declared length although it contains the suffix', () => {
    for (const suffix of ['CR', 'LF', 'CRLF'] as const) {
      const framing: BarcodeFraming = { suffix, aim: true };
      const stream = [encodeSerialScan(utf8(LICENCE), framing, ']L2'), encodeSerialScan(utf8('next'), framing)];
      expect(feed(framing, stream)).toEqual([`]L2|${LICENCE}`, '|next']);
    }
  });

  it('waits for a torn scan, drops an overlong one and resyncs at the next suffix', () => {
    const f = new BarcodeFramer({ suffix: 'CR', maxLength: 10 });
    expect(f.push(utf8('12345'))).toEqual([]);
    expect(f.pending).toBe(true);
    expect(summary(f.flush())).toEqual(['TRUNCATED']);
    expect(summary(f.push(utf8('x'.repeat(30))))).toEqual(['OVERFLOW']);
    expect(summary(f.push(utf8('yyyy\rok\r')))).toEqual(['|ok']);
  });

  it('gives the same scans however the stream is chunked', () => {
    const framing: BarcodeFraming = { suffix: 'CRLF', aim: true };
    const stream = Uint8Array.from([...encodeSerialScan(utf8(TICKET), framing, ']Q1'), ...encodeSerialScan(utf8(LICENCE), framing, ']L2'), ...encodeSerialScan(utf8('6901234567892'), framing, ']E0')]);
    const whole = feed(framing, [stream]);
    expect(whole).toHaveLength(3);
    fc.assert(
      fc.property(fc.array(fc.nat(stream.length), { maxLength: 8 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        expect(feed(framing, [0, ...points].map((s, i) => stream.slice(s, points[i] ?? stream.length)))).toEqual(whole);
      }),
    );
  });
});
