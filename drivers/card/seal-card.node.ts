// Seals a card's data to the hub's card-data key (protocol/card-security.ts), inside the
// device worker: the kiosk app, its logs and its outbox only ever hold the sealed object and
// its masked PAN. Ephemeral X25519 with the hub's key, HKDF-SHA256 (empty salt, CARD_SEAL_INFO)
// to 32 bytes, AES-256-GCM with a 12-byte IV and the keyId as additional data, so a sealed card
// cannot be presented as sealed under another key.
//
// Buffers holding the shared secret, the derived key and the plaintext are zeroed before
// returning. The JSON text of the secret is a JavaScript string and cannot be zeroed; it lives
// for the length of this call only.
import { createCipheriv, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes } from 'node:crypto';
import {
  CARD_SEAL_ALGORITHM,
  CARD_SEAL_INFO,
  cardKeySchema,
  cardSecretSchema,
  IDENTITY_SEAL_INFO,
  identitySecretSchema,
  maskIdNumber,
  sealedCardSchema,
  sealedIdentitySchema,
  type CardEntry,
  type CardKey,
  type CardSecret,
  type IdentitySecret,
  type SealedCard,
  type SealedIdentity,
} from '../../protocol/card-security.js';
import type { CardRead } from './codec/card-read.js';

export type CardSealErrorCode = 'INVALID_SECRET' | 'INVALID_KEY' | 'WIPED';

/** Names what was wrong, never the value: the input is cardholder data. */
export class CardSealError extends Error {
  override readonly name = 'CardSealError';
  constructor(
    readonly code: CardSealErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** First 6 and last 4 kept, 2 to 9 stars between (the form sealedCardSchema accepts). */
export function maskForSeal(pan: string): string {
  return pan.slice(0, 6) + '*'.repeat(pan.length - 10) + pan.slice(-4);
}

function hubPublicKey(key: CardKey) {
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: key.publicKey }, format: 'jwk' });
  } catch {
    throw new CardSealError('INVALID_KEY', `the card-data key ${key.keyId} is not an X25519 public key`);
  }
}

/** The ciphertext half of a seal (algorithm, key id, ephemeral key, IV, ciphertext, tag). */
interface SealedBytes {
  alg: typeof CARD_SEAL_ALGORITHM;
  keyId: string;
  epk: string;
  iv: string;
  ct: string;
  tag: string;
}

/** ECDH with an ephemeral X25519 key, HKDF-SHA256 under `info`, AES-256-GCM with the keyId as AAD; `plain` is zeroed. */
function sealBytes(plain: Buffer, key: CardKey, info: string): SealedBytes {
  try {
    const k = cardKeySchema.safeParse(key);
    if (!k.success) throw new CardSealError('INVALID_KEY', 'the card-data key is malformed');
    const hub = hubPublicKey(k.data);
    const eph = generateKeyPairSync('x25519');
    let shared: Buffer;
    try {
      shared = diffieHellman({ privateKey: eph.privateKey, publicKey: hub });
    } catch {
      // A low-order point (e.g. all zeros) gives no shared secret: not a usable hub key.
      throw new CardSealError('INVALID_KEY', `the card-data key ${k.data.keyId} is not usable for X25519`);
    }
    const aesKey = Buffer.from(hkdfSync('sha256', shared, Buffer.alloc(0), info, 32));
    shared.fill(0);
    const iv = randomBytes(12);
    try {
      const cipher = createCipheriv('aes-256-gcm', aesKey, iv);
      cipher.setAAD(Buffer.from(k.data.keyId, 'utf8'));
      const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
      const epk = eph.publicKey.export({ format: 'jwk' }).x;
      if (typeof epk !== 'string') throw new CardSealError('INVALID_KEY', 'cannot export the ephemeral key');
      return { alg: CARD_SEAL_ALGORITHM, keyId: k.data.keyId, epk, iv: iv.toString('base64url'), ct: ct.toString('base64url'), tag: cipher.getAuthTag().toString('base64url') };
    } finally {
      aesKey.fill(0);
    }
  } finally {
    plain.fill(0);
  }
}

const malformed = (issues: readonly { path: readonly PropertyKey[] }[]): string => [...new Set(issues.map((i) => i.path.map(String).join('.') || 'shape'))].join(', ');

export function sealCardSecret(secret: CardSecret, key: CardKey): SealedCard {
  const s = cardSecretSchema.safeParse(secret);
  if (!s.success) throw new CardSealError('INVALID_SECRET', `the card data is malformed (${malformed(s.error.issues)})`);
  const sealed = sealBytes(Buffer.from(JSON.stringify(s.data), 'utf8'), key, CARD_SEAL_INFO);
  return sealedCardSchema.parse({ ...sealed, masked: maskForSeal(s.data.pan), entry: s.data.entry });
}

/** A China resident ID's number and validity, sealed like a card under the identity HKDF info. */
export function sealIdentitySecret(secret: IdentitySecret, key: CardKey): SealedIdentity {
  const s = identitySecretSchema.safeParse(secret);
  if (!s.success) throw new CardSealError('INVALID_SECRET', `the identity is malformed (${malformed(s.error.issues)})`);
  const sealed = sealBytes(Buffer.from(JSON.stringify(s.data), 'utf8'), key, IDENTITY_SEAL_INFO);
  return sealedIdentitySchema.parse({ ...sealed, kind: s.data.kind, masked: maskIdNumber(s.data.idNumber) });
}

/**
 * What a CardRead seals to. A contactless read is EMV like a chip read ('chip'); a magnetic
 * stripe read is a swipe, whatever its service code says (the fallback rules are the
 * journey's to apply).
 */
export function cardSecretOf(read: CardRead): CardSecret {
  if (read.wiped) throw new CardSealError('WIPED', 'the card read was already wiped');
  const entry: CardEntry = read.source === 'magstripe' ? 'swipe' : 'chip';
  const expiry = `${String(read.expiry.year % 100).padStart(2, '0')}${String(read.expiry.month).padStart(2, '0')}`;
  return { pan: read.pan, expiry, entry, ...(read.serviceCode ? { serviceCode: read.serviceCode } : {}), ...(read.panSequence ? { panSequence: read.panSequence } : {}) };
}

export function sealCardRead(read: CardRead, key: CardKey): SealedCard {
  return sealCardSecret(cardSecretOf(read), key);
}
