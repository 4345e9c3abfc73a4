// How a kiosk proves who it is: enrollment with a one-time code, then every request
// signed with the kiosk's Ed25519 key. Shared by the hub's verifier and the kiosk's signer,
// so, like `v1.ts`, this file imports nothing but zod and stays pure: the kiosk bundles it.
import { z } from 'zod';
import { branchIdSchema, kioskIdSchema } from './hub-api.js';

/** Names the algorithm and this canonical form; a new scheme gets a new name. */
export const SIGNATURE_SCHEME = 'BK1-ED25519';

export const KIOSK_AUTH_HEADERS = {
  kioskId: 'x-kiosk-id',
  /** Unix time in milliseconds, decimal. */
  timestamp: 'x-kiosk-timestamp',
  /** 16–64 characters of base64url; 16 random bytes (22 characters) is what kiosks send. */
  nonce: 'x-kiosk-nonce',
  /** base64url of the 64-byte Ed25519 signature over `canonicalRequest(...)`. */
  signature: 'x-kiosk-signature',
} as const;

/** A request is accepted this far either side of the hub's clock, and its nonce is remembered this long. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export const nonceSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
export const timestampHeaderSchema = z.string().regex(/^[0-9]{1,15}$/);
/** base64url, no padding: 64 bytes → 86 characters. */
export const signatureHeaderSchema = z.string().regex(/^[A-Za-z0-9_-]{86}$/);
/** A raw 32-byte Ed25519 public key as base64url (the JWK `x` value): 43 characters. */
export const ed25519PublicKeySchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/);

export interface CanonicalRequestParts {
  method: string;
  /** Path and query exactly as they go on the wire (`/v1/transactions?x=1`). */
  pathAndQuery: string;
  kioskId: string;
  timestamp: string;
  nonce: string;
  /** Lower-case hex SHA-256 of the body bytes; of the empty string when there is no body. */
  bodySha256: string;
}

/**
 * The exact bytes that are signed, one field per line. Every field is restricted to
 * characters without a newline (method and path by HTTP, the rest by the schemas above),
 * so no two different requests share a canonical string.
 */
export function canonicalRequest(parts: CanonicalRequestParts): string {
  return [SIGNATURE_SCHEME, parts.method.toUpperCase(), parts.pathAndQuery, parts.kioskId, parts.timestamp, parts.nonce, parts.bodySha256].join('\n');
}

/** What the kiosk keeps after enrolling; the private key never leaves the kiosk. */
export const kioskCredentialsSchema = z
  .object({
    scheme: z.literal(SIGNATURE_SCHEME),
    kioskId: kioskIdSchema,
    publicKey: ed25519PublicKeySchema,
    /** PKCS#8 PEM. */
    privateKeyPem: z.string().startsWith('-----BEGIN PRIVATE KEY-----'),
    enrolledAt: z.string(),
  })
  .strict();
export type KioskCredentials = z.infer<typeof kioskCredentialsSchema>;

/** Codes are typed by technicians: letters and digits, any case, hyphens and spaces ignored. */
export const enrollmentCodeSchema = z.string().min(16).max(64).regex(/^[A-Za-z0-9 -]+$/);

export const enrollKioskRequestSchema = z
  .object({ kioskId: kioskIdSchema, code: enrollmentCodeSchema, publicKey: ed25519PublicKeySchema })
  .strict();
export type EnrollKioskRequest = z.infer<typeof enrollKioskRequestSchema>;

/** 201. `replacedKey` when the kiosk was enrolled before: its old key no longer works. */
export const enrollKioskResponseSchema = z.object({
  kioskId: z.string(),
  scheme: z.literal(SIGNATURE_SCHEME),
  enrolledAt: z.string(),
  replacedKey: z.boolean(),
});
export type EnrollKioskResponse = z.infer<typeof enrollKioskResponseSchema>;

export const DEFAULT_ENROLLMENT_TTL_SECONDS = 24 * 60 * 60;
export const MAX_ENROLLMENT_TTL_SECONDS = 7 * 24 * 60 * 60;

export const createEnrollmentCodeRequestSchema = z
  .object({
    kioskId: kioskIdSchema,
    /**
     * The branch the kiosk belongs to; its registrations cannot change it. Without it, the
     * kiosk's first registration sets the branch (once); name it.
     */
    branchId: branchIdSchema.optional(),
    ttlSeconds: z.number().int().min(60).max(MAX_ENROLLMENT_TTL_SECONDS).default(DEFAULT_ENROLLMENT_TTL_SECONDS),
  })
  .strict();
export type CreateEnrollmentCodeRequest = z.input<typeof createEnrollmentCodeRequestSchema>;

/** 201. The code is shown here once; the hub keeps only its hash. */
export const createEnrollmentCodeResponseSchema = z.object({ kioskId: z.string(), branchId: z.string().optional(), code: z.string(), expiresAt: z.string() });
export type CreateEnrollmentCodeResponse = z.infer<typeof createEnrollmentCodeResponseSchema>;

/** Why the hub refused a request; counted per reason and shown to admins, never to kiosks in detail. */
export const authFailureReasonSchema = z.enum([
  'missing_signature',
  'malformed_signature',
  'expired_timestamp',
  'unknown_kiosk',
  'bad_signature',
  'kiosk_mismatch',
  'replayed_nonce',
  'enrollment_code_invalid',
  'enrollment_code_used',
  'enrollment_code_expired',
  'missing_token',
  'bad_token',
  'insufficient_role',
]);
export type AuthFailureReason = z.infer<typeof authFailureReasonSchema>;

export const authFailuresResponseSchema = z.object({
  /** Counts are per hub instance, since it started. */
  since: z.string(),
  total: z.number().int().nonnegative(),
  counts: z.record(authFailureReasonSchema, z.number().int().nonnegative()),
});
export type AuthFailuresResponse = z.infer<typeof authFailuresResponseSchema>;
