// MagTek-style USB HID swipe report (the layout of MagTek's non-encrypting HID readers, which
// other vendors copy): one input report per swipe, no report ID,
//
//   0..2   decode status of tracks 1..3 (0 = read, anything else = error)
//   3..5   data length of tracks 1..3
//   6      card encode type (0 ISO/ABA, 1 AAMVA, 3 blank, …)
//   7..116 track 1 data, 117..226 track 2, 227..336 track 3 (ASCII with sentinels, zero filled)
import { decodeError, type CardDecodeError } from './errors.js';

export const MAGTEK_REPORT_LENGTH = 337;
const TRACK_OFFSETS = [7, 117, 227] as const;
const TRACK_FIELD = 110;

export interface HidTrack {
  /** False when the reader flagged the track as unreadable. */
  ok: boolean;
  data: Uint8Array;
}

export interface HidSwipe {
  /** Tracks 1..3; absent when the reader saw nothing on that track. */
  tracks: [HidTrack | undefined, HidTrack | undefined, HidTrack | undefined];
  encodeType: number;
}

export function parseMagtekReport(report: Uint8Array): HidSwipe | CardDecodeError {
  if (report.length < 7) return decodeError('HID_REPORT', `a ${report.length}-byte report is shorter than its 7-byte header`);
  const tracks: HidSwipe['tracks'] = [undefined, undefined, undefined];
  for (let i = 0; i < 3; i++) {
    const status = report[i] ?? 0;
    const length = report[3 + i] ?? 0;
    const offset = TRACK_OFFSETS[i] ?? 0;
    if (length > TRACK_FIELD) return decodeError('HID_REPORT', `track ${i + 1} length ${length} exceeds its ${TRACK_FIELD}-byte field`, 3 + i);
    if (length > 0 && offset + length > report.length) return decodeError('HID_REPORT', `track ${i + 1} runs past the end of a ${report.length}-byte report`, 3 + i);
    if (length === 0 && status === 0) continue;
    // A copy (Buffer.slice would be a view): the caller zeroes the report after parsing.
    tracks[i] = { ok: status === 0, data: Uint8Array.from(report.subarray(offset, offset + length)) };
  }
  return { tracks, encodeType: report[6] ?? 0 };
}

export interface HidReportInput {
  track1?: Uint8Array;
  track2?: Uint8Array;
  track3?: Uint8Array;
  /** Tracks (1..3) to flag as unreadable. */
  failed?: number[];
  encodeType?: number;
}

export function encodeMagtekReport(input: HidReportInput): Uint8Array {
  const report = new Uint8Array(MAGTEK_REPORT_LENGTH);
  const data = [input.track1, input.track2, input.track3];
  for (let i = 0; i < 3; i++) {
    const d = data[i]?.subarray(0, TRACK_FIELD);
    const failed = input.failed?.includes(i + 1) ?? false;
    report[i] = failed ? 1 : 0;
    report[3 + i] = failed ? 0 : (d?.length ?? 0);
    if (d && !failed) report.set(d, TRACK_OFFSETS[i] ?? 0);
  }
  report[6] = input.encodeType ?? 0;
  return report;
}
