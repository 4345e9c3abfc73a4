// HID POS barcode scanners (USB HID usage page 0x8C, "Bar Code Scanner"): the scan arrives as
// input reports instead of keystrokes. The Scanned Data Report layout used here is the one
// Honeywell, Zebra and Datalogic scanners send in HID POS mode, as node-hid delivers it
// (report ID included, 64 bytes):
//   byte 0       report ID (0x02, Scanned Data Report)
//   byte 1       n, the number of data bytes in this report (0-56)
//   bytes 2-4    AIM symbology identifier (']Q1'), or zeros when the scanner does not say
//   bytes 5..    n data bytes, then padding
//   last byte    bit 0 set: more reports follow for the same scan
// Scans longer than one report continue in the next reports; the AIM id repeats in each.
// Other report IDs (status, settings) are ignored. Vendors differ in details (some count the
// AIM id in n); `reportId` and this layout are the knobs to check against a new model.
import { failure, type IdDecodeError } from '../../id/codec/errors.js';
import { isAimId } from './aim.js';

export const HID_POS_REPORT_ID = 0x02;
export const HID_POS_REPORT_SIZE = 64;
const HEADER = 5;

export type HidPosErrorCode = 'LENGTH' | 'OVERFLOW';
export type HidPosItem = { type: 'scan'; bytes: Uint8Array; aim?: string } | { type: 'error'; error: IdDecodeError<HidPosErrorCode> };

export class HidPosAssembler {
  private parts: number[] = [];
  private aim: string | undefined;

  constructor(
    private readonly reportId = HID_POS_REPORT_ID,
    private readonly maxLength = 8192,
  ) {}

  get pending(): boolean {
    return this.parts.length > 0;
  }

  /** One input report in; a scan once its last report is in, else null. */
  push(report: Uint8Array): HidPosItem | null {
    if (report[0] !== this.reportId || report.length < HEADER + 1) return null;
    const n = report[1] ?? 0;
    if (HEADER + n > report.length - 1) {
      this.parts = [];
      return { type: 'error', error: failure('LENGTH', 'length', `report claims ${n} data bytes, it has room for ${report.length - HEADER - 1}`).error };
    }
    const aim = String.fromCharCode(report[2] ?? 0, report[3] ?? 0, report[4] ?? 0);
    if (isAimId(aim)) this.aim = aim;
    this.parts.push(...report.subarray(HEADER, HEADER + n));
    if (this.parts.length > this.maxLength) {
      this.parts = [];
      return { type: 'error', error: failure('OVERFLOW', 'scan', `a scan exceeded ${this.maxLength} bytes`).error };
    }
    if (((report.at(-1) ?? 0) & 1) === 1) return null;
    const item: HidPosItem = this.aim ? { type: 'scan', bytes: Uint8Array.from(this.parts), aim: this.aim } : { type: 'scan', bytes: Uint8Array.from(this.parts) };
    this.parts = [];
    this.aim = undefined;
    return item;
  }

  reset(): void {
    this.parts = [];
    this.aim = undefined;
  }
}

/** The reports a HID POS scanner sends for one scan (fake devices, tests). */
export function encodeHidPosReports(data: Uint8Array, aim = '\0\0\0', size = HID_POS_REPORT_SIZE, reportId = HID_POS_REPORT_ID): Uint8Array[] {
  const room = size - HEADER - 1;
  const reports: Uint8Array[] = [];
  for (let at = 0; at < data.length || reports.length === 0; at += room) {
    const chunk = data.subarray(at, at + room);
    const r = new Uint8Array(size);
    r.set([reportId, chunk.length, ...[...aim].map((c) => c.charCodeAt(0) & 0xff)], 0);
    r.set(chunk, HEADER);
    r[size - 1] = at + room < data.length ? 1 : 0;
    reports.push(r);
  }
  return reports;
}
