// How a PIN and a card's data travel from the kiosk's devices to the hub (DESIGN §9): the kiosk
// app only ever carries these opaque, encrypted shapes; the hub's core-banking adapter opens
// them. The algorithms are fixed here so the device side and the hub side cannot drift.
import { z } from 'zod';

const hex = (length: number) => z.string().regex(new RegExp(`^[0-9A-F]{${length}}$`), `${length} upper-case hex digits`);
const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'base64url without padding');

/** A key the PIN pad and the hub's key store both know by name (never the key itself). */
export const keyIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);

/**
 * ISO 9564-1 PIN block, encrypted by the PIN pad under a working PIN-encryption key.
 * - format 0: 8 bytes, PIN field XOR PAN field (0000 + the 12 rightmost PAN digits without the
 *   check digit), TDEA-ECB under a double-length (16-byte) key.
 * - format 4: 16 bytes, AES-128: E(K, E(K, PIN field) XOR PAN field) with the PAN field of
 *   ISO 9564-1:2017 §9.4.
 */
export const pinBlockSchema = z.discriminatedUnion('format', [
  z.object({ format: z.literal(0), keyId: keyIdSchema, block: hex(16) }).strict(),
  z.object({ format: z.literal(4), keyId: keyIdSchema, block: hex(32) }).strict(),
]);
export type PinBlock = z.infer<typeof pinBlockSchema>;

/** How a card was read; a chip card that is swiped is told to insert (fallback rules). */
export const cardEntrySchema = z.enum(['chip', 'swipe']);
export type CardEntry = z.infer<typeof cardEntrySchema>;

/**
 * What the sealed card data holds once the hub opens it (JSON, UTF-8). Never track data or a
 * CVV: only what authorising a payment needs.
 */
export const cardSecretSchema = z
  .object({
    pan: z.string().regex(/^\d{12,19}$/),
    /** YYMM */
    expiry: z.string().regex(/^\d{4}$/),
    entry: cardEntrySchema,
    serviceCode: z.string().regex(/^\d{3}$/).optional(),
    panSequence: z.string().regex(/^\d{2}$/).optional(),
  })
  .strict();
export type CardSecret = z.infer<typeof cardSecretSchema>;

export const CARD_SEAL_ALGORITHM = 'X25519-HKDF-SHA256-A256GCM';
/** HKDF info string; the salt is empty; the AES-GCM additional data is the keyId (UTF-8). */
export const CARD_SEAL_INFO = 'branch-kiosk card v1';

/**
 * A CardSecret encrypted to the hub's card-data public key: ECDH between an ephemeral X25519
 * key and the hub's X25519 key, HKDF-SHA256 to a 32-byte key, AES-256-GCM with a 12-byte IV.
 * `masked` (first 6 / last 4) is the only part of the card the kiosk may show, log or store.
 */
export const sealedCardSchema = z
  .object({
    alg: z.literal(CARD_SEAL_ALGORITHM),
    keyId: keyIdSchema,
    epk: base64url.length(43),
    iv: base64url.length(16),
    ct: base64url.max(1024),
    tag: base64url.length(22),
    masked: z.string().regex(/^\d{6}\*{2,9}\d{4}$/),
    entry: cardEntrySchema,
  })
  .strict();
export type SealedCard = z.infer<typeof sealedCardSchema>;

/** The hub's card-data public key as the kiosk receives it (raw X25519, base64url). */
export const cardKeySchema = z.object({ alg: z.literal(CARD_SEAL_ALGORITHM), keyId: keyIdSchema, publicKey: base64url.length(43) }).strict();
export type CardKey = z.infer<typeof cardKeySchema>;

// ---- China resident ID card (statements by ID card + PIN, issue 10) ------------------------------

/** HKDF info for an identity: a sealed identity can never be opened as a card, nor the reverse. */
export const IDENTITY_SEAL_INFO = 'branch-kiosk identity v1';

/** "110105********002X": the region code and the last four kept, the birth date starred. */
export const maskedIdNumberSchema = z.string().regex(/^\d{6}\*{8}\d{3}[\dX]$/);
export const maskIdNumber = (idNumber: string): string => `${idNumber.slice(0, 6)}${'*'.repeat(8)}${idNumber.slice(14)}`;

/** What a sealed identity holds once the hub opens it: the number and how long the card is valid. */
export const identitySecretSchema = z
  .object({
    kind: z.literal('cn-id'),
    idNumber: z.string().regex(/^\d{17}[\dX]$/),
    /** YYYYMMDD, or 'long-term' (长期). */
    validTo: z.string().regex(/^(\d{8}|long-term)$/),
  })
  .strict();
export type IdentitySecret = z.infer<typeof identitySecretSchema>;

/** An IdentitySecret sealed to the hub's card-data key exactly as a card is (same algorithm, its own HKDF info). */
export const sealedIdentitySchema = z
  .object({
    alg: z.literal(CARD_SEAL_ALGORITHM),
    keyId: keyIdSchema,
    epk: base64url.length(43),
    iv: base64url.length(16),
    ct: base64url.max(1024),
    tag: base64url.length(22),
    kind: z.literal('cn-id'),
    masked: maskedIdNumberSchema,
  })
  .strict();
export type SealedIdentity = z.infer<typeof sealedIdentitySchema>;

/**
 * The PAN-shaped value a PIN block is bound to when no card is in the reader: the hub issues one
 * per try, for one kiosk, for a few minutes (ISO 9564 formats 0 and 4 bind a PIN to a PAN). It
 * starts with 9 (ISO/IEC 7812 "national use"), so it is never taken for a payment card.
 */
export const pinBindingSchema = z.string().regex(/^9\d{15}$/);
