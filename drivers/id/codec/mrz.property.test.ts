// Property tests of the MRZ codec: generated documents round-trip, one-digit errors are
// caught by the 7-3-1 check digits, arbitrary input never throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { icaoCodes } from './icao-codes.js';
import { parseMrz } from './mrz.js';
import { encodeMrz, type MrzInput } from './mrz-encode.js';

const now = new Date('2026-01-15T00:00:00Z');
const replaceAt = (s: string, i: number, c: string): string => s.slice(0, i) + c + s.slice(i + 1);

// Generated documents: dates within the inference windows so they must round-trip exactly.
const day = 86_400_000;
const yymmdd = (d: Date): string => d.toISOString().slice(2, 10).replace(/-/g, '');
const dateIn = (fromDays: number, toDays: number): fc.Arbitrary<Date> => fc.integer({ min: fromDays, max: toDays }).map((n) => new Date(now.getTime() + n * day));
const letters = (min: number, max: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: min, maxLength: max });
const alnum = (min: number, max: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: min, maxLength: max });

const mrzInput: fc.Arbitrary<{ input: MrzInput; birth: Date; expiry: Date }> = fc
  .record({
    format: fc.constantFrom('TD1', 'TD2', 'TD3') as fc.Arbitrary<MrzInput['format']>,
    long: fc.boolean(),
    documentNumber: alnum(1, 9),
    overflow: alnum(1, 3),
    issuingState: fc.constantFrom(...icaoCodes()),
    nationality: fc.constantFrom(...icaoCodes()),
    birth: dateIn(-99 * 365, 0),
    expiry: dateIn(-49 * 365, 49 * 365),
    sex: fc.constantFrom('M', 'F', '<') as fc.Arbitrary<MrzInput['sex']>,
    surname: letters(1, 12),
    given: fc.array(letters(1, 6), { maxLength: 2 }),
    optionalData: alnum(0, 4),
  })
  .map((g) => ({
    // What fits the optional field next to an overflowing number (its digits, check digit, filler).
    optionalRoom: { TD1: 15, TD2: 7, TD3: 14 }[g.format] - (g.long ? g.overflow.length + 2 : 0),
    g,
  }))
  .map(({ optionalRoom, g }) => ({
    birth: g.birth,
    expiry: g.expiry,
    input: {
      format: g.format,
      documentCode: g.format === 'TD3' ? 'P' : 'I',
      issuingState: g.issuingState,
      documentNumber: g.long ? g.documentNumber.padEnd(9, '7') + g.overflow : g.documentNumber,
      nationality: g.nationality,
      birth: yymmdd(g.birth),
      sex: g.sex,
      expiry: yymmdd(g.expiry),
      surname: g.surname,
      givenNames: g.given.join(' '),
      optionalData: g.optionalData.slice(0, Math.max(0, optionalRoom)),
    },
  }));

describe('MRZ properties', () => {
  it('any generated valid MRZ round-trips', () => {
    fc.assert(
      fc.property(mrzInput, ({ input, birth, expiry }) => {
        const r = parseMrz(encodeMrz(input), { now });
        if (!r.ok) throw new Error(`${r.error.code}: ${encodeMrz(input).join('/')}`);
        expect(r.value).toMatchObject({
          format: input.format,
          documentNumber: input.documentNumber,
          birthDate: birth.toISOString().slice(0, 10),
          expiryDate: expiry.toISOString().slice(0, 10),
          sex: input.sex === '<' ? 'X' : input.sex,
          surname: input.surname,
          givenNames: input.givenNames,
          optionalData: input.optionalData,
          nationality: input.nationality,
        });
      }),
    );
  });

  it('flipping any one digit is detected', () => {
    fc.assert(
      fc.property(mrzInput, fc.nat(), fc.integer({ min: 1, max: 9 }), ({ input }, pick, delta) => {
        const lines = encodeMrz(input);
        const digits = lines.flatMap((line, li) => [...line].flatMap((c, ci) => (/\d/.test(c) ? [[li, ci] as const] : [])));
        const [li, ci] = digits[pick % digits.length] ?? [0, 0];
        const line = lines[li] ?? '';
        const flipped = String((Number(line[ci]) + delta) % 10);
        const broken = lines.map((l, i) => (i === li ? replaceAt(l, ci, flipped) : l));
        expect(parseMrz(broken, { now }).ok).toBe(false);
      }),
    );
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 50 }), { maxLength: 4 }), (lines) => {
        const r = parseMrz(lines, { now });
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });
});
