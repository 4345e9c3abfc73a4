// Per-kiosk PIN pad working keys between the kiosk host and the hub (hub/banking/README.md,
// "PIN pad keys"). The hub issues a key as a TR-31 / X9.143 version D key block wrapped under
// the pad's terminal master key; the host loads it into the pad and reports the check value the
// pad computed, which makes it the kiosk's key (older ones are retired). No key in clear here.
import { z } from 'zod';
import { keyIdSchema } from './card-security.js';
import { kioskIdSchema } from './hub-api.js';

export const PIN_KEY_PATHS = {
  issue: '/v1/banking/pin-key',
  loaded: '/v1/banking/pin-key/loaded',
} as const;

export const kcvSchema = z.string().regex(/^[0-9A-F]{6}$/);

export const pinKeyRequestSchema = z.object({ kioskId: kioskIdSchema }).strict();

export const pinKeyResponseSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('issued'), keyId: keyIdSchema, format: z.literal(4), keyBlock: z.string().regex(/^D\d{4}[\x20-\x7e]{59,1019}$/), kcv: kcvSchema }).strict(),
  /** The hub keeps no per-device keys (a bank's own key management), or this pad had no key ceremony yet: the pad keeps what it has. */
  z.object({ outcome: z.literal('unavailable'), reason: z.enum(['not-managed', 'no-master-key']) }).strict(),
]);
export type PinKeyResponse = z.infer<typeof pinKeyResponseSchema>;

export const pinKeyLoadedRequestSchema = z.object({ kioskId: kioskIdSchema, keyId: keyIdSchema, kcv: kcvSchema }).strict();

export const pinKeyLoadedResponseSchema = z.discriminatedUnion('confirmed', [
  z.object({ confirmed: z.literal(true) }).strict(),
  z.object({ confirmed: z.literal(false), reason: z.enum(['unknown-key', 'kcv-mismatch', 'not-managed']) }).strict(),
]);
export type PinKeyLoadedResponse = z.infer<typeof pinKeyLoadedResponseSchema>;
