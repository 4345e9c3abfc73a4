import { createCipheriv, createDecipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../../protocol/luhn.js';
import {
  decryptFormat0,
  decryptFormat4,
  encryptFormat0,
  encryptFormat4,
  format0PanField,
  format0PinField,
  format4PanField,
  format4PinField,
  PinBlockError,
} from './pin-block.node.js';

const hex = (bytes: Buffer) => bytes.toString('hex').toUpperCase();
const digits = (text: string) => Buffer.from(text, 'ascii');
const TDES_KEY = Buffer.from('0123456789ABCDEFFEDCBA9876543210', 'hex');
const AES_KEY = Buffer.from('000102030405060708090A0B0C0D0E0F', 'hex');

describe('ISO 9564-1 format 0', () => {
  // Worked by hand from the standard's layout (the same example Wikipedia's ISO 9564 page uses):
  // PIN 1234 → 041234FFFFFFFFFF; PAN 43219876543210987 → 12 digits left of the check digit
  // 987654321098 → 0000987654321098; XOR → 0412AC89ABCDEF67.
  it('builds the PIN field, the PAN field and the clear block of the published example', () => {
    expect(hex(format0PinField(digits('1234')))).toBe('041234FFFFFFFFFF');
    expect(hex(format0PanField('43219876543210987'))).toBe('0000987654321098');
    const block = encryptFormat0(TDES_KEY, digits('1234'), '43219876543210987');
    const clear = createDecipheriv('des-ede-ecb', TDES_KEY, null).setAutoPadding(false).update(block);
    expect(hex(clear)).toBe('0412AC89ABCDEF67');
  });

  it('encrypts with two-key TDEA-ECB: known answer from the OpenSSL command line', () => {
    // The demo key's check value (TDEA of zeros) starts 08D7B4, as published for this test key.
    expect(hex(createCipheriv('des-ede-ecb', TDES_KEY, null).setAutoPadding(false).update(Buffer.alloc(8))).slice(0, 6)).toBe('08D7B4');
    // printf '\x04\x12\xAC\x89\xAB\xCD\xEF\x67' | openssl enc -des-ede-ecb -K 0123…3210 -nopad
    expect(hex(encryptFormat0(TDES_KEY, digits('1234'), '43219876543210987'))).toBe('C967C8198151A458');
    expect(decryptFormat0(TDES_KEY, Buffer.from('C967C8198151A458', 'hex'), '43219876543210987').toString('ascii')).toBe('1234');
  });

  it('pads the PAN field of a 12-digit PAN to 12 digits', () => {
    expect(hex(format0PanField('123456789012'))).toBe('0000012345678901');
  });

  it('refuses a block made for another card or with a broken layout', () => {
    const block = encryptFormat0(TDES_KEY, digits('123456'), '6222021000000000017');
    expect(() => decryptFormat0(TDES_KEY, block, '6222021000000000025')).toThrow(PinBlockError);
    expect(() => decryptFormat0(TDES_KEY, Buffer.alloc(7), '6222021000000000017')).toThrow(PinBlockError);
    expect(() => format0PinField(digits('123'))).toThrow(PinBlockError);
    expect(() => format0PinField(digits('12a4'))).toThrow(PinBlockError);
  });
});

describe('ISO 9564-1:2017 format 4', () => {
  // ANSI X9.24-3:2017 supplement test vectors (AES PIN block format 4): PIN 1234, PAN 4111111111111111.
  it('builds the PIN field and PAN field of the X9.24-3 vectors', () => {
    expect(hex(format4PinField(digits('1234'), Buffer.alloc(8, 0x5c)).subarray(0, 8))).toBe('441234AAAAAAAAAA');
    expect(hex(format4PanField('4111111111111111'))).toBe('44111111111111111000000000000000');
    // 15-digit PAN: M = 3; 12-digit PAN: M = 0.
    expect(hex(format4PanField('411111111111111'))).toBe('34111111111111110000000000000000');
    expect(hex(format4PanField('123456789012'))).toBe('01234567890120000000000000000000');
    expect(hex(format4PinField(digits('12345'), Buffer.alloc(8)).subarray(0, 8))).toBe('4512345AAAAAAAAA');
  });

  it('enciphers as E(K, E(K, PIN field) XOR PAN field): known answer from the OpenSSL command line', () => {
    // PIN field 441234AAAAAAAAAA0123456789ABCDEF under the demo AES key → F112E3ED…48A2; XOR the
    // PAN field; AES again → 70487881…DAA7 (two `openssl enc -aes-128-ecb -nopad` runs and a XOR).
    const fill = Buffer.from('0123456789ABCDEF', 'hex');
    expect(hex(encryptFormat4(AES_KEY, digits('1234'), '4111111111111111', fill))).toBe('70487881E82D3F1EF3A87678147EDAA7');
    expect(decryptFormat4(AES_KEY, Buffer.from('70487881E82D3F1EF3A87678147EDAA7', 'hex'), '4111111111111111').toString('ascii')).toBe('1234');
  });

  it('uses fresh random fill: the same PIN gives different blocks', () => {
    const a = encryptFormat4(AES_KEY, digits('1234'), '4111111111111111');
    const b = encryptFormat4(AES_KEY, digits('1234'), '4111111111111111');
    expect(hex(a)).not.toBe(hex(b));
    expect(decryptFormat4(AES_KEY, a, '4111111111111111').toString()).toBe('1234');
  });

  it('refuses a block made for another card', () => {
    const block = encryptFormat4(AES_KEY, digits('246810'), '6222021000000000025');
    expect(() => decryptFormat4(AES_KEY, block, '6222021000000000017')).toThrow(PinBlockError);
    expect(() => decryptFormat4(AES_KEY, Buffer.alloc(8), '6222021000000000017')).toThrow(PinBlockError);
  });
});

const panArbitrary = fc
  .tuple(fc.integer({ min: 11, max: 18 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 18, maxLength: 18 }))
  .map(([length, ds]) => {
    const partial = ds.slice(0, length).join('');
    return `${partial}${luhnCheckDigit(partial)}`;
  });
const pinArbitrary = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 4, maxLength: 12 }).map((ds) => ds.join(''));
const keyArbitrary = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) => Buffer.from(bytes));

describe('round trips (fast-check)', () => {
  it('format 0: decrypt(encrypt(pin)) = pin for any PAN, PIN and key', () => {
    fc.assert(
      fc.property(keyArbitrary, panArbitrary, pinArbitrary, (key, pan, pin) => {
        expect(decryptFormat0(key, encryptFormat0(key, digits(pin), pan), pan).toString('ascii')).toBe(pin);
      }),
      { numRuns: 300 },
    );
  });

  it('format 4: decrypt(encrypt(pin)) = pin for any PAN, PIN and key', () => {
    fc.assert(
      fc.property(keyArbitrary, panArbitrary, pinArbitrary, (key, pan, pin) => {
        expect(decryptFormat4(key, encryptFormat4(key, digits(pin), pan), pan).toString('ascii')).toBe(pin);
      }),
      { numRuns: 300 },
    );
  });
});
