import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pinBlockSchema } from './card-security.js';
import { CARD_SEAL_ALGORITHM, type SealedCard } from './card-security.js';
import { billPaymentItemSchema, fromStoredPinBlock, storedPinBlockSchema, toStoredPinBlock } from './bill-payment-item.js';

const hex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('').toUpperCase());

describe('stored PIN blocks', () => {
  it('round-trip both formats through base64url exactly', () => {
    fc.assert(
      fc.property(fc.oneof(hex(8).map((block) => ({ format: 0 as const, keyId: 'demo-pek-tdes-1', block })), hex(16).map((block) => ({ format: 4 as const, keyId: 'demo-pek-aes-1', block }))), (pin) => {
        const stored = storedPinBlockSchema.parse(toStoredPinBlock(pin));
        expect(pinBlockSchema.parse(fromStoredPinBlock(stored))).toEqual(pin);
      }),
    );
  });

  it('never shows a long decimal run that the outbox card-number guard could take for a PAN', () => {
    // A hex block that is all digits is the worst case for the guard; stored, it is not.
    const stored = toStoredPinBlock({ format: 4, keyId: 'demo-pek-aes-1', block: '41111111111111114111111111111111' });
    expect(stored.block64).not.toMatch(/\d{13}/);
  });
});

describe('bill.payment rows', () => {
  const card: SealedCard = { alg: CARD_SEAL_ALGORITHM, keyId: 'demo-card-1', epk: 'A'.repeat(43), iv: 'B'.repeat(16), ct: 'C'.repeat(40), tag: 'D'.repeat(22), masked: '622202*********0017', entry: 'chip' };
  const pin = toStoredPinBlock({ format: 4, keyId: 'demo-pek-aes-1', block: '8F3A9C0B71D24E6A5B0C9D8E7F6A5B4C' });
  const row = (authorisation: Record<string, unknown>) => ({
    billId: 'WB-202611-0001',
    billerId: 'water-sh',
    reference: '20456789',
    amount: { minor: 7_840, currency: 'CNY' },
    fee: { minor: 0, currency: 'CNY' },
    maskedPan: card.masked,
    authorisation,
  });
  const session = { kind: 'session', sessionId: '0194c1a2-7b3c-7d4e-8f90-a1b2c3d4e5f6', accountId: 'A1001' };

  it('an online row may carry a fallback (card and PIN block); one from an older kiosk without it still parses', () => {
    expect(billPaymentItemSchema.parse(row({ ...session, fallback: { card, pin } })).authorisation).toEqual({ ...session, fallback: { card, pin } });
    expect(billPaymentItemSchema.parse(row(session)).authorisation).toEqual(session);
  });

  it('a fallback is a sealed card and a stored PIN block, nothing else (never a PIN block in clear hex)', () => {
    expect(billPaymentItemSchema.safeParse(row({ ...session, fallback: { card } })).success).toBe(false);
    expect(billPaymentItemSchema.safeParse(row({ ...session, fallback: { card, pin, pan: '6222021000000000017' } })).success).toBe(false);
    expect(billPaymentItemSchema.safeParse(row({ ...session, fallback: { card, pin: { format: 4, keyId: 'demo-pek-aes-1', block: '8F3A9C0B71D24E6A5B0C9D8E7F6A5B4C' } } })).success).toBe(false);
  });
});
