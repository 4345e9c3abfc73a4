// A bill payment as the kiosk's outbox keeps it and sync delivers it (transaction type
// `bill.payment`): the row id is the payment's idempotency key, so the hub applies it at most
// once whether the kiosk paid online (a card session) or stored it offline (the sealed card and
// the PIN block, forwarded). An online payment also carries a `fallback`: the same sealed card
// and PIN block its card session was opened with, so that a payment whose online call never
// reached the bank (hub away longer than the card session) is forwarded like an offline one —
// the receipt said "pending", and this is what keeps that true. Optional: rows from kiosks older
// than the fallback still parse (and are then only checked, never paid, at the hub). The PIN block is kept base64url, not hex: a run of 13+ decimal
// digits in hex could pass the outbox's card-number guard by chance and the payment would be
// refused; in base64url that chance is negligible.
import { z } from 'zod';
import { keyIdSchema, sealedCardSchema, type PinBlock } from './card-security.js';
import { moneySchema, positiveMoneySchema } from './money.js';

export const BILL_PAYMENT_TYPE = 'bill.payment';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const storedPinBlockSchema = z
  .object({ format: z.union([z.literal(0), z.literal(4)]), keyId: keyIdSchema, block64: z.string().regex(/^[A-Za-z0-9_-]{11,22}$/) })
  .strict();
export type StoredPinBlock = z.infer<typeof storedPinBlockSchema>;

/** What a `forward` row carries, and an online row keeps as its fallback. */
const forwardableSchema = { card: sealedCardSchema, pin: storedPinBlockSchema };
export const paymentFallbackSchema = z.object(forwardableSchema).strict();
export type PaymentFallback = z.infer<typeof paymentFallbackSchema>;

export const billPaymentItemSchema = z
  .object({
    billId: id,
    billerId: id,
    reference: z.string().regex(/^[A-Za-z0-9-]{4,32}$/),
    amount: positiveMoneySchema,
    fee: moneySchema,
    maskedPan: z.string().regex(/^\d{6}\*{2,9}\d{4}$/),
    authorisation: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('session'), sessionId: z.uuid(), accountId: id, fallback: paymentFallbackSchema.optional() }).strict(),
      z.object({ kind: z.literal('forward'), ...forwardableSchema }).strict(),
    ]),
  })
  .strict();
export type BillPaymentItem = z.infer<typeof billPaymentItemSchema>;

const HEX_TO_B64: Record<number, number> = { 16: 11, 32: 22 };

/** Hex ⇄ base64url without Node's Buffer (protocol/ also runs in the page). */
function hexToBase64url(hex: string): string {
  const bytes = hex.match(/../g)?.map((pair) => parseInt(pair, 16)) ?? [];
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64urlToHex(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Array.from(binary, (ch) => ch.charCodeAt(0).toString(16).padStart(2, '0')).join('').toUpperCase();
}

export function toStoredPinBlock(pin: PinBlock): StoredPinBlock {
  const block64 = hexToBase64url(pin.block);
  if (block64.length !== HEX_TO_B64[pin.block.length]) throw new RangeError('PIN block of an unexpected length');
  return { format: pin.format, keyId: pin.keyId, block64 };
}

export function fromStoredPinBlock(stored: StoredPinBlock): PinBlock {
  const block = base64urlToHex(stored.block64);
  return stored.format === 0 ? { format: 0, keyId: stored.keyId, block } : { format: 4, keyId: stored.keyId, block };
}
