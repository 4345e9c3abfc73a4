// The hub's side of a sealed card, for tests only (the hub has its own in hub/banking): a
// card-data key pair, and opening a SealedCard with its private key.
import { createDecipheriv, diffieHellman, generateKeyPairSync, hkdfSync, createPublicKey, type KeyObject } from 'node:crypto';
import { CARD_SEAL_ALGORITHM, CARD_SEAL_INFO, cardSecretSchema, type CardKey, type CardSecret, type SealedCard } from '../../../protocol/card-security.js';

export function generateCardKeyPair(keyId = 'test-card-key-1'): { cardKey: CardKey; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  const x = publicKey.export({ format: 'jwk' }).x ?? '';
  return { cardKey: { alg: CARD_SEAL_ALGORITHM, keyId, publicKey: x }, privateKey };
}

/** Throws when the tag does not verify (tampered, wrong key or wrong keyId). */
export function openSealedCard(sealed: SealedCard, privateKey: KeyObject): CardSecret {
  const epk = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: sealed.epk }, format: 'jwk' });
  const shared = diffieHellman({ privateKey, publicKey: epk });
  const key = Buffer.from(hkdfSync('sha256', shared, Buffer.alloc(0), CARD_SEAL_INFO, 32));
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'));
  decipher.setAAD(Buffer.from(sealed.keyId, 'utf8'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
  const plain = Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64url')), decipher.final()]);
  return cardSecretSchema.parse(JSON.parse(plain.toString('utf8')));
}
