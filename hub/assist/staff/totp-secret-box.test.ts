import { describe, expect, it } from 'vitest';
import { ephemeralSecretKey, hubSecretKey } from '../../auth/hub-secret-key.node.js';
import { isSealedTotpSecret, openTotpSecret, sealedKeyId, sealTotpSecret, TotpSecretError } from './totp-secret-box.node.js';
import { newTotpSecret } from './totp.js';

const key = hubSecretKey(Buffer.alloc(32, 1), 'env');
const staffId = '0f0e0d0c-0b0a-4908-8706-050403020100';

describe('TOTP secret box', () => {
  it('seals to a form that names its key and holds nothing of the secret, and opens back', () => {
    const secret = newTotpSecret();
    const sealed = sealTotpSecret(key, staffId, secret);
    expect(sealed).toMatch(/^enc1:[0-9a-f]{16}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(secret);
    expect(sealedKeyId(sealed)).toBe(key.kid);
    expect(isSealedTotpSecret(sealed)).toBe(true);
    expect(isSealedTotpSecret(secret)).toBe(false);
    expect(openTotpSecret(key, staffId, sealed)).toBe(secret);
    // A fresh nonce each time: equal secrets do not give equal rows.
    expect(sealTotpSecret(key, staffId, secret)).not.toBe(sealed);
  });

  it('refuses a secret moved to another account, altered, sealed with another key, or in clear', () => {
    const sealed = sealTotpSecret(key, staffId, newTotpSecret());
    expect(() => openTotpSecret(key, 'another-staff-id', sealed)).toThrow(TotpSecretError);
    const parts = sealed.split(':');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    expect(() => openTotpSecret(key, staffId, [...parts.slice(0, 3), body.toString('base64url')].join(':'))).toThrow(/does not open/);
    expect(() => openTotpSecret(ephemeralSecretKey(), staffId, sealed)).toThrow(/sealed with key/);
    expect(() => openTotpSecret(key, staffId, 'JBSWY3DPEHPK3PXP')).toThrow(/not sealed/);
  });
});
