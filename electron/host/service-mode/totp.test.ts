import { describe, expect, it } from 'vitest';
import { matchTotp, newTotpSecret, totpCode, totpUri } from './totp.js';

// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890" (base32 below), 8-digit codes;
// the 6-digit code is the low six digits of the same HOTP value.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('technician TOTP', () => {
  it('matches the RFC 6238 SHA-1 test vectors', () => {
    expect(totpCode(RFC_SECRET, 59_000)).toBe('287082');
    expect(totpCode(RFC_SECRET, 1_111_111_109_000)).toBe('081804');
    expect(totpCode(RFC_SECRET, 1_234_567_890_000)).toBe('005924');
  });

  it('accepts the code one 30 s step early or late, not two', () => {
    const secret = newTotpSecret();
    const at = 1_700_000_010_000;
    const step = Math.floor(at / 30_000);
    const code = totpCode(secret, at);
    expect(matchTotp(secret, code, at)).toBe(step);
    expect(matchTotp(secret, code, at + 30_000)).toBe(step);
    expect(matchTotp(secret, code, at - 30_000)).toBe(step);
    expect(matchTotp(secret, code, at + 60_000)).toBeNull();
    expect(matchTotp(secret, code, at - 60_000)).toBeNull();
    expect(matchTotp(secret, '000000' === code ? '111111' : '000000', at)).toBeNull();
  });

  it('gives an otpauth URI an authenticator app can enrol', () => {
    expect(totpUri(RFC_SECRET, 'T01')).toMatch(/^otpauth:\/\/totp\/.*T01\?.*secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ/);
  });
});
