// Vectors computed by hand from the Epson TM DLE EOT bit tables: every reply is 0x12
// (bit1, bit4 fixed on) plus the flags that are set.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeErrorCause,
  decodeOfflineCause,
  decodePaperSensor,
  decodePrinterInfo,
  decodeStatusReplies,
  encodeStatusReply,
  encodeTransmittedPaperStatus,
  isRealTimeStatusByte,
  isTransmittedStatusByte,
  toPrinterStatus,
  type StatusReplies,
} from './status.js';

const value = <T>(r: { ok: true; value: T } | { ok: false }): T => {
  if (!r.ok) throw new Error('expected a valid status byte');
  return r.value;
};

describe('DLE EOT reply vectors', () => {
  it('n=1 printer status: bit3 offline, bit2 drawer pin 3', () => {
    expect(value(decodePrinterInfo(0x12)).offline).toBe(false);
    expect(value(decodePrinterInfo(0x1a)).offline).toBe(true);
    expect(value(decodePrinterInfo(0x16))).toMatchObject({ offline: false, drawerPin3High: true });
  });

  it('n=2 offline cause: bit2 cover, bit3 feed button, bit5 paper-end stop, bit6 error', () => {
    expect(value(decodeOfflineCause(0x12))).toEqual({ coverOpen: false, feedingByButton: false, paperEndStop: false, errorOccurred: false });
    expect(value(decodeOfflineCause(0x16)).coverOpen).toBe(true);
    expect(value(decodeOfflineCause(0x1a)).feedingByButton).toBe(true);
    expect(value(decodeOfflineCause(0x32)).paperEndStop).toBe(true);
    expect(value(decodeOfflineCause(0x52)).errorOccurred).toBe(true);
  });

  it('n=3 error cause: bit2 recoverable, bit3 cutter, bit5 unrecoverable, bit6 auto-recoverable', () => {
    expect(value(decodeErrorCause(0x16))).toEqual({ recoverable: true, cutter: false, unrecoverable: false, autoRecoverable: false });
    expect(value(decodeErrorCause(0x1a)).cutter).toBe(true);
    expect(value(decodeErrorCause(0x32)).unrecoverable).toBe(true);
    expect(value(decodeErrorCause(0x52)).autoRecoverable).toBe(true);
  });

  it('n=4 paper sensor: bits 2-3 near end, bits 5-6 paper end', () => {
    expect(value(decodePaperSensor(0x12))).toEqual({ nearEnd: false, paperEnd: false });
    expect(value(decodePaperSensor(0x1e))).toEqual({ nearEnd: true, paperEnd: false });
    expect(value(decodePaperSensor(0x72))).toEqual({ nearEnd: false, paperEnd: true });
    expect(value(decodePaperSensor(0x7e))).toEqual({ nearEnd: true, paperEnd: true });
  });

  it('rejects bytes that break the fixed bits with a DecodeError value', () => {
    for (const b of [0x00, 0x13, 0x92, 0x02, 0x10, 0xff]) {
      const r = decodePrinterInfo(b);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ type: 'decode-error', code: 'BAD_PARAMETER' });
    }
  });
});

describe('PrinterStatus', () => {
  const status = (bytes: [number, number, number, number]) => toPrinterStatus(value(decodeStatusReplies(bytes)));

  it('maps whole printer states', () => {
    expect(status([0x12, 0x12, 0x12, 0x12])).toEqual({ online: true, coverOpen: false, paperOut: false, paperNearEnd: false, error: null });
    expect(status([0x1a, 0x32, 0x12, 0x7e])).toEqual({ online: false, coverOpen: false, paperOut: true, paperNearEnd: true, error: null });
    expect(status([0x1a, 0x16, 0x12, 0x12])).toMatchObject({ online: false, coverOpen: true, paperOut: false });
    expect(status([0x1a, 0x52, 0x1a, 0x12]).error).toBe('cutter');
    expect(status([0x1a, 0x52, 0x3a, 0x12]).error).toBe('unrecoverable');
    expect(status([0x1a, 0x52, 0x52, 0x12]).error).toBe('recoverable');
    expect(status([0x12, 0x12, 0x12, 0x1e])).toMatchObject({ online: true, paperNearEnd: true, paperOut: false });
  });

  it('reports the first malformed byte of the four', () => {
    expect(decodeStatusReplies([0x12, 0x12, 0x00, 0x12]).ok).toBe(false);
  });
});

describe('encodeStatusReply (simulator side)', () => {
  const replies = fc.record({
    printer: fc.record({ offline: fc.boolean(), drawerPin3High: fc.boolean(), waitingForOnlineRecovery: fc.boolean(), feedButtonPressed: fc.boolean() }),
    offline: fc.record({ coverOpen: fc.boolean(), feedingByButton: fc.boolean(), paperEndStop: fc.boolean(), errorOccurred: fc.boolean() }),
    error: fc.record({ recoverable: fc.boolean(), cutter: fc.boolean(), unrecoverable: fc.boolean(), autoRecoverable: fc.boolean() }),
    paper: fc.record({ nearEnd: fc.boolean(), paperEnd: fc.boolean() }),
  }) satisfies fc.Arbitrary<StatusReplies>;

  it('round-trips through the decoder and always keeps the fixed bits', () => {
    fc.assert(
      fc.property(replies, (s) => {
        const bytes = [1, 2, 3, 4].map((n) => encodeStatusReply(n as 1 | 2 | 3 | 4, s));
        expect(bytes.every(isRealTimeStatusByte)).toBe(true);
        expect(bytes.some(isTransmittedStatusByte)).toBe(false);
        expect(value(decodeStatusReplies(bytes as [number, number, number, number]))).toEqual(s);
      }),
    );
  });

  it('GS r 1 replies never look like DLE EOT replies', () => {
    for (const p of [{ nearEnd: false, paperEnd: false }, { nearEnd: true, paperEnd: false }, { nearEnd: true, paperEnd: true }]) {
      const b = encodeTransmittedPaperStatus(p);
      expect(isTransmittedStatusByte(b)).toBe(true);
      expect(isRealTimeStatusByte(b)).toBe(false);
    }
    expect(encodeTransmittedPaperStatus({ nearEnd: true, paperEnd: false })).toBe(0x03);
  });
});
