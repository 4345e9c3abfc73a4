// Sealing a card's data to the hub's X25519 key and opening it again, exactly as
// protocol/card-security.ts fixes: ECDH(ephemeral, hub) → HKDF-SHA256 (empty salt,
// CARD_SEAL_INFO) → AES-256-GCM with the keyId as additional data. The hub opens; sealing is
// here for the demo, simulators' fixtures and tests (the kiosk side has its own copy in its
// device worker, held to the same vectors by the shared schema).
import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import {
  CARD_SEAL_ALGORITHM,
  CARD_SEAL_INFO,
  cardSecretSchema,
  IDENTITY_SEAL_INFO,
  identitySecretSchema,
  maskIdNumber,
  type CardKey,
  type CardSecret,
  type IdentitySecret,
  type SealedCard,
  type SealedIdentity,
} from '../../protocol/card-security.js';

export class CardSealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CardSealError';
  }
}

export interface CardKeyPair {
  keyId: string;
  /** Raw 32-byte X25519 public key, base64url. */
  publicKey: string;
  privateKey: KeyObject;
}

export function generateCardKeyPair(keyId: string): CardKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return { keyId, publicKey: rawPublicKey(publicKey), privateKey };
}

function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new CardSealError('not an X25519 public key');
  return jwk.x;
}

const publicKeyFromRaw = (raw: string): KeyObject => createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: raw }, format: 'jwk' });

/** The private key as base64url of its raw 32 bytes (for sealing at rest). */
export function exportPrivateKey(pair: CardKeyPair): string {
  const jwk = pair.privateKey.export({ format: 'jwk' });
  if (typeof jwk.d !== 'string') throw new CardSealError('not an X25519 private key');
  return jwk.d;
}

export function importCardKeyPair(keyId: string, publicKey: string, privateKeyRaw: string): CardKeyPair {
  const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', x: publicKey, d: privateKeyRaw }, format: 'jwk' });
  if (rawPublicKey(createPublicKey(privateKey)) !== publicKey) throw new CardSealError(`card key ${keyId}: the private key does not belong to the public key`);
  return { keyId, publicKey, privateKey };
}

export const cardKeyOf = (pair: CardKeyPair): CardKey => ({ alg: CARD_SEAL_ALGORITHM, keyId: pair.keyId, publicKey: pair.publicKey });

function contentKey(privateKey: KeyObject, publicKey: KeyObject, info = CARD_SEAL_INFO): Buffer {
  const shared = diffieHellman({ privateKey, publicKey });
  try {
    return Buffer.from(hkdfSync('sha256', shared, Buffer.alloc(0), Buffer.from(info, 'utf8'), 32));
  } finally {
    shared.fill(0);
  }
}

/** "622202******0018": first 6, last 4, the rest starred (PCI DSS display rule). */
export function maskPan(pan: string): string {
  return `${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`;
}

export function sealCard(cardKey: CardKey, secret: CardSecret): SealedCard {
  const ephemeral = generateKeyPairSync('x25519');
  const key = contentKey(ephemeral.privateKey, publicKeyFromRaw(cardKey.publicKey));
  const iv = randomBytes(12);
  try {
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(cardKey.keyId, 'utf8'));
    const ct = Buffer.concat([cipher.update(JSON.stringify(secret), 'utf8'), cipher.final()]);
    return {
      alg: CARD_SEAL_ALGORITHM,
      keyId: cardKey.keyId,
      epk: rawPublicKey(ephemeral.publicKey),
      iv: iv.toString('base64url'),
      ct: ct.toString('base64url'),
      tag: cipher.getAuthTag().toString('base64url'),
      masked: maskPan(secret.pan),
      entry: secret.entry,
    };
  } finally {
    key.fill(0);
  }
}

/** Decrypts a seal's ciphertext to the JSON it holds; `what` names it in errors, which carry nothing of it. */
function openSealedJson(pair: CardKeyPair, sealed: Pick<SealedCard, 'keyId' | 'epk' | 'iv' | 'ct' | 'tag'>, info: string, what: string): unknown {
  if (sealed.keyId !== pair.keyId) throw new CardSealError(`sealed to key ${sealed.keyId}, this hub holds ${pair.keyId}`);
  let key: Buffer;
  try {
    key = contentKey(pair.privateKey, publicKeyFromRaw(sealed.epk), info);
  } catch {
    throw new CardSealError('the ephemeral key is not an X25519 public key');
  }
  let clear: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'));
    decipher.setAAD(Buffer.from(sealed.keyId, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
    clear = Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64url')), decipher.final()]);
  } catch {
    throw new CardSealError(`the sealed ${what} does not open (altered, or sealed to another key or as something else)`);
  } finally {
    key.fill(0);
  }
  try {
    return JSON.parse(clear.toString('utf8'));
  } catch {
    throw new CardSealError(`the sealed ${what} does not hold JSON`);
  } finally {
    clear.fill(0);
  }
}

/**
 * The card inside, checked against its outside (masked PAN, entry mode), or a CardSealError.
 * Error messages never carry anything of the card.
 */
export function openSealedCard(pair: CardKeyPair, sealed: SealedCard): CardSecret {
  const secret = cardSecretSchema.safeParse(openSealedJson(pair, sealed, CARD_SEAL_INFO, 'card'));
  if (!secret.success) throw new CardSealError('the sealed card does not hold a card');
  if (maskPan(secret.data.pan) !== sealed.masked || secret.data.entry !== sealed.entry) throw new CardSealError('the sealed card does not match its masked PAN or entry mode');
  return secret.data;
}

/** Seals an identity as the kiosk's device worker does (for the demo, fixtures and tests). */
export function sealIdentity(cardKey: CardKey, secret: IdentitySecret): SealedIdentity {
  const ephemeral = generateKeyPairSync('x25519');
  const key = contentKey(ephemeral.privateKey, publicKeyFromRaw(cardKey.publicKey), IDENTITY_SEAL_INFO);
  const iv = randomBytes(12);
  try {
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(cardKey.keyId, 'utf8'));
    const ct = Buffer.concat([cipher.update(JSON.stringify(secret), 'utf8'), cipher.final()]);
    return { alg: CARD_SEAL_ALGORITHM, keyId: cardKey.keyId, epk: rawPublicKey(ephemeral.publicKey), iv: iv.toString('base64url'), ct: ct.toString('base64url'), tag: cipher.getAuthTag().toString('base64url'), kind: secret.kind, masked: maskIdNumber(secret.idNumber) };
  } finally {
    key.fill(0);
  }
}

/** The identity inside, checked against its masked number, or a CardSealError that carries nothing of it. */
export function openSealedIdentity(pair: CardKeyPair, sealed: SealedIdentity): IdentitySecret {
  const secret = identitySecretSchema.safeParse(openSealedJson(pair, sealed, IDENTITY_SEAL_INFO, 'identity'));
  if (!secret.success) throw new CardSealError('the sealed identity does not hold an identity');
  if (maskIdNumber(secret.data.idNumber) !== sealed.masked || secret.data.kind !== sealed.kind) throw new CardSealError('the sealed identity does not match its masked number');
  return secret.data;
}
