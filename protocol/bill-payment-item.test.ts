import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pinBlockSchema } from './card-security.js';
import { fromStoredPinBlock, storedPinBlockSchema, toStoredPinBlock } from './bill-payment-item.js';

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
