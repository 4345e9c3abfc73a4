import { describe, expect, it } from 'vitest';
import { isDecodeError } from './errors.js';
import { encodeMagtekReport, MAGTEK_REPORT_LENGTH, parseMagtekReport } from './hid-report.js';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const str = (b: Uint8Array | undefined): string => String.fromCharCode(...(b ?? []));

describe('MagTek-style HID report', () => {
  it('places each track at its offset with its length and status', () => {
    const report = encodeMagtekReport({ track1: ascii('%B4111111111111111^DOE/J^2512101?'), track2: ascii(';4111111111111111=2512101?'), failed: [3] });
    expect(report.length).toBe(MAGTEK_REPORT_LENGTH);
    expect([...report.subarray(0, 7)]).toEqual([0, 0, 1, 33, 26, 0, 0]);
    expect(str(report.subarray(117, 117 + 26))).toBe(';4111111111111111=2512101?');
    const parsed = parseMagtekReport(report);
    if (isDecodeError(parsed)) throw new Error(parsed.message);
    expect(str(parsed.tracks[0]?.data)).toBe('%B4111111111111111^DOE/J^2512101?');
    expect(parsed.tracks[1]?.ok).toBe(true);
    expect(parsed.tracks[2]).toEqual({ ok: false, data: new Uint8Array(0) });
  });

  it('rejects a report too short for its header or for the lengths it claims', () => {
    expect(parseMagtekReport(new Uint8Array(5))).toMatchObject({ type: 'decode-error', code: 'HID_REPORT' });
    const report = encodeMagtekReport({ track2: ascii(';4111111111111111=2512101?') });
    expect(parseMagtekReport(report.subarray(0, 130))).toMatchObject({ code: 'HID_REPORT', offset: 4 });
    const overlong = new Uint8Array(MAGTEK_REPORT_LENGTH);
    overlong[3] = 111;
    expect(parseMagtekReport(overlong)).toMatchObject({ code: 'HID_REPORT', offset: 3 });
  });
});
