// TOTP secrets at rest. A password can be stored as a one-way hash; a TOTP secret cannot (the
// hub computes codes from it), so it is sealed with AES-256-GCM under the hub secret key
// (hub/auth/hub-secret-key.node.ts). Stored form, one text column:
//   enc1:<key id>:<96-bit nonce, base64url>:<ciphertext and 128-bit tag, base64url>
// The staff id is bound in as associated data: a sealed secret copied onto another account
// does not open. Plaintext secrets are base32 (A–Z, 2–7), so they never look sealed.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { HubSecretKey } from '../../auth/hub-secret-key.node.js';

const PREFIX = 'enc1';
const TAG_BYTES = 16;

export class TotpSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TotpSecretError';
  }
}

const aad = (staffId: string) => Buffer.from(`totp\u0000${staffId}`, 'utf8');

export function isSealedTotpSecret(stored: string): boolean {
  return stored.startsWith(`${PREFIX}:`);
}

/** The key id a sealed secret names, or null for a plaintext one. */
export function sealedKeyId(stored: string): string | null {
  return isSealedTotpSecret(stored) ? (stored.split(':')[1] ?? null) : null;
}

export function sealTotpSecret(key: HubSecretKey, staffId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(aad(staffId));
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [PREFIX, key.kid, iv.toString('base64url'), sealed.toString('base64url')].join(':');
}

export function openTotpSecret(key: HubSecretKey, staffId: string, stored: string): string {
  const [prefix, kid, iv, sealed, ...rest] = stored.split(':');
  if (prefix !== PREFIX || !kid || !iv || !sealed || rest.length > 0) throw new TotpSecretError(`the TOTP secret of ${staffId} is not sealed`);
  if (kid !== key.kid) throw new TotpSecretError(`the TOTP secret of ${staffId} is sealed with key ${kid}, this hub has key ${key.kid}`);
  try {
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(aad(staffId));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    // No detail: GCM says nothing useful, and nothing of the secret may reach a log.
    throw new TotpSecretError(`the TOTP secret of ${staffId} does not open (altered, or moved from another account)`);
  }
}
