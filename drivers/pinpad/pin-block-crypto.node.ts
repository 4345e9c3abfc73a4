// ISO 9564-1 PIN block encipherment with node:crypto: format 0 under a double-length TDEA key
// (des-ede-ecb), format 4 under AES-128 (aes-128-ecb). On a real kiosk this runs inside the
// EPP's secure hardware; here the simulator and the tests use it (and decipher, which the
// kiosk itself never does — only the hub's key store opens a PIN block).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { decodePinField, panField0, panField4, pinField0, pinField4, xorBytes } from './codec/pin-block.js';
import { decodeError, type PinPadDecodeError } from './codec/errors.js';
import type { PinBlockFormat } from './codec/messages.js';

const CIPHER: Record<PinBlockFormat, { name: string; keyLength: number; block: number }> = {
  0: { name: 'des-ede-ecb', keyLength: 16, block: 8 },
  4: { name: 'aes-128-ecb', keyLength: 16, block: 16 },
};

function ecb(format: PinBlockFormat, key: Uint8Array, data: Uint8Array, encrypt: boolean): Uint8Array {
  const { name, keyLength } = CIPHER[format];
  if (key.length !== keyLength) throw new RangeError(`format ${format} needs a ${keyLength}-byte key`);
  const c = encrypt ? createCipheriv(name, key, null) : createDecipheriv(name, key, null);
  c.setAutoPadding(false);
  const out = Buffer.concat([c.update(data), c.final()]);
  const copy = new Uint8Array(out);
  out.fill(0);
  return copy;
}

export interface EncipherInput {
  format: PinBlockFormat;
  key: Uint8Array;
  /** Digit values 0–9; not kept. */
  pin: Uint8Array;
  pan: string;
  /** Format 4 only: the 8 fill bytes (tests pin them down); drawn at random otherwise. */
  random?: Uint8Array;
}

export function encipherPinBlock(input: EncipherInput): Uint8Array {
  if (input.format === 0) {
    const pinField = pinField0(input.pin);
    const clear = xorBytes(pinField, panField0(input.pan));
    pinField.fill(0);
    const block = ecb(0, input.key, clear, true);
    clear.fill(0);
    return block;
  }
  const pinField = pinField4(input.pin, input.random ?? randomBytes(8));
  const a = ecb(4, input.key, pinField, true);
  pinField.fill(0);
  return ecb(4, input.key, xorBytes(a, panField4(input.pan)), true);
}

/** The PIN digits bound to `pan`, or a typed error (wrong key, wrong PAN or a damaged block). */
export function decipherPinBlock(input: { format: PinBlockFormat; key: Uint8Array; block: Uint8Array; pan: string }): Uint8Array | PinPadDecodeError {
  const { format, key, block, pan } = input;
  if (block.length !== CIPHER[format].block) return decodeError('PIN_BLOCK_LENGTH', `a format ${format} PIN block is ${CIPHER[format].block} bytes`);
  if (format === 0) {
    const clear = ecb(0, key, block, false);
    const field = xorBytes(clear, panField0(pan));
    clear.fill(0);
    const pin = decodePinField(field, 0);
    field.fill(0);
    return pin;
  }
  const b = ecb(4, key, block, false);
  const a = xorBytes(b, panField4(pan));
  const field = ecb(4, key, a, false);
  const pin = decodePinField(field, 4);
  for (const x of [a, b, field]) x.fill(0);
  return pin;
}
