import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDecodeError } from './codec/errors.js';
import { panField0, panField4, pinDigits, pinField0, xorBytes } from './codec/pin-block.js';
import { DEMO_PIN_KEYS, keyBytes } from './demo-keys.js';
import { decipherPinBlock, encipherPinBlock } from './pin-block-crypto.node.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
const text = (pin: Uint8Array | { code: string }): string => (isDecodeError(pin) ? `!${pin.code}` : Array.from(pin as Uint8Array).join(''));

describe('ISO 9564-1 format 0', () => {
  it('builds the classic clear block (PIN 1234, PAN 1111222233334444 → 041226DDDCCCCBBB)', () => {
    // Published in the cardutil library's pinblock documentation and many PIN block calculators.
    expect(hex(xorBytes(pinField0(pinDigits('1234')), panField0('1111222233334444')))).toBe('041226DDDCCCCBBB');
    // psec (pypi) test_decode_pinblock_iso_0: PAN 5555555551234567.
    expect(hex(xorBytes(pinField0(pinDigits('123456789012')), panField0('5555555551234567')))).toBe('0C1261032D8226A9');
  });

  it('enciphers under a double-length TDEA key (cardutil: key 00…00 → 4C0906D10308871A)', () => {
    const block = encipherPinBlock({ format: 0, key: new Uint8Array(16), pin: pinDigits('1234'), pan: '1111222233334444' });
    expect(hex(block)).toBe('4C0906D10308871A');
    expect(text(decipherPinBlock({ format: 0, key: new Uint8Array(16), block, pan: '1111222233334444' }))).toBe('1234');
  });

  it('refuses a PAN too short to carry 12 digits and a check digit', () => {
    expect(() => panField0('123456789012')).toThrow(RangeError);
  });
});

describe('ISO 9564-1 format 4 (AES)', () => {
  it('deciphers the ep2 test vector (ep2 Security Specification 8.0.0 §8.4, as used in psec tests)', () => {
    const pin = decipherPinBlock({ format: 4, key: bytes('C1D0F8FB4958670DBA40AB1F3752EF0D'), block: bytes('CC17F65586BFD0953010226C4FC5B3CA'), pan: '432198765432109870' });
    expect(text(pin)).toBe('1234');
  });

  it('enciphers the psec deterministic vector (random fill FF…FF) and a PAN shorter than 12 digits', () => {
    const key = bytes('00112233445566778899AABBCCDDEEFF');
    const block = encipherPinBlock({ format: 4, key, pin: pinDigits('1234'), pan: '1234567890123456789', random: new Uint8Array(8).fill(0xff) });
    expect(hex(block)).toBe('28B41FDDD29B743E93124BD8E32D921E');
    expect(text(decipherPinBlock({ format: 4, key, block: bytes('39B69B1B91FE05D48F7EF0D68EB2CBD6'), pan: '1' }))).toBe('123456');
  });

  it('lays out the PAN field per ISO 9564-1:2017 (length indicator, left-justified, zero fill)', () => {
    expect(hex(panField4('0123456789012345'))).toBe('40123456789012345000000000000000');
    expect(hex(panField4('123'))).toBe('00000000001230000000000000000000');
  });

  it('gives a different block for the same PIN each time (random fill)', () => {
    const key = keyBytes(DEMO_PIN_KEYS['demo-pek-aes-1']!);
    const a = encipherPinBlock({ format: 4, key, pin: pinDigits('1234'), pan: '6212345678901265' });
    const b = encipherPinBlock({ format: 4, key, pin: pinDigits('1234'), pan: '6212345678901265' });
    expect(hex(a)).not.toBe(hex(b));
  });
});

describe('round trips under the demo keys', () => {
  const pins = fc.stringMatching(/^\d{4,12}$/);
  const pans = fc.stringMatching(/^\d{13,19}$/);
  for (const [id, key] of Object.entries(DEMO_PIN_KEYS)) {
    it(`${id}: decipher(encipher(PIN, PAN)) = PIN; another PAN does not give it back`, () => {
      fc.assert(
        fc.property(pins, pans, pans, (pin, pan, other) => {
          const block = encipherPinBlock({ format: key.format, key: keyBytes(key), pin: pinDigits(pin), pan });
          expect(text(decipherPinBlock({ format: key.format, key: keyBytes(key), block, pan }))).toBe(pin);
          // Format 0 binds only 12 PAN digits; the check digit and the leading ones are free.
          const bound = key.format === 0 ? (p: string) => p.slice(-13, -1) : (p: string) => p;
          fc.pre(bound(other) !== bound(pan));
          expect(text(decipherPinBlock({ format: key.format, key: keyBytes(key), block, pan: other }))).not.toBe(pin);
        }),
        { numRuns: 200 },
      );
    });
  }

  it('a block of the wrong length is a typed error', () => {
    const key = keyBytes(DEMO_PIN_KEYS['demo-pek-aes-1']!);
    expect(text(decipherPinBlock({ format: 4, key, block: new Uint8Array(8), pan: '6212345678901265' }))).toBe('!PIN_BLOCK_LENGTH');
  });
});
