import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aamvaDeclaredLength, decodeAamva, encodeAamvaFile, parseAamvaFile, type AamvaErrorCode } from './aamva.js';

// The sample of the AAMVA DL/ID Card Design Standard 2020, Annex D (Virginia, IIN 636000,
// AAMVA version 10, jurisdiction version 01), as printed there.
const ANNEX_D =
  '@\n\x1e\rANSI 636000100102DL00410278ZV03190008DLDAQT64235789\nDCSSAMPLE\nDDEN\nDACMICHAEL\nDDFN\nDADJOHN\nDDGN\nDCUJR\nDCAD\nDCBK\nDCDPH\nDBD06062019\nDBB06061986\nDBA12102024\nDBC1\nDAU068 in\nDAYBRO\nDAG2300 WEST BROAD STREET\nDAIRICHMOND\nDAJVA\nDAK232690000  \nDCF2424244747474786102204\nDCGUSA\nDCK123456789\nDDAF\nDDB06062018\nDDC06062020\nDDD1\rZVZVA01\r';

// A Canadian ID card (Ontario IIN 636012) in the 2016 layout (version 08): CCYYMMDD dates.
const ONTARIO = encodeAamvaFile({
  iin: '636012',
  aamvaVersion: 8,
  jurisdictionVersion: 0,
  subfiles: [
    {
      type: 'ID',
      elements: [
        ['DAQ', 'S1234-56789-05512'], ['DCS', 'TREMBLAY'], ['DAC', 'MARIE'], ['DAD', 'NONE'], ['DBD', '20200115'], ['DBB', '19550512'], ['DBA', '20300512'],
        ['DBC', '2'], ['DAG', '100 QUEEN ST W'], ['DAI', 'TORONTO'], ['DAJ', 'ON'], ['DAK', 'M5H 2N2'], ['DCG', 'CAN'], ['DCF', 'AB1234567'],
      ],
    },
  ],
});

function code(text: string): AamvaErrorCode | 'ok' {
  const r = decodeAamva(text);
  return r.ok ? 'ok' : r.error.code;
}

describe('AAMVA bar code', () => {
  it('decodes the Annex D sample', () => {
    const file = parseAamvaFile(ANNEX_D);
    if (!file.ok) throw new Error(file.error.message);
    expect(file.value).toMatchObject({ iin: '636000', aamvaVersion: 10, jurisdictionVersion: 1 });
    expect(file.value.subfiles.map((s) => [s.type, s.elements.size])).toEqual([['DL', 28], ['ZV', 1]]);
    const r = decodeAamva(ANNEX_D);
    if (!r.ok) throw new Error(r.error.message);
    expect({ ...r.value }).toEqual({
      kind: 'drivers-licence',
      documentNumber: 'T64235789',
      surname: 'SAMPLE',
      givenNames: 'MICHAEL JOHN',
      sex: 'M',
      birthDate: '1986-06-06',
      expiryDate: '2024-12-10',
      issueDate: '2019-06-06',
      nationality: 'USA',
      issuer: 'VA',
      address: '2300 WEST BROAD STREET, RICHMOND, VA, 232690000',
    });
    expect(JSON.stringify(r.value)).not.toMatch(/T64235789|SAMPLE|MICHAEL|WEST BROAD/);
  });

  it('reads Canadian dates as CCYYMMDD and drops a NONE middle name', () => {
    const r = decodeAamva(ONTARIO);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({ kind: 'id-card', documentNumber: 'S1234-56789-05512', givenNames: 'MARIE', sex: 'F', birthDate: '1955-05-12', expiryDate: '2030-05-12', nationality: 'CAN', issuer: 'ON' });
  });

  const swap = (s: string, from: string, to: string): string => s.replace(from, to);
  it.each<[string, string, AamvaErrorCode]>([
    ['no compliance indicator', `#${ANNEX_D.slice(1)}`, 'COMPLIANCE_INDICATOR'],
    ['wrong separators', `@\n\n\r${ANNEX_D.slice(4)}`, 'SEPARATORS'],
    ['wrong file type', swap(ANNEX_D, 'ANSI ', 'ANSX '), 'FILE_TYPE'],
    ['IIN not digits', swap(ANNEX_D, '636000', '63600A'), 'IIN'],
    ['no entries', swap(ANNEX_D, '636000100102', '636000100100'), 'ENTRIES'],
    ['offset off by one', swap(ANNEX_D, 'DL00410278', 'DL00420278'), 'SUBFILE_OFFSET'],
    ['bad designator', swap(ANNEX_D, 'DL00410278', 'DL0041027X'), 'SUBFILE_DESIGNATOR'],
    ['length past the end', swap(ANNEX_D, 'ZV03190008', 'ZV03190009'), 'TRUNCATED'],
    ['missing segment terminator', swap(ANNEX_D, 'DL00410278', 'DL00410277'), 'SEGMENT_TERMINATOR'],
    ['torn header', ANNEX_D.slice(0, 15), 'TRUNCATED'],
    ['torn subfile', ANNEX_D.slice(0, 200), 'TRUNCATED'],
    ['no DL or ID subfile', swap(swap(ANNEX_D, 'DL00410278', 'ZZ00410278'), 'DLDAQ', 'ZZDAQ'), 'NO_ID_SUBFILE'],
    ['missing customer number', swap(ANNEX_D, 'DAQT64235789\n', 'DAXT64235789\n'), 'MISSING_ELEMENT'],
    ['impossible birth date', swap(ANNEX_D, 'DBB06061986', 'DBB13061986'), 'DATE'],
    ['bad sex code', swap(ANNEX_D, 'DBC1', 'DBC7'), 'SEX'],
  ])('%s', (_name, text, expected) => {
    const r = decodeAamva(text);
    expect(r.ok ? 'ok' : r.error.code).toBe(expected);
    if (!r.ok) expect(r.error.message).not.toMatch(/T64235789|SAMPLE|MICHAEL/);
  });

  it('tells a framer the total length from the header alone', () => {
    expect(aamvaDeclaredLength(ANNEX_D)).toBe(ANNEX_D.length);
    expect(aamvaDeclaredLength(ANNEX_D.slice(0, 30))).toBe('incomplete');
    expect(aamvaDeclaredLength('@\n')).toBe('incomplete');
    expect(aamvaDeclaredLength('hello world, not a licence')).toBe('invalid');
    expect(aamvaDeclaredLength(ONTARIO)).toBe(ONTARIO.length);
  });

  it('names the failing element', () => {
    const r = decodeAamva(ANNEX_D.replace('DBA12102024', 'DBA12322024'));
    expect(r.ok ? null : [r.error.code, r.error.field]).toEqual(['DATE', 'DBA']);
  });
});

const upper = (min: number, max: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: min, maxLength: max });
const date = fc.date({ min: new Date('1920-01-01'), max: new Date('2060-12-31'), noInvalidDate: true });
const mdy = (d: Date): string => d.toISOString().slice(5, 7) + d.toISOString().slice(8, 10) + d.toISOString().slice(0, 4);

describe('AAMVA properties', () => {
  it('any generated licence round-trips', () => {
    fc.assert(
      fc.property(upper(1, 20), upper(1, 12), fc.stringMatching(/^[A-Z0-9]{4,16}$/), date, date, fc.constantFrom('1', '2', '9'), (surname, first, number, birth, expiry, sex) => {
        const text = encodeAamvaFile({
          iin: '636000', aamvaVersion: 10, jurisdictionVersion: 0,
          subfiles: [{ type: 'DL', elements: [['DAQ', number], ['DCS', surname], ['DAC', first], ['DBB', mdy(birth)], ['DBA', mdy(expiry)], ['DBC', sex], ['DCG', 'USA']] }],
        });
        const r = decodeAamva(text);
        if (!r.ok) throw new Error(r.error.code);
        expect(r.value).toMatchObject({ documentNumber: number, surname, givenNames: first, birthDate: birth.toISOString().slice(0, 10), expiryDate: expiry.toISOString().slice(0, 10), sex: { 1: 'M', 2: 'F', 9: 'X' }[sex] });
      }),
    );
  });

  it('a torn bar code is a typed error, never an exception', () => {
    fc.assert(
      fc.property(fc.nat(ANNEX_D.length - 1), (cut) => {
        expect(code(ANNEX_D.slice(0, cut))).not.toBe('ok');
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (s) => {
        expect(typeof decodeAamva(`@\n\x1e\rANSI ${s}`).ok).toBe('boolean');
      }),
    );
  });
});
