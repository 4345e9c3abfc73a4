// TOTP secrets at rest. A password can be stored as a one-way hash; a TOTP secret cannot (the
// hub computes codes from it), so it is sealed with AES-256-GCM under the hub secret key
// (hub/auth/hub-secret-box.node.ts). Stored form, one text column:
//   enc1:<key id>:<96-bit nonce, base64url>:<ciphertext and 128-bit tag, base64url>
// The staff id is bound in as associated data: a sealed secret copied onto another account
// does not open. Plaintext secrets are base32 (A–Z, 2–7), so they never look sealed.
import { hubSealedKeyId, isHubSealed, openWithHubKey, sealWithHubKey, SecretBoxError } from '../../auth/hub-secret-box.node.js';
import type { HubSecretKey } from '../../auth/hub-secret-key.node.js';

export class TotpSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TotpSecretError';
  }
}

const aad = (staffId: string) => `totp\u0000${staffId}`;

export function isSealedTotpSecret(stored: string): boolean {
  return isHubSealed(stored);
}

/** The key id a sealed secret names, or null for a plaintext one. */
export function sealedKeyId(stored: string): string | null {
  return hubSealedKeyId(stored);
}

export function sealTotpSecret(key: HubSecretKey, staffId: string, secret: string): string {
  return sealWithHubKey(key, aad(staffId), secret);
}

export function openTotpSecret(key: HubSecretKey, staffId: string, stored: string): string {
  try {
    return openWithHubKey(key, aad(staffId), stored).toString('utf8');
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    if (error.failure === 'not-sealed') throw new TotpSecretError(`the TOTP secret of ${staffId} is not sealed`);
    if (error.failure === 'other-key') throw new TotpSecretError(`the TOTP secret of ${staffId} is sealed with key ${error.kid}, this hub has key ${key.kid}`);
    throw new TotpSecretError(`the TOTP secret of ${staffId} does not open (altered, or moved from another account)`);
  }
}
