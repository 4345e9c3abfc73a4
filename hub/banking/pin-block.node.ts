// ISO 9564-1 PIN blocks, formats 0 and 4 (protocol/card-security.ts fixes which). The hub
// decrypts what the PIN pad encrypted; encryption is here too for the demo and the tests.
// The clear PIN only ever exists as a Buffer of ASCII digits that the caller wipes
// (`buffer.fill(0)`) as soon as it has been compared: a JS string could not be wiped.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export class PinBlockError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PinBlockError';
  }
}

const MIN_PIN = 4;
const MAX_PIN = 12;

function checkPin(pin: Buffer): void {
  if (pin.length < MIN_PIN || pin.length > MAX_PIN || !pin.every((byte) => byte >= 0x30 && byte <= 0x39)) {
    throw new PinBlockError(`a PIN is ${MIN_PIN} to ${MAX_PIN} digits`);
  }
}

function checkPan(pan: string): void {
  if (!/^\d{12,19}$/.test(pan)) throw new PinBlockError('a PAN is 12 to 19 digits');
}

/** Nibbles (0–15) to bytes, two per byte, high nibble first. */
function packNibbles(nibbles: readonly number[]): Buffer {
  const out = Buffer.alloc(nibbles.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = ((nibbles[2 * i] ?? 0) << 4) | (nibbles[2 * i + 1] ?? 0);
  return out;
}

const nibbleAt = (bytes: Buffer, index: number): number => ((bytes[index >> 1] ?? 0) >> (index % 2 === 0 ? 4 : 0)) & 0x0f;

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
  return out;
}

// ---- format 0 ----------------------------------------------------------------------------------

/** Format 0 PIN field: 0, length, the digits, F fill to 16 nibbles. */
export function format0PinField(pin: Buffer): Buffer {
  checkPin(pin);
  const nibbles = [0, pin.length, ...[...pin].map((digit) => digit - 0x30)];
  while (nibbles.length < 16) nibbles.push(0xf);
  return packNibbles(nibbles);
}

/** Format 0 PAN field: 0000 and the 12 rightmost PAN digits without the check digit (left-padded with 0 for a 12-digit PAN). */
export function format0PanField(pan: string): Buffer {
  checkPan(pan);
  const digits = `0000${pan.slice(-13, -1).padStart(12, '0')}`;
  return Buffer.from(digits, 'hex');
}

function tdea(key: Buffer, block: Buffer, decrypt: boolean): Buffer {
  if (key.length !== 16) throw new PinBlockError('format 0 takes a double-length (16-byte) TDEA key');
  const cipher = decrypt ? createDecipheriv('des-ede-ecb', key, null) : createCipheriv('des-ede-ecb', key, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(block), cipher.final()]);
}

export function encryptFormat0(key: Buffer, pin: Buffer, pan: string): Buffer {
  const clear = xor(format0PinField(pin), format0PanField(pan));
  return tdea(key, clear, false);
}

/** The PIN's digits; a PinBlockError when the block does not decode as format 0 for this PAN. */
export function decryptFormat0(key: Buffer, block: Buffer, pan: string): Buffer {
  if (block.length !== 8) throw new PinBlockError('a format 0 block is 8 bytes');
  const field = xor(tdea(key, block, true), format0PanField(pan));
  try {
    const length = nibbleAt(field, 1);
    if (nibbleAt(field, 0) !== 0 || length < MIN_PIN || length > MAX_PIN) throw new PinBlockError('not a format 0 PIN block for this card');
    const pin = Buffer.alloc(length);
    for (let i = 0; i < length; i++) {
      const digit = nibbleAt(field, 2 + i);
      if (digit > 9) throw new PinBlockError('not a format 0 PIN block for this card');
      pin[i] = 0x30 + digit;
    }
    for (let i = 2 + length; i < 16; i++) if (nibbleAt(field, i) !== 0xf) throw new PinBlockError('not a format 0 PIN block for this card');
    return pin;
  } finally {
    field.fill(0);
  }
}

// ---- format 4 (ISO 9564-1:2017 §9.4) ------------------------------------------------------------

/** Format 4 PIN field: 4, length, digits, A fill to 16 nibbles, then 8 random bytes. */
export function format4PinField(pin: Buffer, randomFill: Buffer = randomBytes(8)): Buffer {
  checkPin(pin);
  if (randomFill.length !== 8) throw new PinBlockError('format 4 takes 8 bytes of random fill');
  const nibbles = [4, pin.length, ...[...pin].map((digit) => digit - 0x30)];
  while (nibbles.length < 16) nibbles.push(0xa);
  return Buffer.concat([packNibbles(nibbles), randomFill]);
}

/** Format 4 PAN field: PAN length − 12 (0 when shorter, left-padded to 12), the PAN, 0 fill to 32 nibbles. */
export function format4PanField(pan: string): Buffer {
  checkPan(pan);
  const nibbles = [pan.length - 12, ...[...pan].map((digit) => Number(digit))];
  while (nibbles.length < 32) nibbles.push(0);
  return packNibbles(nibbles);
}

function aes(key: Buffer, block: Buffer, decrypt: boolean): Buffer {
  if (key.length !== 16) throw new PinBlockError('format 4 takes an AES-128 key');
  const cipher = decrypt ? createDecipheriv('aes-128-ecb', key, null) : createCipheriv('aes-128-ecb', key, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(block), cipher.final()]);
}

export function encryptFormat4(key: Buffer, pin: Buffer, pan: string, randomFill?: Buffer): Buffer {
  const field = format4PinField(pin, randomFill);
  try {
    return aes(key, xor(aes(key, field, false), format4PanField(pan)), false);
  } finally {
    field.fill(0);
  }
}

export function decryptFormat4(key: Buffer, block: Buffer, pan: string): Buffer {
  if (block.length !== 16) throw new PinBlockError('a format 4 block is 16 bytes');
  const field = aes(key, xor(aes(key, block, true), format4PanField(pan)), true);
  try {
    const length = nibbleAt(field, 1);
    // A block bound to another PAN decrypts to noise: the control nibble and fill catch it.
    if (nibbleAt(field, 0) !== 4 || length < MIN_PIN || length > MAX_PIN) throw new PinBlockError('not a format 4 PIN block for this card');
    const pin = Buffer.alloc(length);
    for (let i = 0; i < length; i++) {
      const digit = nibbleAt(field, 2 + i);
      if (digit > 9) throw new PinBlockError('not a format 4 PIN block for this card');
      pin[i] = 0x30 + digit;
    }
    for (let i = 2 + length; i < 16; i++) if (nibbleAt(field, i) !== 0xa) throw new PinBlockError('not a format 4 PIN block for this card');
    return pin;
  } finally {
    field.fill(0);
  }
}
