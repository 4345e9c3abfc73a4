// The one way the hub seals what it must read back in clear under its secret key
// (hub-secret-key.node.ts): staff TOTP secrets, PIN pad keys, account applications' personal
// data. AES-256-GCM, a fresh 96-bit nonce each time, the caller's associated data binding the
// box to its owner (a box copied onto another row does not open). Stored form, one text value:
//   enc1:<key id>:<nonce, base64url>:<ciphertext and 128-bit tag, base64url>
// Failures say which of three things went wrong and nothing of the contents; each caller turns
// them into its own error.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { HubSecretKey } from './hub-secret-key.node.js';

const PREFIX = 'enc1';
const TAG_BYTES = 16;

/** not-sealed: not this form; other-key: sealed under another hub secret key (`kid`); does-not-open: altered, or another owner's. */
export type SecretBoxFailure = 'not-sealed' | 'other-key' | 'does-not-open';

export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
  constructor(
    readonly failure: SecretBoxFailure,
    /** The key id the box names, for 'other-key'. */
    readonly kid?: string,
  ) {
    super(`sealed value ${failure}`);
  }
}

const aadBytes = (aad: string): Buffer => Buffer.from(aad, 'utf8');

export function isHubSealed(stored: string): boolean {
  return stored.startsWith(`${PREFIX}:`);
}

/** The key id a sealed value names, or null when it is not sealed. */
export function hubSealedKeyId(stored: string): string | null {
  return isHubSealed(stored) ? (stored.split(':')[1] ?? null) : null;
}

export function sealWithHubKey(key: HubSecretKey, aad: string, clear: Buffer | string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(aadBytes(aad));
  const sealed = Buffer.concat([cipher.update(typeof clear === 'string' ? Buffer.from(clear, 'utf8') : clear), cipher.final(), cipher.getAuthTag()]);
  return [PREFIX, key.kid, iv.toString('base64url'), sealed.toString('base64url')].join(':');
}

export function openWithHubKey(key: HubSecretKey, aad: string, stored: string): Buffer {
  const [prefix, kid, iv, sealed, ...rest] = stored.split(':');
  if (prefix !== PREFIX || !kid || !iv || !sealed || rest.length > 0) throw new SecretBoxError('not-sealed');
  if (kid !== key.kid) throw new SecretBoxError('other-key', kid);
  try {
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(aadBytes(aad));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]);
  } catch {
    // No detail: GCM says nothing useful, and nothing of the contents may reach a log.
    throw new SecretBoxError('does-not-open');
  }
}
