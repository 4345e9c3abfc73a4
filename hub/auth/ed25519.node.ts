// Ed25519 through node:crypto. Kiosks hold the private key; the hub keeps only public keys,
// so nothing stored at the hub (database dump, backup) lets anyone sign as a kiosk.
import { createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';

// Every signed kiosk request is verified with its kiosk's key: importing it from JWK each time
// cost about as much as the verification itself. Keyed by the key's own text, so a kiosk that
// re-enrolls (new key) or is revoked (no key from the store) is never checked with an old one.
const IMPORTED_KEYS_KEPT = 10_000;
const imported = new Map<string, KeyObject>();

/** A public key from its base64url raw form, or null when it is not a valid Ed25519 key. */
export function importPublicKey(base64url: string): KeyObject | null {
  const known = imported.get(base64url);
  if (known) return known;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: base64url }, format: 'jwk' });
  } catch {
    return null;
  }
  // Oldest first out; a fleet larger than this only re-imports, it never fails.
  if (imported.size >= IMPORTED_KEYS_KEPT) imported.delete(imported.keys().next().value as string);
  imported.set(base64url, key);
  return key;
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
