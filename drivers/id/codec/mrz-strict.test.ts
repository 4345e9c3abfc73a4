// ICAO 9303 strictness of the MRZ codec, one rule at a time, with vectors built on the Part 4
// (TD3) and Part 5 (TD1) specimens: names, state and nationality codes, document codes per
// format, sex, unknown dates of birth, and a refusal that names every failed check.
import { describe, expect, it } from 'vitest';
import { checkDigit } from './mrz-check.js';
import { encodeMrz, type MrzInput } from './mrz-encode.js';
import { ICAO_SPECIAL_CODES, isIcaoCode } from './icao-codes.js';
import { decodeMrz, parseMrz, type MrzErrorCode } from './mrz.js';

const now = new Date('2026-01-15T00:00:00Z');
const PASSPORT: MrzInput = { format: 'TD3', documentCode: 'P', issuingState: 'UTO', documentNumber: 'L898902C3', nationality: 'UTO', birth: '740812', sex: 'F', expiry: '120415', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', optionalData: 'ZE184226B' };
const ID_CARD: MrzInput = { ...PASSPORT, format: 'TD1', documentCode: 'I', documentNumber: 'D23145890', optionalData: '' };

const replaceAt = (s: string, i: number, c: string): string => s.slice(0, i) + c.padEnd(1) + s.slice(i + c.length);
/** The issues of a refusal as [code, field] pairs, or 'ok'. */
function issues(lines: string[]): [MrzErrorCode, string][] | 'ok' {
  const r = parseMrz(lines, { now });
  return r.ok ? 'ok' : (r.error.errors ?? []).map((e) => [e.code, e.field]);
}

describe('names hold letters only', () => {
  it('refuses a digit in the surname or in the given names, naming which', () => {
    expect(issues(encodeMrz({ ...PASSPORT, surname: 'ERIKSS0N' }))).toEqual([['NAME', 'surname']]);
    expect(issues(encodeMrz({ ...PASSPORT, givenNames: 'ANNA MAR1A' }))).toEqual([['NAME', 'givenNames']]);
    expect(issues(encodeMrz({ ...ID_CARD, surname: 'ERIKSS0N', givenNames: '4NNA' }))).toEqual([['NAME', 'surname'], ['NAME', 'givenNames']]);
    expect(issues(encodeMrz(PASSPORT))).toBe('ok');
  });
});

describe('issuing state and nationality are ICAO 9303 codes', () => {
  it.each(['UTO', 'D', 'DEU', 'CHN', 'GBD', 'GBN', 'GBO', 'GBP', 'GBS', 'UNO', 'UNA', 'UNK', 'XXA', 'XXB', 'XXC', 'XXX', 'EUE', 'XOM', 'XPO', 'XCC', 'XES', 'XBA', 'XIM', 'XCE', 'XCO', 'XEC', 'XMP', 'XDC', 'RKS'])('accepts %s', (code) => {
    expect(issues(encodeMrz({ ...PASSPORT, issuingState: code, nationality: code }))).toBe('ok');
  });

  it.each(['ZZZ', 'ABC', 'EUR', 'GER', 'UK', 'XXK', 'ANT'])('refuses %s in both fields', (code) => {
    expect(issues(encodeMrz({ ...PASSPORT, issuingState: code, nationality: code }))).toEqual([['ISSUING_STATE', 'issuingState'], ['NATIONALITY', 'nationality']]);
  });

  it('allows fillers only after a short code', () => {
    expect(isIcaoCode('D<<')).toBe(true);
    expect(isIcaoCode('<<D')).toBe(false);
    expect(isIcaoCode('G<B')).toBe(false);
    expect(isIcaoCode('<<<')).toBe(false);
    const lines = encodeMrz(PASSPORT);
    expect(issues([replaceAt(lines[0] ?? '', 2, '<<D'), lines[1] ?? ''])).toEqual([['ISSUING_STATE', 'issuingState']]);
  });

  it('lists every ICAO special code and nothing twice', () => {
    expect(Object.keys(ICAO_SPECIAL_CODES)).toEqual(expect.arrayContaining(['D', 'GBD', 'GBN', 'GBO', 'GBP', 'GBS', 'UNO', 'UNA', 'UNK', 'XXA', 'XXB', 'XXC', 'XXX', 'EUE', 'XOM', 'XPO', 'XCC', 'XES']));
    for (const code of Object.keys(ICAO_SPECIAL_CODES)) expect(isIcaoCode(code.padEnd(3, '<'))).toBe(true);
  });
});

describe('document code allowed for the format', () => {
  it.each<[string, MrzInput, 'ok' | MrzErrorCode]>([
    ['TD3 P<', PASSPORT, 'ok'],
    ['TD3 PO (a second letter at the state’s discretion)', { ...PASSPORT, documentCode: 'PO' }, 'ok'],
    ['TD3 with an ID card code', { ...PASSPORT, documentCode: 'I' }, 'DOCUMENT_CODE'],
    ['TD3 with a digit second', { ...PASSPORT, documentCode: 'P1' }, 'DOCUMENT_CODE'],
    ['TD3 visa', { ...PASSPORT, documentCode: 'V' }, 'DOCUMENT_CODE'],
    ['TD1 I<', ID_CARD, 'ok'],
    ['TD1 A<', { ...ID_CARD, documentCode: 'A' }, 'ok'],
    ['TD1 C<', { ...ID_CARD, documentCode: 'C' }, 'ok'],
    ['TD1 ID', { ...ID_CARD, documentCode: 'ID' }, 'ok'],
    ['TD1 AC (crew member certificate)', { ...ID_CARD, documentCode: 'AC' }, 'ok'],
    ['TD1 with a passport code', { ...ID_CARD, documentCode: 'P' }, 'DOCUMENT_CODE'],
    ['TD1 IV (V never second)', { ...ID_CARD, documentCode: 'IV' }, 'DOCUMENT_CODE'],
    ['TD1 with a digit second', { ...ID_CARD, documentCode: 'I1' }, 'DOCUMENT_CODE'],
    ['TD2 I<', { ...ID_CARD, format: 'TD2' }, 'ok'],
    ['TD2 passport code', { ...ID_CARD, format: 'TD2', documentCode: 'P' }, 'DOCUMENT_CODE'],
    ['TD2 visa', { ...ID_CARD, format: 'TD2', documentCode: 'V' }, 'DOCUMENT_CODE'],
  ])('%s', (_name, input, expected) => {
    const r = issues(encodeMrz(input));
    expect(r === 'ok' ? 'ok' : r[0]?.[0]).toBe(expected);
  });
});

describe('sex', () => {
  it('reads < as unspecified and refuses X, which the MRZ never writes', () => {
    const r = parseMrz(encodeMrz({ ...PASSPORT, sex: '<' }), { now });
    expect(r.ok && r.value.sex).toBe('X');
    const lines = encodeMrz(PASSPORT);
    expect(issues([lines[0] ?? '', replaceAt(lines[1] ?? '', 20, 'X')])).toEqual([['SEX', 'sex']]);
  });
});

describe('unknown date of birth (fillers)', () => {
  it.each<[string, string, string | null, object | undefined, string]>([
    ['whole date unknown', '<<<<<<', null, { year: null, month: null, day: null }, ''],
    ['day unknown', '7408<<', null, { year: 1974, month: 8, day: null }, '1974-08'],
    ['month and day unknown', '74<<<<', null, { year: 1974, month: null, day: null }, '1974'],
    ['a year after this one is last century', '30<<<<', null, { year: 1930, month: null, day: null }, '1930'],
    ['this year, a later month: last century', '2603<<', null, { year: 1926, month: 3, day: null }, '1926-03'],
    ['all known', '740812', '1974-08-12', undefined, '1974-08-12'],
  ])('%s', (_name, birth, birthDate, parts, documentBirth) => {
    for (const format of ['TD1', 'TD2', 'TD3'] as const) {
      const lines = encodeMrz({ ...ID_CARD, format, documentCode: format === 'TD3' ? 'P' : 'I', birth });
      const r = parseMrz(lines, { now });
      if (!r.ok) throw new Error(`${format}: ${r.error.code}`);
      expect(r.value.birthDate).toBe(birthDate);
      expect(r.value.birthDateParts).toEqual(parts);
      const doc = decodeMrz(lines, { now });
      expect(doc.ok && doc.value.birthDate).toBe(documentBirth);
    }
    // The check digit counts each filler as 0.
    expect(checkDigit('<<<<<<')).toBe('0');
  });

  it.each([
    ['a pair half filled', '7<0812'],
    ['month 13 with an unknown day', '7413<<'],
    ['a day the month never has', '74<<32'],
    ['31 April', '<<0431'],
    ['letters', '74AB12'],
  ])('refuses %s', (_name, birth) => {
    expect(issues(encodeMrz({ ...PASSPORT, birth }))).toEqual([['BIRTH_DATE', 'birthDate']]);
  });

  it('accepts 29 February when the year is unknown, not in a year without it', () => {
    expect(issues(encodeMrz({ ...PASSPORT, birth: '<<0229' }))).toBe('ok');
    expect(issues(encodeMrz({ ...PASSPORT, birth: '750229' }))).toEqual([['BIRTH_DATE', 'birthDate']]);
  });

  it('never accepts fillers in the expiry date', () => {
    expect(issues(encodeMrz({ ...PASSPORT, expiry: '<<<<<<' }))).toEqual([['EXPIRY', 'expiryDate']]);
  });
});

describe('a refused MRZ names every failed check', () => {
  it('lists each failure in a fixed order, the first one leading', () => {
    const good = encodeMrz(PASSPORT);
    const line1 = replaceAt(replaceAt(good[0] ?? '', 2, 'ZZZ'), 5, 'ERIKSS0N');
    let line2 = good[1] ?? '';
    line2 = replaceAt(line2, 9, '1'); // document number check digit
    line2 = replaceAt(line2, 10, 'QQQ'); // nationality
    line2 = replaceAt(line2, 19, '9'); // birth date check digit
    line2 = replaceAt(line2, 20, 'X'); // sex
    const r = parseMrz([line1, line2], { now });
    if (r.ok) throw new Error('accepted a corrupt MRZ');
    expect(r.error.errors?.map((e) => [e.code, e.field])).toEqual([
      ['ISSUING_STATE', 'issuingState'],
      ['DOCUMENT_NUMBER_CHECK', 'documentNumber'],
      ['NATIONALITY', 'nationality'],
      ['BIRTH_DATE_CHECK', 'birthDate'],
      ['SEX', 'sex'],
      ['COMPOSITE_CHECK', 'composite'],
      ['NAME', 'surname'],
    ]);
    expect({ code: r.error.code, field: r.error.field, message: r.error.message }).toEqual(r.error.errors?.[0]);
    for (const e of r.error.errors ?? []) expect(e.message).not.toMatch(/L898902C3|ERIKSS|740812|ZZZ|QQQ/);
  });

  it('names every malformed line', () => {
    const good = encodeMrz(ID_CARD);
    expect(issues([good[0] ?? '', (good[1] ?? '').toLowerCase(), (good[2] ?? '').slice(1)])).toEqual([
      ['CHARSET', 'line2'],
      ['LINE_LENGTH', 'line3'],
    ]);
  });
});
