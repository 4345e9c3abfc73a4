// A swipe as one ASCII stream ("%B…?;…?", optionally with LRCs and CR/LF between tracks), as
// serial readers and keyboard wedges send it; and the encoders simulators use to make one.
import type { CardExpiry, CardName, CardRead } from './card-read.js';
import type { CardDecodeError } from './errors.js';
import { decodeTracks, trackLrc, type SwipeTracks } from './iso7813.js';
import { formatCardholderName } from './name.js';

const PERCENT = 0x25;
const SEMICOLON = 0x3b;
const QUESTION = 0x3f;
const CR = 0x0d;
const LF = 0x0a;

// After an end sentinel the next byte is either that track's LRC or the start of the next
// track. An LRC can equal a start sentinel (';' is one of the 16 track 2 values), so a start
// is only taken as one when the byte after it fits: 'B'/'E' after '%', a digit or 'E' after ';'.
function startsTrack(bytes: Uint8Array, at: number): boolean {
  const c = bytes[at];
  const next = bytes[at + 1];
  if (next === undefined) return false;
  if (c === PERCENT) return next === 0x42 || next === 0x45;
  if (c === SEMICOLON) return (next >= 0x30 && next <= 0x39) || next === 0x45;
  return false;
}

/** Splits a stream into its tracks; a second ';' track (track 3) is dropped. */
export function splitTracks(bytes: Uint8Array): SwipeTracks {
  const out: SwipeTracks = {};
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i];
    if (c !== PERCENT && c !== SEMICOLON) {
      i += 1;
      continue;
    }
    let end = bytes.indexOf(QUESTION, i + 1);
    if (end < 0) end = bytes.length - 1;
    let next = end + 1;
    const after = bytes[next];
    if (after !== undefined && after !== CR && after !== LF && !startsTrack(bytes, next)) next += 1;
    const track = bytes.subarray(i, next);
    if (c === PERCENT) out.track1 ??= track;
    else out.track2 ??= track;
    i = next;
  }
  return out;
}

export function decodeSwipe(bytes: Uint8Array): CardRead | CardDecodeError {
  return decodeTracks(splitTracks(bytes));
}

export interface MagstripeCard {
  pan: string;
  name?: CardName | string;
  expiry: CardExpiry;
  serviceCode?: string;
  /** Issuer data after the service code (digits for track 2). */
  discretionary?: string;
}

export interface TrackEncodeOptions {
  /** Append the track LRC after the end sentinel. */
  lrc?: boolean;
}

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0x7f);
const yymm = (e: CardExpiry): string => `${String(e.year % 100).padStart(2, '0')}${String(e.month).padStart(2, '0')}`;

export function encodeTrack1(card: MagstripeCard, opts: TrackEncodeOptions = {}): Uint8Array {
  const rawName = typeof card.name === 'string' ? card.name : card.name ? formatCardholderName(card.name) : ' /';
  const name = rawName.toUpperCase().padEnd(2, ' ').slice(0, 26);
  const text = `%B${card.pan}^${name}^${yymm(card.expiry)}${card.serviceCode ?? '^'}${card.discretionary ?? ''}?`;
  return ascii(opts.lrc ? text + trackLrc(text, 1) : text);
}

export function encodeTrack2(card: MagstripeCard, opts: TrackEncodeOptions = {}): Uint8Array {
  const text = `;${card.pan}=${yymm(card.expiry)}${card.serviceCode ?? '='}${card.discretionary ?? ''}?`;
  return ascii(opts.lrc ? text + trackLrc(text, 2) : text);
}

/** Track 1 then track 2, as one stream. */
export function encodeSwipeText(card: MagstripeCard, opts: TrackEncodeOptions = {}): Uint8Array {
  const t1 = encodeTrack1(card, opts);
  const t2 = encodeTrack2(card, opts);
  const out = new Uint8Array(t1.length + t2.length);
  out.set(t1, 0);
  out.set(t2, t1.length);
  return out;
}
