// Real-time status (DLE EOT n) and transmitted status (GS r 1) bytes, per the Epson TM
// command reference. Every DLE EOT reply has bit1 and bit4 set and bit0 and bit7 clear;
// a GS r reply has bit4 clear, which is how replies of the two kinds are told apart.
import type { PrinterStatus } from '../../device-classes.js';
import type { DecodeError } from './commands.js';

export type StatusKind = 1 | 2 | 3 | 4;

/** n=1 printer status. */
export interface PrinterInfo {
  offline: boolean;
  drawerPin3High: boolean;
  waitingForOnlineRecovery: boolean;
  feedButtonPressed: boolean;
}
/** n=2 offline cause. */
export interface OfflineCause {
  coverOpen: boolean;
  feedingByButton: boolean;
  paperEndStop: boolean;
  errorOccurred: boolean;
}
/** n=3 error cause. */
export interface ErrorCause {
  recoverable: boolean;
  cutter: boolean;
  unrecoverable: boolean;
  autoRecoverable: boolean;
}
/** n=4 roll paper sensor. */
export interface PaperSensor {
  nearEnd: boolean;
  paperEnd: boolean;
}

export interface StatusReplies {
  printer: PrinterInfo;
  offline: OfflineCause;
  error: ErrorCause;
  paper: PaperSensor;
}

const FIXED_MASK = 0b1001_0011;
const FIXED_VALUE = 0b0001_0010;
const bit = (b: number, i: number): boolean => ((b >> i) & 1) === 1;

export function isRealTimeStatusByte(b: number): boolean {
  return (b & FIXED_MASK) === FIXED_VALUE;
}

/** A GS r 1 reply: bits 4 and 7 fixed to 0. */
export function isTransmittedStatusByte(b: number): boolean {
  return (b & 0b1001_0000) === 0;
}

export type StatusDecodeResult<T> = { ok: true; value: T } | { ok: false; error: DecodeError };

function check(n: StatusKind, b: number): DecodeError | undefined {
  if (Number.isInteger(b) && b >= 0 && b <= 0xff && isRealTimeStatusByte(b)) return undefined;
  return { type: 'decode-error', code: 'BAD_PARAMETER', offset: 0, message: `DLE EOT ${n} reply 0x${b.toString(16)} breaks the fixed bits (xxx1 xx10 expected, bit7 0)` };
}

export function decodePrinterInfo(b: number): StatusDecodeResult<PrinterInfo> {
  const error = check(1, b);
  if (error) return { ok: false, error };
  return { ok: true, value: { drawerPin3High: bit(b, 2), offline: bit(b, 3), waitingForOnlineRecovery: bit(b, 5), feedButtonPressed: bit(b, 6) } };
}

export function decodeOfflineCause(b: number): StatusDecodeResult<OfflineCause> {
  const error = check(2, b);
  if (error) return { ok: false, error };
  return { ok: true, value: { coverOpen: bit(b, 2), feedingByButton: bit(b, 3), paperEndStop: bit(b, 5), errorOccurred: bit(b, 6) } };
}

export function decodeErrorCause(b: number): StatusDecodeResult<ErrorCause> {
  const error = check(3, b);
  if (error) return { ok: false, error };
  return { ok: true, value: { recoverable: bit(b, 2), cutter: bit(b, 3), unrecoverable: bit(b, 5), autoRecoverable: bit(b, 6) } };
}

export function decodePaperSensor(b: number): StatusDecodeResult<PaperSensor> {
  const error = check(4, b);
  if (error) return { ok: false, error };
  // The spec sends both bits of a pair together (00 or 11); either one set counts.
  return { ok: true, value: { nearEnd: (b & 0b0000_1100) !== 0, paperEnd: (b & 0b0110_0000) !== 0 } };
}

/** Decodes the four replies to DLE EOT 1, 2, 3, 4 (in that order). */
export function decodeStatusReplies(bytes: readonly [number, number, number, number]): StatusDecodeResult<StatusReplies> {
  const [a, b, c, d] = [decodePrinterInfo(bytes[0]), decodeOfflineCause(bytes[1]), decodeErrorCause(bytes[2]), decodePaperSensor(bytes[3])];
  if (!a.ok) return a;
  if (!b.ok) return b;
  if (!c.ok) return c;
  if (!d.ok) return d;
  return { ok: true, value: { printer: a.value, offline: b.value, error: c.value, paper: d.value } };
}

export function toPrinterStatus(r: StatusReplies): PrinterStatus {
  // Worst first; an auto-recoverable error (e.g. head too hot) stops printing for now, so it
  // is reported as recoverable rather than hidden.
  const error = r.error.unrecoverable ? 'unrecoverable' : r.error.cutter ? 'cutter' : r.error.recoverable || r.error.autoRecoverable ? 'recoverable' : null;
  return {
    online: !r.printer.offline,
    coverOpen: r.offline.coverOpen,
    paperOut: r.paper.paperEnd || r.offline.paperEndStop,
    paperNearEnd: r.paper.nearEnd,
    error,
  };
}

/** The simulator's side: the byte a printer in this state answers to DLE EOT n. */
export function encodeStatusReply(n: StatusKind, s: StatusReplies): number {
  const bits = (...flags: boolean[]): number => flags.reduce((acc, on, i) => (on ? acc | (1 << i) : acc), 0);
  switch (n) {
    case 1:
      return FIXED_VALUE | bits(false, false, s.printer.drawerPin3High, s.printer.offline, false, s.printer.waitingForOnlineRecovery, s.printer.feedButtonPressed);
    case 2:
      return FIXED_VALUE | bits(false, false, s.offline.coverOpen, s.offline.feedingByButton, false, s.offline.paperEndStop, s.offline.errorOccurred);
    case 3:
      return FIXED_VALUE | bits(false, false, s.error.recoverable, s.error.cutter, false, s.error.unrecoverable, s.error.autoRecoverable);
    case 4:
      return FIXED_VALUE | (s.paper.nearEnd ? 0b0000_1100 : 0) | (s.paper.paperEnd ? 0b0110_0000 : 0);
  }
}

/** The GS r 1 reply: bits 0-1 near end, bits 2-3 paper end. */
export function encodeTransmittedPaperStatus(p: PaperSensor): number {
  return (p.nearEnd ? 0b0000_0011 : 0) | (p.paperEnd ? 0b0000_1100 : 0);
}
