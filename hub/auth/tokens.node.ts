// Bearer tokens for staff and admins (until real staff login exists).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Tokens shorter than this are refused at start-up: they could be guessed. */
export const MIN_TOKEN_LENGTH = 32;

/**
 * Constant-time equality. Hashing first gives both sides the same length, so neither the
 * comparison time nor an early length check tells an attacker anything about the token.
 */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}
