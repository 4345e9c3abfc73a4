import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBaseInfo, decodeText, encodeBaseInfo, encodeText, type CnIdText } from './base-info.js';
import { idCheckChar } from './id-number.js';
import { SAMPLE_CARD } from '../sim/sample-card.js';

const code = (t: Partial<CnIdText>): string => {
  const r = decodeBaseInfo(encodeBaseInfo({ ...SAMPLE_CARD, ...t }));
  return r.ok ? 'ok' : r.error.code;
};

describe('read base info (30 01) data', () => {
  it('lays the text out as UCS-2LE in fixed widths', () => {
    const block = encodeText(SAMPLE_CARD);
    expect(block.length).toBe(256);
    // 测 is U+6D4B: little-endian 4B 6D; the name field is 15 characters, so sex '2' sits at byte 30.
    expect([block[0], block[1], block[30], block[31]]).toEqual([0x4b, 0x6d, 0x32, 0x00]);
    expect(decodeText(block)).toEqual(SAMPLE_CARD);
  });

  it('decodes a card with a long-term validity and keeps the photo bytes', () => {
    const photo = new Uint8Array(1024).map((_, i) => i & 0xff);
    const r = decodeBaseInfo(encodeBaseInfo(SAMPLE_CARD, photo));
    if (!r.ok) throw new Error(r.error.code);
    expect({ ...r.value, photo: r.value.photo?.length }).toEqual({
      kind: 'cn-resident-id', documentNumber: '11010519491231002X', surname: '测试员', givenNames: '', sex: 'F', birthDate: '1949-12-31', expiryDate: null,
      nationality: 'CHN', issuer: '北京市公安局朝阳分局', issueDate: '2020-01-01', address: '北京市朝阳区测试路1号', nation: '汉', photo: 1024,
    });
    expect(r.value.photo?.[5]).toBe(5);
    const json = JSON.stringify(r.value);
    expect(json).toContain('1101**********002X');
    expect(json).not.toMatch(/11010519491231002X|测试员|测试路|1949-12-31/);
  });

  it.each<[string, Partial<CnIdText>, string]>([
    ['ok with a dated expiry', { validTo: '20400101' }, 'ok'],
    ['check digit', { idNumber: '110105194912310021' }, 'ID_CHECK_DIGIT'],
    ['region', { idNumber: `99010519491231002${idCheckChar('99010519491231002')}` }, 'REGION'],
    ['birth mismatch', { birth: '19491230' }, 'BIRTH_MISMATCH'],
    ['sex mismatch', { sex: '1' }, 'SEX_MISMATCH'],
    ['unstated sex is not a mismatch', { sex: '9' }, 'ok'],
    ['bad sex code', { sex: '5' }, 'SEX'],
    ['unknown nation', { nation: '77' }, 'NATION'],
    ['impossible birth date', { birth: '19490231' }, 'BIRTH_DATE'],
    ['empty name', { name: '' }, 'NAME'],
    ['bad validity end', { validTo: '2040013' }, 'VALIDITY'],
    ['bad validity start', { validFrom: '20201301' }, 'VALIDITY'],
    ['permanent residence card', { cardType: 'I' }, 'UNSUPPORTED_CARD'],
    ['short ID number', { idNumber: '1101051949123100' }, 'ID_FORMAT'],
  ])('%s', (_name, change, expected) => {
    expect(code(change)).toBe(expected);
  });

  it('refuses a birth date in the future of the injected clock, whatever the time zone', () => {
    // A card for someone born 2030-06-01: the ID number and the birth field agree.
    const first17 = '11010520300601002';
    const card = encodeBaseInfo({ ...SAMPLE_CARD, birth: '20300601', idNumber: first17 + idCheckChar(first17) });
    const at = (iso: string): string => {
      const r = decodeBaseInfo(card, { now: new Date(iso) });
      return r.ok ? 'ok' : `${r.error.code}:${r.error.field}`;
    };
    expect(at('2030-05-31T00:00:00Z')).toBe('BIRTH_IN_FUTURE:birthDate');
    // Already 1 June in Beijing (UTC+8) while still 31 May in UTC: not refused.
    expect(at('2030-05-31T17:00:00Z')).toBe('ok');
    expect(at('2030-06-01T00:00:00Z')).toBe('ok');
    expect(decodeBaseInfo(encodeBaseInfo(SAMPLE_CARD), { now: new Date('1949-12-30T00:00:00Z') }).ok).toBe(false);
    expect(decodeBaseInfo(encodeBaseInfo(SAMPLE_CARD), { now: new Date('1949-12-31T00:00:00Z') }).ok).toBe(true);
  });

  it('rejects inconsistent lengths', () => {
    const data = encodeBaseInfo(SAMPLE_CARD);
    const short = decodeBaseInfo(data.subarray(0, 1000));
    expect(short.ok ? 'ok' : [short.error.code, short.error.field]).toEqual(['LENGTH', 'baseInfo']);
    const wrongText = data.slice();
    wrongText[1] = 0xfe;
    wrongText[3] = 0x02;
    expect(decodeBaseInfo(wrongText).ok ? 'ok' : 'error').toBe('error');
    expect(decodeBaseInfo(new Uint8Array(2)).ok).toBe(false);
  });

  it('never throws on arbitrary data', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1400 }), (data) => {
        expect(typeof decodeBaseInfo(data).ok).toBe('boolean');
      }),
    );
  });
});
