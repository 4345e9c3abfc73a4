// One-time enrollment codes: 20 characters of Crockford base32 (100 random bits), shown as
// XXXX-XXXX-XXXX-XXXX-XXXX. The alphabet has no I, L, O or U, and reading accepts the
// look-alikes, so a code read aloud or typed on a kiosk screen survives small slips.
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 20;
const GROUP = 4;

export function generateEnrollmentCode(): string {
  // 256 is a multiple of 32, so masking each byte to 5 bits keeps every character uniform.
  const chars = [...randomBytes(CODE_LENGTH)].map((byte) => ALPHABET[byte & 31]);
  const groups: string[] = [];
  for (let i = 0; i < CODE_LENGTH; i += GROUP) groups.push(chars.slice(i, i + GROUP).join(''));
  return groups.join('-');
}

/** The canonical form of a typed code, or null when it cannot be one of ours. */
export function normalizeEnrollmentCode(typed: string): string | null {
  const compact = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (compact.length !== CODE_LENGTH || [...compact].some((c) => !ALPHABET.includes(c))) return null;
  return compact;
}

/** What the database keeps: the SHA-256 of the canonical form, hex. */
export function hashEnrollmentCode(canonical: string): string {
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
