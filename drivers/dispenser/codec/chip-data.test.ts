import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeChipData, encodeChipData, type ChipData } from './chip-data.js';
import { isDecodeError } from './errors.js';

const digits = (min: number, max: number): fc.Arbitrary<string> => fc.stringMatching(new RegExp(`^\\d{${min},${max}}$`));
const chip: fc.Arbitrary<ChipData> = fc.record({ pan: digits(12, 19), expiry: digits(4, 4), panSequence: digits(2, 2), serviceCode: digits(3, 3) });

describe('dispenser chip data field', () => {
  it('spells LL PAN YYMM PSN service code', () => {
    expect(encodeChipData({ pan: '6222021000000100015', expiry: '3112', panSequence: '01', serviceCode: '201' })).toBe('196222021000000100015311201201');
    expect(decodeChipData('12411111111111113001220')).toEqual({ pan: '411111111111', expiry: '1130', panSequence: '01', serviceCode: '220' });
  });

  it('round trip: any chip data of the right shape', () => {
    fc.assert(
      fc.property(chip, (c) => {
        expect(decodeChipData(encodeChipData(c))).toEqual(c);
      }),
    );
  });

  it('a torn or padded field is a typed error, never a shorter or longer PAN', () => {
    fc.assert(
      fc.property(chip, fc.nat(), digits(1, 4), (c, cut, extra) => {
        const field = encodeChipData(c);
        const torn = decodeChipData(field.slice(0, cut % field.length));
        const padded = decodeChipData(field + extra);
        for (const r of [torn, padded]) {
          expect(isDecodeError(r)).toBe(true);
          if (isDecodeError(r)) expect(r.code).toBe('BAD_PAYLOAD');
        }
      }),
    );
  });

  it('any string decodes to chip data or BAD_PAYLOAD, never a throw, and the error never repeats the digits', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), digits(0, 40)), (s) => {
        const r = decodeChipData(s);
        if (isDecodeError(r)) {
          expect(r.code).toBe('BAD_PAYLOAD');
          if (s.length >= 4) expect(r.message).not.toContain(s);
        } else expect(encodeChipData(r)).toBe(s);
      }),
    );
  });

  it('refuses to encode a field of the wrong shape', () => {
    const ok: ChipData = { pan: '6222021000000100015', expiry: '3112', panSequence: '01', serviceCode: '201' };
    for (const bad of [{ pan: '12345678901' }, { pan: '62220210000001000150' }, { expiry: '311' }, { panSequence: '1' }, { serviceCode: '2010' }]) {
      expect(() => encodeChipData({ ...ok, ...bad })).toThrow(RangeError);
    }
  });
});
