// The demo bank's card checks: PAN lookup HMAC, PIN verification value, PIN-encryption keys.
// A real bank does these inside its HSM; the shapes are the same.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PinBlock } from '../../../protocol/card-security.js';
import { decryptFormat0, decryptFormat4, PinBlockError } from '../pin-block.node.js';
import { DEMO_PAN_LOOKUP_KEY, DEMO_PIN_KEYS, DEMO_PIN_VERIFICATION_KEY, DEMO_TMK_CEREMONY_KEY } from './demo-keys.js';

const panKey = Buffer.from(DEMO_PAN_LOOKUP_KEY, 'hex');
const pvk = Buffer.from(DEMO_PIN_VERIFICATION_KEY, 'hex');

/** The simulated key ceremony: the two TMK components of a kiosk's PIN pad (demo-keys.ts). */
export function demoKeyCeremony(kioskId: string): Buffer[] {
  return ['A', 'B'].map((custodian) => createHmac('sha256', Buffer.from(DEMO_TMK_CEREMONY_KEY, 'hex')).update(`${kioskId}\u0000${custodian}`, 'utf8').digest().subarray(0, 16));
}

export const panHmac = (pan: string): string => createHmac('sha256', panKey).update(pan, 'utf8').digest('hex');
/** The lookup HMAC of a resident ID number: the demo bank never stores the number itself. */
export const idNumberHmac = (idNumber: string): string => createHmac('sha256', panKey).update(`id\u0000${idNumber}`, 'utf8').digest('hex');

/** PVV = HMAC-SHA256(PVK, PAN ‖ 0x00 ‖ PIN digits), hex. */
export function pinVerificationValue(pan: string, pin: Buffer): string {
  return createHmac('sha256', pvk).update(pan, 'utf8').update(Buffer.of(0)).update(pin).digest('hex');
}

export function pinMatches(pan: string, pin: Buffer, storedPvv: string): boolean {
  const expected = Buffer.from(storedPvv, 'hex');
  const actual = Buffer.from(pinVerificationValue(pan, pin), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * The PIN digits inside `block` for this PAN (the caller wipes them), or null when the block is
 * under an unknown key, of the wrong format for its key, or not bound to this PAN.
 */
export function decryptPinBlock(block: PinBlock, pan: string, kioskKey?: Buffer): Buffer | null {
  // A kiosk's own working key (pinpad-keys.node.ts) is AES-128: format 4 only.
  const demo = kioskKey ? undefined : DEMO_PIN_KEYS.find((candidate) => candidate.keyId === block.keyId);
  const format = kioskKey ? 4 : demo?.format;
  if (format === undefined || format !== block.format) {
    kioskKey?.fill(0);
    return null;
  }
  // The caller's buffer is ours to wipe (below), as is the copy of a demo key.
  const keyBytes = kioskKey ?? Buffer.from(demo?.key ?? '', 'hex');
  try {
    const bytes = Buffer.from(block.block, 'hex');
    return block.format === 0 ? decryptFormat0(keyBytes, bytes, pan) : decryptFormat4(keyBytes, bytes, pan);
  } catch (error) {
    if (error instanceof PinBlockError) return null;
    throw error;
  } finally {
    keyBytes.fill(0);
  }
}
