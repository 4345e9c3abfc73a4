import { describe, expect, it } from 'vitest';
import { documentReadOf, maskDocument, maskIdNumber, maskName } from './account-opening-fields.js';

describe('account opening: the document as held and as shown', () => {
  it('masks names, numbers, the birth date and the address by the contract rules', () => {
    expect(maskName('王小明')).toBe('王*明');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskName('李娜')).toBe('李*');
    expect(maskName('ZHANG WEI')).toBe('ZHANG W***');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('L898902C3')).toBe('L8*****C3');
    const shown = maskDocument({ kind: 'cn-id', name: '测试员', idNumber: '11010519491231002X', sex: 'F', birthDate: '1949-12-31', nationality: 'CHN', validTo: 'long-term', address: '北京市朝阳区测试路1号' });
    expect(shown).toEqual({ document: 'cn-id', name: '测*员', idNumber: '110105********002X', sex: 'F', birthYear: 1949, nationality: 'CHN', validTo: 'long-term', address: '北京市朝阳区…' });
    expect(JSON.stringify(shown)).not.toContain('1231');
  });
  it('takes a resident ID card and a passport, and nothing else', () => {
    const base = { documentNumber: '11010519491231002X', surname: '测试员', givenNames: '', sex: 'F' as const, birthDate: '1949-12-31', expiryDate: null };
    expect(documentReadOf({ ...base, kind: 'cn-resident-id', nationality: 'CHN', address: '北京' })).toEqual({ ok: true, document: expect.objectContaining({ kind: 'cn-id', name: '测试员', validTo: 'long-term', nationality: 'CHN' }) });
    expect(documentReadOf({ ...base, kind: 'passport', documentNumber: 'L898902C3', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', nationality: 'UTO', expiryDate: '2032-04-15' })).toEqual({
      ok: true,
      document: expect.objectContaining({ kind: 'passport', name: 'ERIKSSON ANNA MARIA', nationality: 'UTO', validTo: '2032-04-15' }),
    });
    expect(documentReadOf({ ...base, kind: 'drivers-licence' })).toEqual({ ok: false, problem: 'not-supported' });
  });
});
