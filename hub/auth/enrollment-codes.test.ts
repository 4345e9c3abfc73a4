import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateEnrollmentCode, hashEnrollmentCode, normalizeEnrollmentCode } from './enrollment-codes.node.js';
import { generateToken, tokensEqual } from './tokens.node.js';

describe('enrollment codes', () => {
  it('are five groups of four Crockford base32 characters, different every time', () => {
    const codes = Array.from({ length: 200 }, generateEnrollmentCode);
    expect(codes.every((code) => /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/.test(code))).toBe(true);
    expect(new Set(codes).size).toBe(200);
  });

  it('read back in any case, with look-alikes, spaces or no hyphens', () => {
    const code = generateEnrollmentCode();
    const canonical = code.replaceAll('-', '');
    const sloppy = code.toLowerCase().replaceAll('-', ' ').replaceAll('0', 'o').replaceAll('1', 'l');
    expect(normalizeEnrollmentCode(code)).toBe(canonical);
    expect(normalizeEnrollmentCode(sloppy)).toBe(canonical);
    expect(hashEnrollmentCode(normalizeEnrollmentCode(sloppy)!)).toBe(hashEnrollmentCode(canonical));
  });

  it('refuse anything of the wrong length or alphabet', () => {
    expect(normalizeEnrollmentCode('ABCD-EFGH')).toBeNull();
    expect(normalizeEnrollmentCode('ABCD-EFGH-JKMN-PQRS-TVWU')).toBeNull();
    expect(normalizeEnrollmentCode('ABCD-EFGH-JKMN-PQRS-TVWXY')).toBeNull();
  });

  it('hash to 64 hex characters that differ per code', () => {
    fc.assert(
      fc.property(fc.constant(null), () => {
        const [a, b] = [generateEnrollmentCode(), generateEnrollmentCode()];
        const [ha, hb] = [hashEnrollmentCode(normalizeEnrollmentCode(a)!), hashEnrollmentCode(normalizeEnrollmentCode(b)!)];
        expect(ha).toMatch(/^[0-9a-f]{64}$/);
        expect(ha === hb).toBe(a === b);
      }),
      { numRuns: 50 },
    );
  });
});

describe('tokens', () => {
  it('compare equal only when identical, whatever the lengths', () => {
    const token = generateToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokensEqual(token, token)).toBe(true);
    expect(tokensEqual(`${token}x`, token)).toBe(false);
    expect(tokensEqual('', token)).toBe(false);
    expect(tokensEqual(generateToken(), token)).toBe(false);
  });
});
