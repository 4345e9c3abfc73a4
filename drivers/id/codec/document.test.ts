import { describe, expect, it } from 'vitest';
import { createIdDocument, maskIdNumber, maskName } from './document.js';

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
    const doc = createIdDocument({
      kind: 'passport', documentNumber: 'L898902C3', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', sex: 'F', birthDate: '1974-08-12', expiryDate: '2012-04-15',
      nationality: 'UTO', address: 'somewhere', photo: new Uint8Array(3),
    });
    expect(doc.documentNumber).toBe('L898902C3');
    expect(JSON.parse(JSON.stringify({ doc }))).toEqual({
      doc: { kind: 'passport', documentNumber: 'L8*****C3', surname: 'E*', givenNames: 'A*', sex: 'F', birthYear: '1974', expiryDate: '2012-04-15', nationality: 'UTO', hasAddress: true, photoBytes: 3 },
    });
    expect(Object.keys(doc)).not.toContain('toJSON');
    expect(Object.isFrozen(doc)).toBe(true);
  });
});
