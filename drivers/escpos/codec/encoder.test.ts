import { describe, expect, it } from 'vitest';
import { encodeGb18030 } from '../text-encoding.node.js';
import { EncodeError, encodeReceipt, encodeStatusRequest, encodeTransmitPaperStatus, sanitizeText } from './encoder.js';
import type { ReceiptDocument } from './document.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
const enc = (doc: ReceiptDocument, columns?: number): string => hex(encodeReceipt(doc, { encodeText: utf8, columns }));
const HEADER = '1b 40 1c 26'; // ESC @, FS &

describe('encodeReceipt', () => {
  it('starts with ESC @ and FS &, ends lines with LF and cuts with GS V 65 0', () => {
    expect(enc({ blocks: [{ kind: 'text', text: 'Hi' }, { kind: 'cut' }] })).toBe(`${HEADER} 48 69 0a 1d 56 41 00`);
  });

  it('uses GS V 66 0 for a partial cut', () => {
    expect(enc({ blocks: [{ kind: 'cut', partial: true }] })).toBe(`${HEADER} 1d 56 42 00`);
  });

  it('sets alignment, bold and size only when they change', () => {
    const doc: ReceiptDocument = {
      blocks: [
        { kind: 'text', text: 'A1', align: 'center', bold: true, size: 'double' },
        { kind: 'text', text: 'B', align: 'center', bold: true, size: 'double' },
        { kind: 'text', text: 'C', align: 'right', size: 'quad' },
        { kind: 'text', text: 'D', size: 'double-height' },
      ],
    };
    expect(enc(doc)).toBe(
      [HEADER, '1b 61 01 1b 45 01 1d 21 11 41 31 0a', '42 0a', '1b 61 02 1b 45 00 1d 21 33 43 0a', '1b 61 00 1d 21 01 44 0a'].join(' '),
    );
  });

  it('prints a rule of `columns` dashes at normal size, not bold', () => {
    const doc: ReceiptDocument = { blocks: [{ kind: 'text', text: 'X', bold: true, size: 'double' }, { kind: 'rule' }] };
    expect(enc(doc, 4)).toBe(`${HEADER} 1b 45 01 1d 21 11 58 0a 1d 21 00 1b 45 00 2d 2d 2d 2d 0a`);
  });

  it('splits a text block at newlines and drops control characters', () => {
    expect(enc({ blocks: [{ kind: 'text', text: 'A\x1b@B\nC\tD\r' }] })).toBe(`${HEADER} 41 40 42 0a 43 20 44 0a`);
    expect(sanitizeText('x\x10\x04\x01y')).toBe('xy');
  });

  it('feeds with ESC d, splitting feeds above 255 lines', () => {
    expect(enc({ blocks: [{ kind: 'feed', lines: 300 }] })).toBe(`${HEADER} 1b 64 ff 1b 64 2d`);
    expect(enc({ blocks: [{ kind: 'feed', lines: 0 }] })).toBe(HEADER);
    expect(() => enc({ blocks: [{ kind: 'feed', lines: -1 }] })).toThrow(EncodeError);
  });

  it('encodes a QR code as GS ( k model, size, level, store, print', () => {
    const doc: ReceiptDocument = { blocks: [{ kind: 'qr', data: 'AB', size: 4, errorCorrection: 'H', align: 'center' }] };
    expect(enc(doc)).toBe(
      [
        HEADER,
        '1b 61 01',
        '1d 28 6b 04 00 31 41 32 00', // fn 65: model 2
        '1d 28 6b 03 00 31 43 04', // fn 67: module size 4
        '1d 28 6b 03 00 31 45 33', // fn 69: level H
        '1d 28 6b 05 00 31 50 30 41 42', // fn 80: 2 bytes + 3
        '1d 28 6b 03 00 31 51 30', // fn 81: print
      ].join(' '),
    );
  });

  it('counts the QR store length in encoded BYTES, not characters', () => {
    const data = '票号A1023 中文'; // 10 characters
    const storeLength = (encodeText: (s: string) => Uint8Array): number => {
      const bytes = encodeReceipt({ blocks: [{ kind: 'qr', data }] }, { encodeText });
      const at = hex(bytes).indexOf('31 50 30') / 3; // cn fn m of the store command
      return (bytes[at - 2] ?? 0) + (bytes[at - 1] ?? 0) * 256;
    };
    expect(encodeGb18030(data).length).toBe(14);
    expect(storeLength(encodeGb18030)).toBe(17);
    expect(utf8(data).length).toBe(18);
    expect(storeLength(utf8)).toBe(21);
  });

  it('uses pH for QR data of 256 bytes or more', () => {
    const bytes = encodeReceipt({ blocks: [{ kind: 'qr', data: 'x'.repeat(300) }] }, { encodeText: utf8 });
    expect(hex(bytes)).toContain('1d 28 6b 2f 01 31 50 30'); // 303 = 0x012f
  });

  it('rejects QR data it cannot print with a typed error', () => {
    const tryQr = (data: string, size?: number): unknown => {
      try {
        encodeReceipt({ blocks: [{ kind: 'qr', data, size }] }, { encodeText: utf8 });
      } catch (err) {
        return err instanceof EncodeError ? err.code : err;
      }
      return 'no error';
    };
    expect(tryQr('1'.repeat(7090))).toBe('QR_TOO_LONG');
    expect(tryQr('\x1b')).toBe('QR_EMPTY');
    expect(tryQr('ok', 17)).toBe('BAD_PARAMETER');
    expect(tryQr('1'.repeat(7089))).toBe('no error');
  });
});

describe('status and completion requests', () => {
  it('encodes DLE EOT n and GS r 1', () => {
    expect(hex(encodeStatusRequest(1))).toBe('10 04 01');
    expect(hex(encodeStatusRequest(4))).toBe('10 04 04');
    expect(hex(encodeTransmitPaperStatus())).toBe('1d 72 01');
  });
});
