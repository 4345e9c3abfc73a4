import { afterEach, describe, expect, it, vi } from 'vitest';
import { ageOn, createIdDocument, maskIdNumber, maskName } from './document.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('identity document masking', () => {
  it('keeps the first 4 and last 4 of long numbers and at least half hidden on short ones', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskIdNumber('D23145890734')).toBe('D23******734');
    expect(maskIdNumber('L898902C3')).toBe('L8*****C3');
    expect(maskIdNumber('T1')).toBe('**');
    expect(maskIdNumber('')).toBe('');
    expect(maskName('测试员')).toBe('测*');
    expect(maskName(' ')).toBe('');
  });

  it('serialises masked, while the fields stay readable in memory', () => {
    vi.useFakeTimers({ now: new Date(2026, 11, 4, 12, 0) });
    const doc = createIdDocument({
      kind: 'passport', documentNumber: 'L898902C3', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', sex: 'F', birthDate: '1974-08-12', expiryDate: '2012-04-15',
      nationality: 'UTO', address: 'somewhere', photo: new Uint8Array(3),
    });
    expect(doc.documentNumber).toBe('L898902C3');
    expect(JSON.parse(JSON.stringify({ doc }))).toEqual({
      doc: { kind: 'passport', documentNumber: 'L8*****C3', surname: 'E*', givenNames: 'A*', sex: 'F', birthYear: '1974', age: 52, expiryDate: '2012-04-15', nationality: 'UTO', hasAddress: true, photoBytes: 3 },
    });
    expect(Object.keys(doc)).not.toContain('toJSON');
    expect(Object.isFrozen(doc)).toBe(true);
  });

  it('derives the age in whole years, the day before and on the birthday, and nothing from a partial date', () => {
    expect(ageOn('1961-12-05', new Date(2026, 11, 4))).toBe(64);
    expect(ageOn('1961-12-04', new Date(2026, 11, 4))).toBe(65);
    expect(ageOn('1961-01-01', new Date(2026, 0, 1))).toBe(65);
    expect(ageOn('1961-12', new Date(2026, 11, 4))).toBeNull();
    expect(ageOn('', new Date(2026, 11, 4))).toBeNull();
    expect(ageOn('2030-01-01', new Date(2026, 11, 4))).toBeNull();
  });
});
