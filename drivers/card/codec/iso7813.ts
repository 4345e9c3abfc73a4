// ISO/IEC 7813 financial magnetic stripe tracks, as ASCII text the reader decoded:
//   track 1 (format B): %B PAN ^ NAME ^ YYMM SSS discretionary ? [LRC]
//   track 2:            ;  PAN =        YYMM SSS discretionary ? [LRC]
// The discretionary data (it can hold a CVV) is checked for charset only and never kept.
import { CardRead, type CardExpiry, type CardName } from './card-read.js';
import { decodeError, isDecodeError, type CardDecodeError } from './errors.js';
import { luhnValid } from './luhn.js';
import { parseCardholderName } from './name.js';

export interface TrackFields {
  pan: string;
  name?: CardName;
  expiry: CardExpiry;
  serviceCode?: string;
}

interface TrackSpec {
  track: 1 | 2;
  start: string;
  separator: string;
  /** Longest track, sentinels and LRC included. */
  maxLength: number;
  /** Character range the track's code (6-bit or 4-bit) can carry. */
  min: number;
  max: number;
}

const TRACK1: TrackSpec = { track: 1, start: '%', separator: '^', maxLength: 79, min: 0x20, max: 0x5f };
const TRACK2: TrackSpec = { track: 2, start: ';', separator: '=', maxLength: 40, min: 0x30, max: 0x3f };

/** The track LRC: XOR of the character codes (sentinels included), as a track character. */
export function trackLrc(text: string, track: 1 | 2): string {
  const base = track === 1 ? 0x20 : 0x30;
  let lrc = 0;
  for (let i = 0; i < text.length; i++) lrc ^= text.charCodeAt(i) - base;
  return String.fromCharCode(base + lrc);
}

export function parseTrack1(bytes: Uint8Array): TrackFields | CardDecodeError {
  return parseTrack(bytes, TRACK1);
}

export function parseTrack2(bytes: Uint8Array): TrackFields | CardDecodeError {
  return parseTrack(bytes, TRACK2);
}

function parseTrack(bytes: Uint8Array, spec: TrackSpec): TrackFields | CardDecodeError {
  const t = spec.track;
  // Checked before the text is built: the input may be any length of garbage.
  if (bytes.length > spec.maxLength + 1) return decodeError('TOO_LONG', `track ${t} is longer than ${spec.maxLength} characters`);
  const text = String.fromCharCode(...bytes);
  // Readers report an unreadable track as "%E?" / ";E?".
  if (text === `${spec.start}E?`) return decodeError('TRACK_READ_ERROR', `the reader could not read track ${t}`);
  if (text[0] !== spec.start) return decodeError('SENTINEL', `track ${t} does not begin with its start sentinel`, 0);
  const end = text.indexOf('?');
  if (end < 0) return decodeError('SENTINEL', `track ${t} has no end sentinel`);
  if (text.length > end + 2) return decodeError('SENTINEL', `track ${t} has data after its end sentinel`, end + 1);
  if (end + 1 > spec.maxLength) return decodeError('TOO_LONG', `track ${t} is longer than ${spec.maxLength} characters`);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < spec.min || c > spec.max) return decodeError('CHARSET', `track ${t} has a character outside its character set`, i);
  }
  const framed = text.slice(0, end + 1);
  if (text.length === end + 2 && text[end + 1] !== trackLrc(framed, t)) return decodeError('LRC', `track ${t} fails its LRC`, end + 1);

  let body = framed.slice(1, -1);
  if (t === 1) {
    if (body[0] !== 'B') return decodeError('FORMAT_CODE', 'track 1 is not format B (financial)', 1);
    body = body.slice(1);
  }
  const fields = body.split(spec.separator);
  if (fields.length < (t === 1 ? 3 : 2)) return decodeError('SEPARATOR', `track ${t} lacks a field separator '${spec.separator}'`);
  const pan = fields[0] ?? '';
  const panError = checkPan(pan);
  if (panError) return panError;
  let name: CardName | undefined;
  if (t === 1) {
    const rawName = fields[1] ?? '';
    if (rawName.length < 2 || rawName.length > 26) return decodeError('NAME', 'track 1 name is not 2 to 26 characters');
    name = parseCardholderName(rawName);
  }
  // Whatever follows the last field separator: YYMM, service code, discretionary data.
  const rest = fields.slice(t === 1 ? 2 : 1).join(spec.separator);
  const expiry = parseExpiry(rest.slice(0, 4));
  if (isDecodeError(expiry)) return expiry;
  const service = rest.slice(4, 7);
  let serviceCode: string | undefined;
  if (service[0] !== spec.separator) {
    if (!/^\d{3}$/.test(service)) return decodeError('SERVICE_CODE', `track ${t} service code is not 3 digits`);
    serviceCode = service;
  }
  const out: TrackFields = { pan, expiry };
  if (name) out.name = name;
  if (serviceCode) out.serviceCode = serviceCode;
  return out;
}

/** PAN: 13 to 19 decimal digits passing the Luhn check. */
export function checkPan(pan: string): CardDecodeError | null {
  if (!/^\d*$/.test(pan)) return decodeError('PAN_DIGITS', 'the PAN holds a character other than a digit');
  if (pan.length < 13 || pan.length > 19) return decodeError('PAN_LENGTH', `the PAN has ${pan.length} digits, not 13 to 19`);
  if (!luhnValid(pan)) return decodeError('PAN_LUHN', 'the PAN fails the Luhn check');
  return null;
}

/** YYMM as on the stripe (and the first four digits of EMV 5F24): month 01–12. */
export function parseExpiry(yymm: string): CardExpiry | CardDecodeError {
  if (!/^\d{4}$/.test(yymm)) return decodeError('EXPIRY', 'the expiry date is not YYMM');
  const month = Number(yymm.slice(2, 4));
  if (month < 1 || month > 12) return decodeError('EXPIRY', 'the expiry month is not 01 to 12');
  return { year: 2000 + Number(yymm.slice(0, 2)), month };
}

export interface SwipeTracks {
  track1?: Uint8Array;
  track2?: Uint8Array;
}

/**
 * Combines the tracks of one swipe. Track 2 is the reference for PAN, expiry and service code
 * (it is what issuers authorise on); track 1 adds the name. Either alone is enough; when both
 * read, their PANs must agree.
 */
export function decodeTracks(tracks: SwipeTracks): CardRead | CardDecodeError {
  const t1 = tracks.track1 ? parseTrack1(tracks.track1) : undefined;
  const t2 = tracks.track2 ? parseTrack2(tracks.track2) : undefined;
  const ok1 = t1 && !isDecodeError(t1) ? t1 : undefined;
  const ok2 = t2 && !isDecodeError(t2) ? t2 : undefined;
  if (ok1 && ok2 && ok1.pan !== ok2.pan) return decodeError('TRACK_MISMATCH', 'tracks 1 and 2 carry different PANs');
  const main = ok2 ?? ok1;
  if (!main) {
    const err = (t2 && isDecodeError(t2) ? t2 : undefined) ?? (t1 && isDecodeError(t1) ? t1 : undefined);
    return err ?? decodeError('NO_TRACK', 'the swipe carried neither track 1 nor track 2');
  }
  return new CardRead({ source: 'magstripe', pan: main.pan, expiry: main.expiry, serviceCode: main.serviceCode, name: ok1?.name });
}
