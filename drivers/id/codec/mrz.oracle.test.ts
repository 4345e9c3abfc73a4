// Our MRZ verdicts against an independent decoder, the npm package `mrz` (cheminfo), a dev-only
// oracle: published specimens, generated documents, and single-character mutations of them
// (with and without the check digits recomputed, so that both check digits and field rules are
// exercised). Where the two disagree the test demands one of the differences listed in
// DIFFERENCES, each confirmed by looking at the characters; any other disagreement fails.
import fc from 'fast-check';
import { parse as oracleParse, states as oracleStates } from 'mrz';
import { describe, expect, it } from 'vitest';
import { icaoCodes } from './icao-codes.js';
import { checkDigit } from './mrz-check.js';
import { encodeMrz, type MrzInput } from './mrz-encode.js';
import { LAYOUTS, layoutForWidth, take, type MrzLayout, type Span } from './mrz-layout.js';
import { parseMrz, type MrzErrorCode } from './mrz.js';

const now = new Date('2026-01-15T00:00:00Z');

function oracle(lines: string[]): { valid: boolean; invalidFields: string[] } {
  try {
    const r = oracleParse(lines);
    return { valid: r.valid, invalidFields: r.details.filter((d) => !d.valid).map((d) => d.field ?? d.label) };
  } catch {
    // It throws on input it cannot place (line count or length); that is a refusal.
    return { valid: false, invalidFields: ['format'] };
  }
}

function ours(lines: string[]): { valid: boolean; codes: MrzErrorCode[] } {
  const r = parseMrz(lines, { now });
  return r.ok ? { valid: true, codes: [] } : { valid: false, codes: (r.error.errors ?? [r.error]).map((e) => e.code) };
}

// Published specimens: ICAO 9303 Part 4 (TD3), Part 5 (TD1), Part 6 (TD2), long document numbers
// (Part 5 and 6 examples); the German identity card and passport, the Dutch passport and the
// French identity card (2021) specimens their issuers publish.
const SPECIMENS: Record<string, string[]> = {
  icaoTd3: ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'],
  icaoTd1: ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'],
  icaoTd2: ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'],
  icaoTd1Long: ['I<UTOD23145890<7349<<<<<<<<<<<', '3407127M9507122UTO<<<<<<<<<<<2', 'STEVENSON<<PETER<JOHN<<<<<<<<<'],
  icaoTd2Long: ['I<UTOSTEVENSON<<PETER<JOHN<<<<<<<<<<', 'D23145890<UTO3407127M95071227349<<<8'],
  germanId: ['IDD<<T220001293<<<<<<<<<<<<<<<', '6408125<2010315D<<<<<<<<<<<<<4', 'MUSTERMANN<<ERIKA<<<<<<<<<<<<<'],
  germanPassport: ['P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<', 'C01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4'],
  dutchPassport: ['P<NLDDE<BRUIJN<<WILLEKE<LISELOTTE<<<<<<<<<<<', 'SPECI20142NLD6503101F2403096999999990<<<<<84'],
  frenchId: ['IDFRAX4RTBPFW46<<<<<<<<<<<<<<<', '9007138F3002119FRA<<<<<<<<<<<6', 'MARTIN<<MAELYS<GAELLE<MARIE<<<'],
};

const ORACLE_CODES = new Set(Object.keys(oracleStates));
const SHARED_CODES = icaoCodes().filter((c) => ORACLE_CODES.has(c));

const replaceSpan = (lines: readonly string[], span: Span, text: string): string[] =>
  lines.map((l, i) => (i === span.line ? l.slice(0, span.start) + text + l.slice(span.end) : l));

/** Puts `code` in the issuing state and nationality fields (no check digit covers them). */
function withCodes(lines: readonly string[], code: string): string[] {
  const layout = layoutForWidth(lines[0]?.length ?? 0);
  if (!layout) return [...lines];
  return replaceSpan(replaceSpan(lines, layout.state, code.padEnd(3, '<')), layout.nationality, code.padEnd(3, '<'));
}

/** Recomputes every check digit, so that a mutation reaches the field rules. */
function reseal(lines: readonly string[], layout: MrzLayout): string[] {
  let out = [...lines];
  const set = (span: Span | undefined, over: Span): void => {
    if (span) out = replaceSpan(out, span, checkDigit(take(out, over)));
  };
  if (take(out, layout.documentCheck) !== '<') set(layout.documentCheck, layout.documentNumber);
  set(layout.birthCheck, layout.birth);
  set(layout.expiryCheck, layout.expiry);
  if (layout.optionalCheck) set(layout.optionalCheck, layout.optional);
  out = replaceSpan(out, layout.composite, checkDigit(layout.compositeCovers.map((s) => take(out, s)).join('')));
  return out;
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const notACalendarDay = (yymmdd: string): boolean => {
  if (!/^\d{6}$/.test(yymmdd) && !/^(\d\d|<<)(\d\d|<<)(\d\d|<<)$/.test(yymmdd)) return false;
  const [yy, mm, dd] = [yymmdd.slice(0, 2), yymmdd.slice(2, 4), yymmdd.slice(4, 6)];
  if (mm === '<<' || dd === '<<') return false;
  const m = Number(mm);
  const d = Number(dd);
  if (m < 1 || m > 12 || d < 1) return false;
  // Years 00-99 here all map to a leap year when yy % 4 is 0 (2000 included).
  return d > (DAYS[m - 1] ?? 31) || (m === 2 && d === 29 && yy !== '<<' && Number(yy) % 4 !== 0);
};
const halfFilledPair = (s: string): boolean => [0, 2, 4].some((i) => /^(\d<|<\d)$/.test(s.slice(i, i + 2)));

/**
 * The known differences, each with the test that confirms it from the characters alone. The
 * oracle is more lenient in each: it checks neither calendar days nor the filler rules of
 * dates, lets TD1/TD2 codes carry a digit, and its code list differs from ICAO's by a few
 * entries; it accepts an empty document number or primary identifier, a '<' check digit with
 * no document number overflow or after a short number, and a long number's check digit
 * computed with the filler in (ICAO's Part 5 example computes it without). A 36-character first
 * line starting IDFRA or with digits at 31-35 it reads as a French ID card.
 */
const DIFFERENCES: { name: string; applies: (lines: string[], layout: MrzLayout, our: ReturnType<typeof ours>, their: ReturnType<typeof oracle>) => boolean }[] = [
  {
    name: 'the oracle does not check that a date is a calendar day',
    applies: (lines, layout, our, their) =>
      their.valid && our.codes.every((c) => c === 'BIRTH_DATE' || c === 'EXPIRY') &&
      our.codes.every((c) => notACalendarDay(take(lines, c === 'BIRTH_DATE' ? layout.birth : layout.expiry))),
  },
  {
    name: 'the oracle accepts fillers in the expiry date and half-filled date pairs',
    applies: (lines, layout, our, their) =>
      their.valid && our.codes.every((c) => c === 'BIRTH_DATE' || c === 'EXPIRY') &&
      our.codes.every((c) => (c === 'EXPIRY' ? take(lines, layout.expiry).includes('<') : halfFilledPair(take(lines, layout.birth)))),
  },
  {
    name: 'the oracle lets a TD1/TD2 document code carry a digit',
    applies: (lines, layout, our, their) => their.valid && layout.format !== 'TD3' && our.codes.every((c) => c === 'DOCUMENT_CODE') && /\d/.test(take(lines, layout.code)),
  },
  {
    name: 'the code lists differ: the oracle has XXK, ANT, NTZ; ICAO 9303 has XMP (and UTO for specimens)',
    applies: (lines, layout, our, their) => {
      const codes = [take(lines, layout.state), take(lines, layout.nationality)].map((c) => c.replace(/<+$/, ''));
      if (their.valid) return our.codes.every((c) => c === 'ISSUING_STATE' || c === 'NATIONALITY') && codes.some((c) => ['XXK', 'ANT', 'NTZ'].includes(c));
      return our.valid && their.invalidFields.every((f) => f === 'issuingState' || f === 'nationality') && codes.some((c) => c === 'XMP' || c === 'UTO');
    },
  },
  {
    name: 'the oracle accepts a document number that is all fillers',
    applies: (lines, layout, our, their) => their.valid && our.codes.every((c) => c === 'DOCUMENT_NUMBER') && /^<+$/.test(take(lines, layout.documentNumber)),
  },
  {
    name: 'the oracle accepts < in the check digit position after a short number, or with no overflow',
    applies: (lines, layout, our, their) => {
      const overflow = take(lines, layout.optional).split('<')[0] ?? '';
      const shortOrNone = take(lines, layout.documentNumber).includes('<') || overflow.length < 2;
      return their.valid && our.codes.every((c) => c === 'DOCUMENT_NUMBER') && take(lines, layout.documentCheck) === '<' && shortOrNone;
    },
  },
  {
    name: 'the oracle also accepts a long-number check digit computed over the number with its filler',
    applies: (lines, layout, our, their) => {
      const principal = take(lines, layout.documentNumber);
      const overflow = take(lines, layout.optional).split('<')[0] ?? '';
      const withFiller = checkDigit(`${principal}<${overflow.slice(0, -1)}`) === overflow.slice(-1);
      return their.valid && our.codes.every((c) => c === 'DOCUMENT_NUMBER_CHECK' || c === 'COMPOSITE_CHECK') && take(lines, layout.documentCheck) === '<' && withFiller;
    },
  },
  {
    name: 'the oracle accepts a name zone without a primary identifier',
    applies: (lines, layout, our, their) => their.valid && our.codes.every((c) => c === 'NAME') && /^<*$/.test(take(lines, layout.name).split('<<')[0] ?? ''),
  },
  {
    name: 'the oracle reads a TD2 MRZ starting IDFRA, or with digits at 31-35, as a French ID card',
    applies: (lines, layout) => layout.format === 'TD2' && (/\d/.test((lines[0] ?? '').slice(30, 35)) || (lines[0] ?? '').startsWith('IDFRA')),
  },
];

function disagreement(lines: string[]): string | null {
  const layout = layoutForWidth(lines[0]?.length ?? 0);
  const our = ours(lines);
  const their = oracle(lines);
  if (our.valid === their.valid) return null;
  if (layout && DIFFERENCES.some((d) => d.applies(lines, layout, our, their))) return null;
  return `${lines.join('/')}: ours ${our.valid ? 'valid' : our.codes.join(',')}, oracle ${their.valid ? 'valid' : their.invalidFields.join(',')}`;
}

const letters = (min: number, max: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: min, maxLength: max });
const alnum = (min: number, max: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: min, maxLength: max });
const day = 86_400_000;
const yymmdd = (offsetDays: number): string => new Date(now.getTime() + offsetDays * day).toISOString().slice(2, 10).replace(/-/g, '');

const validInput: fc.Arbitrary<MrzInput> = fc
  .record({
    format: fc.constantFrom('TD1', 'TD2', 'TD3') as fc.Arbitrary<MrzInput['format']>,
    second: fc.constantFrom('<', 'D', 'O', 'S'),
    first: fc.constantFrom('A', 'C', 'I'),
    documentNumber: alnum(1, 9),
    issuingState: fc.constantFrom(...SHARED_CODES),
    nationality: fc.constantFrom(...SHARED_CODES),
    birthDays: fc.integer({ min: -99 * 365, max: 0 }),
    birthUnknown: fc.constantFrom('none', 'none', 'none', 'day', 'month-day', 'whole'),
    expiryDays: fc.integer({ min: -49 * 365, max: 49 * 365 }),
    sex: fc.constantFrom('M', 'F', '<') as fc.Arbitrary<MrzInput['sex']>,
    surname: letters(1, 12),
    given: fc.array(letters(1, 6), { maxLength: 2 }),
    optionalData: alnum(0, 6),
  })
  .map((g) => {
    const birth = yymmdd(g.birthDays);
    const known = { none: 6, day: 4, 'month-day': 2, whole: 0 }[g.birthUnknown];
    return {
      format: g.format,
      documentCode: (g.format === 'TD3' ? 'P' : g.first) + g.second,
      issuingState: g.issuingState,
      documentNumber: g.documentNumber,
      nationality: g.nationality,
      birth: birth.slice(0, known).padEnd(6, '<'),
      sex: g.sex,
      expiry: yymmdd(g.expiryDays),
      surname: g.surname,
      givenNames: g.given.join(' '),
      optionalData: g.optionalData,
    };
  });

// Two 36-character lines starting "IDFRA" are, to the oracle, the French identity card of
// 1994–2021 — another layout of the same size, which it parses field by field differently.
// A kiosk in China meets that card as "not a TD2 document" either way; the comparison leaves it out.
const isOldFrenchIdLayout = (lines: readonly string[]): boolean => lines.length === 2 && lines[0]?.length === 36 && lines[0].startsWith('IDFRA');

const MRZ_CHAR = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<<');

describe('MRZ verdicts against the mrz package', () => {
  it.each(Object.entries(SPECIMENS))('specimen %s: both accept it, with any shared state code', (_name, lines) => {
    expect(ours(lines)).toEqual({ valid: true, codes: [] });
    const their = oracle(lines);
    // ICAO's specimens use the made-up state UTO, which the oracle's list lacks.
    if (lines.join('').includes('UTO')) expect(their.invalidFields.every((f) => f === 'issuingState' || f === 'nationality')).toBe(true);
    else expect(their.valid).toBe(true);
    for (const code of ['D', 'GBD', 'XXA', 'UNO', 'EUE', 'CHN']) {
      const swapped = withCodes(lines, code);
      expect([ours(swapped).valid, oracle(swapped).valid]).toEqual([true, true]);
    }
  });

  it('both refuse a code the ICAO list lacks, and a visa', () => {
    for (const lines of Object.values(SPECIMENS)) {
      const bad = withCodes(lines, 'ZZZ');
      expect([ours(bad).valid, oracle(bad).valid]).toEqual([false, false]);
    }
    const icao = SPECIMENS.icaoTd3 ?? [];
    const visa = ['V' + (icao[0] ?? '').slice(1), icao[1] ?? ''];
    expect([ours(visa).valid, oracle(visa).valid]).toEqual([false, false]);
  });

  it('agrees on generated documents, including unknown birth dates', () => {
    fc.assert(
      fc.property(validInput, (input) => {
        const lines = encodeMrz(input);
        fc.pre(!isOldFrenchIdLayout(lines));
        expect({ ours: ours(lines), oracle: oracle(lines).valid }).toEqual({ ours: { valid: true, codes: [] }, oracle: true });
      }),
      { numRuns: 500 },
    );
  }, 60_000);

  it('agrees on single-character mutations, or differs only as DIFFERENCES says', () => {
    const seen = { agreeValid: 0, agreeInvalid: 0, explained: 0 };
    fc.assert(
      fc.property(validInput, fc.nat(), MRZ_CHAR, fc.boolean(), (input, pick, c, resealed) => {
        const lines = encodeMrz(input);
        const layout = LAYOUTS[input.format];
        const line = pick % layout.lines;
        const col = Math.floor(pick / layout.lines) % layout.width;
        let mutated = lines.map((l, i) => (i === line ? l.slice(0, col) + c + l.slice(col + 1) : l));
        if (resealed) mutated = reseal(mutated, layout);
        fc.pre(!isOldFrenchIdLayout(mutated));
        const verdict = disagreement(mutated);
        expect(verdict).toBeNull();
        const same = ours(mutated).valid === oracle(mutated).valid;
        if (!same) seen.explained += 1;
        else if (ours(mutated).valid) seen.agreeValid += 1;
        else seen.agreeInvalid += 1;
      }),
      { numRuns: Number(process.env.ORACLE_RUNS ?? 2500) },
    );
    // The mutations must reach both verdicts, or the comparison proves little. (A run of 100,000
    // found only the listed differences, about 1.4 % of the mutations.)
    expect(seen.agreeInvalid).toBeGreaterThan(500);
    expect(seen.agreeValid).toBeGreaterThan(500);
  }, 120_000);
});
