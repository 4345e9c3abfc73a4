import { describe, expect, it } from 'vitest';
import { parseYymmdd } from './dates.js';
import { decodeMrz, parseMrz, type MrzErrorCode } from './mrz.js';
import { checkDigit } from './mrz-check.js';
import { encodeMrz, type MrzInput } from './mrz-encode.js';

const now = new Date('2026-01-15T00:00:00Z');

// ICAO 9303 specimens: Part 4 (TD3), Part 5 (TD1), Part 6 (TD2), and the long document
// number examples of Part 11 Appendix D.2.
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];
const TD1_LONG = ['I<UTOD23145890<7349<<<<<<<<<<<', '3407127M9507122UTO<<<<<<<<<<<2', 'STEVENSON<<PETER<JOHN<<<<<<<<<'];
const TD2_LONG = ['I<UTOSTEVENSON<<PETER<JOHN<<<<<<<<<<', 'D23145890<UTO3407127M95071227349<<<8'];

function errorCode(lines: string[]): MrzErrorCode | 'ok' {
  const r = parseMrz(lines, { now });
  return r.ok ? 'ok' : r.error.code;
}

const replaceAt = (s: string, i: number, c: string): string => s.slice(0, i) + c + s.slice(i + 1);

describe('ICAO 9303 specimens', () => {
  it('decodes the TD3 passport specimen', () => {
    const r = parseMrz(TD3, { now });
    expect(r).toEqual({
      ok: true,
      value: {
        format: 'TD3', documentCode: 'P', issuingState: 'UTO', documentNumber: 'L898902C3', nationality: 'UTO', birthDate: '1974-08-12', sex: 'F',
        expiryDate: '2012-04-15', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', optionalData: 'ZE184226B', optionalData2: '',
      },
    });
    expect(checkDigit('L898902C3')).toBe('6');
  });

  it('decodes the TD1 and TD2 specimens to the same holder', () => {
    for (const lines of [TD1, TD2]) {
      const r = parseMrz(lines, { now });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value).toMatchObject({ documentNumber: 'D23145890', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', birthDate: '1974-08-12', expiryDate: '2012-04-15', sex: 'F' });
    }
    expect(parseMrz(TD1, { now }).ok && parseMrz(TD2, { now }).ok).toBe(true);
  });

  it('joins a document number that overflows into the optional data (TD1 and TD2)', () => {
    for (const lines of [TD1_LONG, TD2_LONG]) {
      const r = parseMrz(lines, { now });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value).toMatchObject({ documentNumber: 'D23145890734', optionalData: '', surname: 'STEVENSON', givenNames: 'PETER JOHN', birthDate: '1934-07-12', expiryDate: '1995-07-12', sex: 'M' });
    }
  });

  it('accepts lines with surrounding whitespace and CR left over from the scanner', () => {
    expect(errorCode(TD3.map((l) => ` ${l}\r`))).toBe('ok');
  });

  it('builds a passport IdDocument whose JSON form is masked', () => {
    const r = decodeMrz(TD3, { now });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({ kind: 'passport', documentNumber: 'L898902C3', nationality: 'UTO', issuer: 'UTO' });
    const json = JSON.stringify(r.value);
    expect(json).not.toContain('L898902C3');
    expect(json).not.toContain('ERIKSSON');
    expect(json).not.toContain('1974-08-12');
    const td1 = decodeMrz(TD1, { now });
    expect(td1.ok && td1.value.kind).toBe('id-card');
  });
});

describe('MRZ errors name the failing field', () => {
  const line2 = TD3[1] ?? '';
  const line1 = TD3[0] ?? '';
  it.each<[string, string[], MrzErrorCode]>([
    ['document number check', [line1, replaceAt(line2, 9, '7')], 'DOCUMENT_NUMBER_CHECK'],
    ['birth date check', [line1, replaceAt(line2, 19, '3')], 'BIRTH_DATE_CHECK'],
    ['expiry check', [line1, replaceAt(line2, 27, '0')], 'EXPIRY_CHECK'],
    ['optional data check', [line1, replaceAt(line2, 42, '2')], 'OPTIONAL_DATA_CHECK'],
    ['composite', [line1, replaceAt(line2, 43, '1')], 'COMPOSITE_CHECK'],
    ['sex', [line1, replaceAt(line2, 20, 'Q')], 'SEX'],
    ['line length', [line1, line2.slice(1)], 'LINE_LENGTH'],
    ['first line length', ['P<UTO'], 'LINE_LENGTH'],
    ['line count', [line1], 'LINE_COUNT'],
    ['charset', [line1.toLowerCase(), line2], 'CHARSET'],
    ['visa code', [replaceAt(line1, 0, 'V'), line2], 'DOCUMENT_CODE'],
    ['TD1 composite', [TD1[0] ?? '', replaceAt(TD1[1] ?? '', 29, '5'), TD1[2] ?? ''], 'COMPOSITE_CHECK'],
    ['TD1 long number check', [replaceAt(TD1_LONG[0] ?? '', 18, '8'), TD1_LONG[1] ?? '', TD1_LONG[2] ?? ''], 'DOCUMENT_NUMBER_CHECK'],
    ['filler check digit without overflow', [replaceAt(TD1[0] ?? '', 14, '<'), TD1[1] ?? '', TD1[2] ?? ''], 'DOCUMENT_NUMBER'],
  ])('%s', (_name, lines, code) => {
    const r = parseMrz(lines, { now });
    expect(r.ok ? 'ok' : r.error.code).toBe(code);
    if (!r.ok) expect(r.error.message).not.toMatch(/L898902C3|ERIKSSON|740812/);
  });

  it('reports an impossible date after its check digit passed', () => {
    const base: MrzInput = { format: 'TD3', documentCode: 'P', issuingState: 'UTO', documentNumber: 'L898902C3', nationality: 'UTO', birth: '741312', sex: 'F', expiry: '120415', surname: 'ERIKSSON', givenNames: 'ANNA' };
    expect(errorCode(encodeMrz(base))).toBe('BIRTH_DATE');
    expect(errorCode(encodeMrz({ ...base, birth: '740812', expiry: '120230' }))).toBe('EXPIRY');
    expect(errorCode(encodeMrz({ ...base, birth: '740812', surname: '' }))).toBe('NAME');
  });
});

describe('century inference', () => {
  it('puts birth dates in the past and expiry dates in the near future', () => {
    expect(parseYymmdd('740812', 'birth', now)).toBe('1974-08-12');
    expect(parseYymmdd('260115', 'birth', now)).toBe('2026-01-15');
    expect(parseYymmdd('260116', 'birth', now)).toBe('1926-01-16');
    expect(parseYymmdd('310101', 'expiry', now)).toBe('2031-01-01');
    expect(parseYymmdd('990101', 'expiry', now)).toBe('1999-01-01');
    expect(parseYymmdd('000229', 'expiry', now)).toBe('2000-02-29');
    expect(parseYymmdd('010229', 'expiry', now)).toBeNull();
  });
});
