// Ed25519 through node:crypto. Kiosks hold the private key; the hub keeps only public keys,
// so nothing stored at the hub (database dump, backup) lets anyone sign as a kiosk.
import { createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';

/** A public key from its base64url raw form, or null when it is not a valid Ed25519 key. */
export function importPublicKey(base64url: string): KeyObject | null {
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: base64url }, format: 'jwk' });
  } catch {
    return null;
  }
}

export function verifyEd25519(publicKey: KeyObject, message: string, signatureBase64url: string): boolean {
  const signature = Buffer.from(signatureBase64url, 'base64url');
  if (signature.length !== 64) return false;
  return verify(null, Buffer.from(message, 'utf8'), publicKey, signature);
}

/** For the hub's own embedded kiosk and for tests; real kiosks generate theirs. */
export function generateEd25519KeyPair(): { publicKey: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  if (!jwk.x) throw new Error('Ed25519 public key without x');
  return { publicKey: jwk.x, privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
}
