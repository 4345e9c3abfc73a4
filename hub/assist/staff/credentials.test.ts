import { expect, it } from 'vitest';
import { TEST_SCRYPT_COST } from '../testing/staff-fixtures.js';
import { hashPassword, verifyPassword } from './passwords.node.js';
import { hashSessionToken, newSessionToken } from './session-tokens.node.js';
import { matchTotp, newTotpSecret, otpauthUri, totpCode } from './totp.js';

it('hashes passwords with scrypt, salted, and verifies only the right one', async () => {
  const [a, b] = [await hashPassword('correct horse battery', TEST_SCRYPT_COST), await hashPassword('correct horse battery', TEST_SCRYPT_COST)];
  expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
  expect(a).not.toBe(b);
  expect(await verifyPassword('correct horse battery', a)).toBe(true);
  expect(await verifyPassword('correct horse batterY', a)).toBe(false);
  expect(await verifyPassword('correct horse battery', 'plain$text')).toBe(false);
});

it('treats NFC and NFD spellings of a password alike', async () => {
  const stored = await hashPassword('café-passphrase', TEST_SCRYPT_COST);
  expect(await verifyPassword('cafe\u0301-passphrase', stored)).toBe(true);
});

it('matches TOTP codes one step either side and reports the step', () => {
  const secret = newTotpSecret();
  const now = Date.UTC(2026, 10, 23, 9, 0, 0);
  const step = Math.floor(now / 30_000);
  expect(matchTotp(secret, totpCode(secret, now), now)).toBe(step);
  expect(matchTotp(secret, totpCode(secret, now - 30_000), now)).toBe(step - 1);
  expect(matchTotp(secret, totpCode(secret, now + 30_000), now)).toBe(step + 1);
  expect(matchTotp(secret, totpCode(secret, now - 90_000), now)).toBeNull();
  expect(otpauthUri(secret, 'li.wei')).toMatch(/^otpauth:\/\/totp\/Branch%20Kiosk:li\.wei\?.*secret=/);
});

it('makes unguessable tokens and stores only their hash', () => {
  const token = newSessionToken();
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(newSessionToken()).not.toBe(token);
  expect(hashSessionToken(token)).toMatch(/^[0-9a-f]{64}$/);
  expect(hashSessionToken(token)).not.toContain(token);
});
