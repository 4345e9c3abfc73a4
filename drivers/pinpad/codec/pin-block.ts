// ISO 9564-1 PIN block fields, pure (the ciphers are in ../pin-block-crypto.node.ts):
//
// format 0 (8 bytes, TDEA): PIN field   0 | N | PIN | F…F              (16 nibbles)
//                           PAN field   0000 | 12 rightmost PAN digits without the check digit
//                           clear block = PIN field XOR PAN field
// format 4 (16 bytes, AES): PIN field   4 | N | PIN | A…A (to nibble 16) | 16 random nibbles
//                           PAN field   M | PAN (left-justified, left-padded with 0 to 12
//                                       digits when shorter) | 0…0, M = PAN length − 12 (0 if
//                                       shorter) — ISO 9564-1:2017 §9.4.2
//                           block = E(K, E(K, PIN field) XOR PAN field)
//
// A PIN is handled as digit values (0–9) in a Uint8Array, never a string, so the simulator and
// tests can zero it; these functions never keep a reference to what they are given.
import { decodeError, type PinPadDecodeError } from './errors.js';

export const MIN_PIN = 4;
export const MAX_PIN = 12;

function checkPin(pin: Uint8Array): void {
  if (pin.length < MIN_PIN || pin.length > MAX_PIN || pin.some((d) => d > 9)) throw new RangeError(`a PIN is ${MIN_PIN} to ${MAX_PIN} digits`);
}

function checkPan(pan: string, min: number): void {
  if (!/^\d+$/.test(pan) || pan.length < min || pan.length > 19) throw new RangeError(`a PAN here is ${min} to 19 digits`);
}

/** Packs nibbles (0–15) two to a byte. */
function pack(nibbles: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(nibbles.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = ((nibbles[2 * i] ?? 0) << 4) | (nibbles[2 * i + 1] ?? 0);
  return out;
}

function nibblesOf(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length * 2);
  bytes.forEach((b, i) => {
    out[2 * i] = b >> 4;
    out[2 * i + 1] = b & 0x0f;
  });
  return out;
}

export function xorBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length !== b.length) throw new RangeError('XOR of blocks of different lengths');
  return a.map((x, i) => x ^ (b[i] ?? 0));
}

export function pinField0(pin: Uint8Array): Uint8Array {
  checkPin(pin);
  const n = new Uint8Array(16).fill(0xf);
  n[0] = 0;
  n[1] = pin.length;
  n.set(pin, 2);
  const out = pack(n);
  n.fill(0);
  return out;
}

/** Format 0 PAN field; the PAN needs 13 digits at least (12 plus the check digit). */
export function panField0(pan: string): Uint8Array {
  checkPan(pan, 13);
  const twelve = pan.slice(-13, -1);
  return pack([0, 0, 0, 0, ...Array.from(twelve, Number)]);
}

/** `random`: 8 bytes of fill for the second half (the caller draws them). */
export function pinField4(pin: Uint8Array, random: Uint8Array): Uint8Array {
  checkPin(pin);
  if (random.length !== 8) throw new RangeError('format 4 takes 8 random bytes');
  const n = new Uint8Array(16).fill(0xa);
  n[0] = 4;
  n[1] = pin.length;
  n.set(pin, 2);
  const out = new Uint8Array(16);
  out.set(pack(n));
  out.set(random, 8);
  n.fill(0);
  return out;
}

export function panField4(pan: string): Uint8Array {
  checkPan(pan, 1);
  const digits = pan.padStart(12, '0');
  const n = new Uint8Array(32);
  n[0] = digits.length - 12;
  n.set(Array.from(digits, Number), 1);
  return pack(n);
}

/** The PIN digits of a clear format 0 or 4 PIN field, or why the field is not one. */
export function decodePinField(field: Uint8Array, format: 0 | 4): Uint8Array | PinPadDecodeError {
  const expected = format === 0 ? 8 : 16;
  if (field.length !== expected) return decodeError('PIN_BLOCK_LENGTH', `a format ${format} PIN field is ${expected} bytes`);
  const n = nibblesOf(field.subarray(0, 8));
  try {
    if (n[0] !== format) return decodeError('PIN_BLOCK_FORMAT', `the control field is not ${format}`);
    const len = n[1] ?? 0;
    if (len < MIN_PIN || len > MAX_PIN) return decodeError('PIN_LENGTH', `the PIN length is outside ${MIN_PIN}–${MAX_PIN}`);
    const pin = n.slice(2, 2 + len);
    if (pin.some((d) => d > 9)) {
      pin.fill(0);
      return decodeError('PIN_DIGITS', 'the PIN field holds a non-decimal digit');
    }
    const fill = format === 0 ? 0xf : 0xa;
    if (n.subarray(2 + len).some((d) => d !== fill)) {
      pin.fill(0);
      return decodeError('PIN_FILL', 'the PIN field fill is wrong');
    }
    return pin;
  } finally {
    n.fill(0);
  }
}

/** '1234' → digit values, for tests and the simulator's keyboard. */
export function pinDigits(pin: string): Uint8Array {
  if (!/^\d*$/.test(pin)) throw new RangeError('a PIN is decimal digits');
  return Uint8Array.from(pin, (c) => c.charCodeAt(0) - 48);
}
