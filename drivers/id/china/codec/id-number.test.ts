import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIdNumber, idCheckChar } from './id-number.js';
import { nationName, NATION_COUNT } from './nations.js';

describe('citizen identity number (GB 11643-1999)', () => {
  it('accepts the examples of the standard', () => {
    expect(checkIdNumber('11010519491231002X')).toEqual({ ok: true, value: { region: '110105', birthDate: '1949-12-31', sex: 'F' } });
    expect(checkIdNumber('440524188001010014')).toEqual({ ok: true, value: { region: '440524', birthDate: '1880-01-01', sex: 'M' } });
  });

  it.each([
    ['11010519491231002', 'ID_FORMAT'],
    ['11010519491231002x', 'ID_FORMAT'],
    ['110105194912310021', 'ID_CHECK_DIGIT'],
    ['110105194912310120', 'ID_CHECK_DIGIT'],
  ])('%s → %s', (id, code) => {
    const r = checkIdNumber(id);
    expect(r.ok ? 'ok' : r.code).toBe(code);
  });

  it('checks the region and the embedded birth date once the check character fits', () => {
    const fix = (first17: string): string => first17 + idCheckChar(first17);
    const region = checkIdNumber(fix('99010519491231002'));
    expect(region.ok ? 'ok' : region.code).toBe('REGION');
    const birth = checkIdNumber(fix('11010519490231002'));
    expect(birth.ok ? 'ok' : birth.code).toBe('ID_BIRTH_DATE');
    expect(checkIdNumber(fix('81000019800101001')).ok).toBe(true);
  });

  it('refuses a birth date after the injected clock', () => {
    const first17 = '11010520300601002';
    const id = first17 + idCheckChar(first17);
    const at = (iso: string): string => {
      const r = checkIdNumber(id, { now: new Date(iso) });
      return r.ok ? r.value.birthDate : r.code;
    };
    expect(at('2026-01-15T00:00:00Z')).toBe('ID_BIRTH_DATE');
    expect(at('2030-06-01T00:00:00Z')).toBe('2030-06-01');
  });

  it('detects every single-digit change (MOD 11-2)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const id = '11010519491231002X';
        const changed = id.slice(0, pos) + String((Number(id[pos]) + delta) % 10) + id.slice(pos + 1);
        expect(checkIdNumber(changed).ok).toBe(false);
      }),
    );
  });

  it('names the 56 ethnic groups', () => {
    expect(NATION_COUNT).toBe(56);
    expect([nationName('01'), nationName('56'), nationName('98'), nationName('57'), nationName('1')]).toEqual(['汉', '基诺', '外国血统中国籍人士', undefined, undefined]);
  });
});
