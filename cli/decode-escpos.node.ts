// `kioskctl decode escpos`: an ESC/POS byte stream (a capture of what the kiosk sent to its
// printer) → the receipt as the simulator renders it: the same decoder, GB18030 text and
// renderer (drivers/escpos/sim/model.ts), so what the technician reads is what a test reads.
// A receipt must never carry a full card number (PCI DSS): any run of 13-19 digits that passes
// Luhn is shown masked, and counted, since printing one is itself a finding.
import { maskPan } from '../drivers/card/codec/card-read.js';
import { luhnValid } from '../drivers/card/codec/luhn.js';
import { isDecodeError } from '../drivers/escpos/codec/commands.js';
import { decodeAll } from '../drivers/escpos/codec/decoder.js';
import { renderReceiptText } from '../drivers/escpos/codec/render.js';
import { decodeGb18030 } from '../drivers/escpos/text-encoding.node.js';
import { decoded, refused, type DecodeOutcome } from './decode-outcome.js';

// Digits with at most single spaces or dashes between them, as receipts group card numbers.
const DIGIT_RUN = /(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/g;

export function maskCardNumbers(text: string): { text: string; masked: number } {
  let masked = 0;
  const out = text.replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/[ -]/g, '');
    if (!luhnValid(digits)) return run;
    masked += 1;
    return maskPan(digits);
  });
  return { text: out, masked };
}

export function decodeEscpos(bytes: Uint8Array): DecodeOutcome {
  if (bytes.length === 0) return refused({ code: 'EMPTY', field: 'input', message: 'the stream is empty' });
  const items = decodeAll(bytes);
  const errors = items.filter(isDecodeError).map((e) => ({ code: e.code, field: `byte${e.offset}`, message: e.message }));
  const [first] = errors;
  if (first) return refused(first, errors);
  const { text, masked } = maskCardNumbers(renderReceiptText(items, decodeGb18030));
  let maskedCardNumbers = masked;
  let cuts = 0;
  let unknownBytes = 0;
  const qrCodes: string[] = [];
  let qrData: Uint8Array | undefined;
  for (const c of items) {
    if (c.type === 'cut') cuts += 1;
    else if (c.type === 'unknown') unknownBytes += 1;
    else if (c.type === 'qr-store') qrData = c.data;
    else if (c.type === 'qr-print' && qrData) {
      const qr = maskCardNumbers(decodeGb18030(qrData));
      maskedCardNumbers += qr.masked;
      qrCodes.push(qr.text);
    }
  }
  return decoded({ text, lines: text === '' ? 0 : text.split('\n').length, cuts, qrCodes, unknownBytes, commands: items.length, maskedCardNumbers });
}
