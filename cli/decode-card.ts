// `kioskctl decode track`: magnetic stripe tracks (one or both, one per line, or a swipe as
// the reader sends it) → the ISO/IEC 7813 codec of drivers/card. PCI DSS (DESIGN.md §4): only
// the masked PAN leaves this file, never the PAN, the discretionary data or the track text;
// the CardRead is wiped before returning.
import type { CardDecodeError, CardDecodeErrorCode } from '../drivers/card/codec/errors.js';
import { isDecodeError } from '../drivers/card/codec/errors.js';
import { parseTrack1, parseTrack2 } from '../drivers/card/codec/iso7813.js';
import { displayCardholderName } from '../drivers/card/codec/name.js';
import { decodeSwipe, splitTracks } from '../drivers/card/codec/tracks.js';
import { decoded, defined, refused, type DecodeIssue, type DecodeOutcome } from './decode-outcome.js';

/** The card codec's errors carry no field: name the part of the track each code is about. */
const FIELD: Record<CardDecodeErrorCode, string> = {
  SENTINEL: 'sentinel', FORMAT_CODE: 'formatCode', SEPARATOR: 'separator', PAN_LENGTH: 'pan', PAN_DIGITS: 'pan', PAN_LUHN: 'pan', NAME: 'name',
  EXPIRY: 'expiry', SERVICE_CODE: 'serviceCode', CHARSET: 'charset', TOO_LONG: 'length', LRC: 'lrc', TRACK_READ_ERROR: 'track', TRACK_MISMATCH: 'pan',
  NO_TRACK: 'tracks', FRAME_GARBAGE: 'frame', FRAME_TORN: 'frame', FRAME_TOO_LONG: 'frame', FRAME_LRC: 'frame', FRAME_TRUNCATED: 'frame', HID_REPORT: 'report',
  TLV_TAG: 'tlv', TLV_LENGTH: 'tlv', TLV_TRUNCATED: 'tlv', TLV_DEPTH: 'tlv', APDU_RESPONSE: 'apdu', FCI: 'fci', AFL: 'afl', DOL: 'dol', BCD: 'bcd', NO_PAN: 'pan', VPCD_FRAME: 'frame',
};

const issue = (e: CardDecodeError, track?: 1 | 2): DecodeIssue => ({ code: e.code, field: track ? `track${track}.${FIELD[e.code]}` : FIELD[e.code], message: e.message });

const lastDay = (year: number, month: number): string => new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);

export function decodeTrackText(bytes: Uint8Array): DecodeOutcome {
  const tracks = splitTracks(bytes);
  // Each track on its own, to say which one failed; the verdict is the swipe codec's.
  const t1 = tracks.track1 ? parseTrack1(tracks.track1) : undefined;
  const t2 = tracks.track2 ? parseTrack2(tracks.track2) : undefined;
  const bad1 = t1 && isDecodeError(t1) ? issue(t1, 1) : undefined;
  const bad2 = t2 && isDecodeError(t2) ? issue(t2, 2) : undefined;
  const trackIssues = [bad1, bad2].filter((i): i is DecodeIssue => i !== undefined);
  const read = decodeSwipe(bytes);
  if (isDecodeError(read)) {
    // The swipe codec reports track 2's failure before track 1's; mismatches belong to neither.
    const which = read.code === 'TRACK_MISMATCH' || read.code === 'NO_TRACK' ? undefined : (bad2 ?? bad1);
    return refused(which ?? issue(read), trackIssues.length > 1 ? trackIssues : undefined);
  }
  try {
    return decoded(
      defined({
        source: read.source,
        maskedPan: read.maskedPan,
        expiryMonth: `${read.expiry.year}-${String(read.expiry.month).padStart(2, '0')}`,
        // A card is valid to the end of its expiry month.
        expiryDate: lastDay(read.expiry.year, read.expiry.month),
        serviceCode: read.serviceCode,
        name: read.name ? displayCardholderName(read.name) : undefined,
        surname: read.name?.surname || undefined,
        givenNames: read.name?.given || undefined,
        title: read.name?.title,
        tracks: [...(t1 && !isDecodeError(t1) ? [1] : []), ...(t2 && !isDecodeError(t2) ? [2] : [])],
        // A swipe can pass on one track while the other failed: worth knowing on a service visit.
        trackErrors: trackIssues.length > 0 ? trackIssues : undefined,
      }),
    );
  } finally {
    read.wipe();
  }
}
