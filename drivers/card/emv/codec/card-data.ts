// Card data from the objects an EMV card returned (records and the GPO answer): PAN from 5A or
// the track 2 equivalent (57), expiry from 5F24 (else from 57), name from 5F20, service code
// from 5F30 (else from 57). Same checks as the stripe: Luhn, 13–19 digits, month 01–12.
import { CardRead, type CardSource } from '../../codec/card-read.js';
import { decodeError, isDecodeError, type CardDecodeError } from '../../codec/errors.js';
import { checkPan, parseExpiry } from '../../codec/iso7813.js';
import { parseCardholderName } from '../../codec/name.js';
import { bytesAscii } from './hex.js';
import { findTag, type Tlv } from './tlv.js';

/** Nibbles as characters 0-9 and A-F (D separates track 2 fields, F pads). */
function nibbles(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += (b >> 4).toString(16) + (b & 0x0f).toString(16);
  return s.toUpperCase();
}

/** Numeric (cn) field: digits, trailing F padding dropped. */
function bcdDigits(bytes: Uint8Array, what: string): string | CardDecodeError {
  const s = nibbles(bytes).replace(/F+$/, '');
  return /^\d*$/.test(s) ? s : decodeError('BCD', `${what} holds a nibble that is not a digit`);
}

interface Track2Equivalent {
  pan: string;
  yymm: string;
  serviceCode: string;
}

function parseTrack2Equivalent(bytes: Uint8Array): Track2Equivalent | CardDecodeError {
  const s = nibbles(bytes).replace(/F+$/, '');
  const sep = s.indexOf('D');
  if (sep < 0) return decodeError('SEPARATOR', 'the track 2 equivalent (57) has no D separator');
  const pan = s.slice(0, sep);
  const rest = s.slice(sep + 1);
  if (!/^\d*$/.test(pan) || !/^\d{7}/.test(rest)) return decodeError('BCD', 'the track 2 equivalent (57) is not PAN D YYMM SSS');
  return { pan, yymm: rest.slice(0, 4), serviceCode: rest.slice(4, 7) };
}

export function cardReadFromObjects(objects: readonly Tlv[], source: CardSource): CardRead | CardDecodeError {
  const t57 = findTag(objects, '57');
  const track2 = t57 ? parseTrack2Equivalent(t57.value) : undefined;
  if (isDecodeError(track2)) return track2;
  const t5a = findTag(objects, '5A');
  const pan = t5a ? bcdDigits(t5a.value, 'the PAN (5A)') : track2?.pan;
  if (pan === undefined) return decodeError('NO_PAN', 'the card returned neither a PAN (5A) nor a track 2 equivalent (57)');
  if (isDecodeError(pan)) return pan;
  if (track2 && track2.pan !== pan) return decodeError('TRACK_MISMATCH', 'the PAN (5A) and the track 2 equivalent (57) differ');
  const panError = checkPan(pan);
  if (panError) return panError;

  const t5f24 = findTag(objects, '5F24');
  const yymmdd = t5f24 ? bcdDigits(t5f24.value, 'the expiry date (5F24)') : track2?.yymm;
  if (yymmdd === undefined) return decodeError('EXPIRY', 'the card returned no expiry date (5F24)');
  if (isDecodeError(yymmdd)) return yymmdd;
  const expiry = parseExpiry(yymmdd.slice(0, 4));
  if (isDecodeError(expiry)) return expiry;

  const t5f30 = findTag(objects, '5F30');
  const sc = t5f30 ? bcdDigits(t5f30.value, 'the service code (5F30)') : track2?.serviceCode;
  if (isDecodeError(sc)) return sc;
  const serviceCode = sc && /^\d{3,4}$/.test(sc) ? sc.slice(-3) : undefined;

  const t5f20 = findTag(objects, '5F20');
  const name = t5f20 ? parseCardholderName(bytesAscii(t5f20.value)) : undefined;
  return new CardRead({ source, pan, expiry, serviceCode, name });
}

/** Encodes digits as cn (BCD, F padded): for simulators. */
export function digitsToBcd(digits: string, padTo?: number): Uint8Array {
  let s = digits.length % 2 ? `${digits}F` : digits;
  if (padTo !== undefined) s = s.padEnd(padTo * 2, 'F');
  return Uint8Array.from({ length: s.length / 2 }, (_, i) => parseInt(s.slice(i * 2, i * 2 + 2), 16));
}
