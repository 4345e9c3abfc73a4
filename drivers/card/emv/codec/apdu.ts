// Command APDUs of the EMV read flow (ISO/IEC 7816-4, EMV Book 1 and 3) and response parsing.
// Every command here is a short APDU ending in an Le byte, so a 6Cxx answer ("wrong length,
// use xx") is handled by replacing that last byte.
import { decodeError, type CardDecodeError } from '../../codec/errors.js';
import { concatBytes } from './hex.js';

export interface ApduResponse {
  data: Uint8Array;
  sw1: number;
  sw2: number;
  /** SW1 << 8 | SW2 */
  sw: number;
}

export const SW_OK = 0x9000;

export function selectByName(name: Uint8Array, next = false): Uint8Array {
  // P1 04: select by DF name; P2 00 first occurrence, 02 next (partial AID matching).
  return concatBytes([Uint8Array.of(0x00, 0xa4, 0x04, next ? 0x02 : 0x00, name.length), name, Uint8Array.of(0x00)]);
}

/** GET PROCESSING OPTIONS with the PDOL values wrapped in the command template 83. */
export function getProcessingOptions(pdolData: Uint8Array): Uint8Array {
  const template = concatBytes([Uint8Array.of(0x83, pdolData.length), pdolData]);
  return concatBytes([Uint8Array.of(0x80, 0xa8, 0x00, 0x00, template.length), template, Uint8Array.of(0x00)]);
}

export function readRecord(sfi: number, record: number): Uint8Array {
  // P2: SFI in the top five bits, 100 = "P1 is a record number".
  return Uint8Array.of(0x00, 0xb2, record, (sfi << 3) | 0x04, 0x00);
}

export function getResponse(le: number): Uint8Array {
  return Uint8Array.of(0x00, 0xc0, 0x00, 0x00, le & 0xff);
}

/** The same command with a different Le (for a 6Cxx answer). */
export function withLe(apdu: Uint8Array, le: number): Uint8Array {
  const out = apdu.slice();
  out[out.length - 1] = le & 0xff;
  return out;
}

export function parseResponse(bytes: Uint8Array): ApduResponse | CardDecodeError {
  if (bytes.length < 2) return decodeError('APDU_RESPONSE', `a ${bytes.length}-byte response has no status word`);
  const sw1 = bytes[bytes.length - 2] ?? 0;
  const sw2 = bytes[bytes.length - 1] ?? 0;
  // A copy, never a view (Buffer.slice is one): callers zero the raw response afterwards.
  return { data: Uint8Array.from(bytes.subarray(0, -2)), sw1, sw2, sw: (sw1 << 8) | sw2 };
}

export type SwAction =
  | { kind: 'ok' }
  /** 61xx: xx more bytes wait; fetch them with GET RESPONSE (00 means 256). */
  | { kind: 'get-response'; le: number }
  /** 6Cxx: wrong Le; send the same command again with Le = xx. */
  | { kind: 'resend'; le: number }
  | { kind: 'error'; sw: number };

export function swAction(r: Pick<ApduResponse, 'sw1' | 'sw2' | 'sw'>): SwAction {
  if (r.sw === SW_OK) return { kind: 'ok' };
  if (r.sw1 === 0x61) return { kind: 'get-response', le: r.sw2 };
  if (r.sw1 === 0x6c) return { kind: 'resend', le: r.sw2 };
  return { kind: 'error', sw: r.sw };
}

export const swHex = (sw: number): string => sw.toString(16).toUpperCase().padStart(4, '0');
