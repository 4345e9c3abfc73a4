import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CardRead, maskPan } from './card-read.js';

const PAN = '6212345678901265';
const make = (): CardRead => new CardRead({ source: 'chip', pan: PAN, expiry: { year: 2030, month: 7 }, serviceCode: '220', name: { surname: 'ZHANG', given: 'SAN' } });

describe('CardRead', () => {
  it('masks all but the first 6 and last 4 digits', () => {
    expect(maskPan('4111111111111111')).toBe('411111******1111');
    expect(maskPan('6200000000000000005')).toBe('620000*********0005');
    const r = make();
    expect(r).toMatchObject({ maskedPan: '621234******1265', bin: '621234', last4: '1265', source: 'chip' });
    expect(r.pan).toBe(PAN);
  });

  it('serialises, prints and inspects only the masked form', () => {
    const r = make();
    const json = JSON.stringify({ card: r });
    expect(json).not.toContain(PAN);
    expect(JSON.parse(json)).toEqual({ card: { source: 'chip', maskedPan: '621234******1265', bin: '621234', last4: '1265', expiry: { year: 2030, month: 7 }, serviceCode: '220', hasName: true, wiped: false } });
    expect(json).not.toContain('ZHANG');
    expect(inspect(r, { depth: 5, showHidden: true })).not.toContain(PAN);
    expect(inspect({ nested: [r] })).toContain('621234******1265');
    expect(String(r)).toBe('CardRead(chip 621234******1265)');
    expect(`${r}`).not.toContain(PAN);
    expect(Object.keys(r)).not.toContain('pan');
    expect(JSON.stringify({ ...r })).not.toContain(PAN);
  });

  it('wipe() clears the PAN and the name', () => {
    const r = make();
    r.wipe();
    expect(r.pan).toBe('');
    expect(r.name).toBeUndefined();
    expect(r.wiped).toBe(true);
    expect(r.toJSON()).toMatchObject({ wiped: true, maskedPan: '621234******1265', hasName: false });
  });

  it('knows when the card has expired', () => {
    const r = make();
    expect(r.isExpired(new Date(2030, 6, 31))).toBe(false);
    expect(r.isExpired(new Date(2030, 7, 1))).toBe(true);
  });
});
