// `kioskctl decode mrz|cnid|aamva`: input bytes → the identity codecs of drivers/id → one
// outcome. Parsing stays in the codecs; this file only finds which form the input has and
// names the fields for the technician.
import type { IdDocument } from '../drivers/device-classes.js';
import { parseAamvaFile, toIdDocument } from '../drivers/id/codec/aamva.js';
import { mrzToIdDocument, parseMrz } from '../drivers/id/codec/mrz.js';
import { decodeBaseInfo, TEXT_BYTES } from '../drivers/id/china/codec/base-info.js';
import { PREAMBLE, SamFrameDecoder } from '../drivers/id/china/codec/frame.js';
import { checkIdNumber } from '../drivers/id/china/codec/id-number.js';
import { samStatus, SW3_OK } from '../drivers/id/china/codec/status.js';
import { decoded, defined, latin1, refused, type DecodeOutcome } from './decode-outcome.js';

/** MRZ lines, one per line; STX/ETX from a scanner capture count as line breaks. */
export function decodeMrzText(bytes: Uint8Array, now: Date): DecodeOutcome {
  const STX = String.fromCharCode(2);
  const ETX = String.fromCharCode(3);
  const lines = latin1(bytes).split(STX).join('\n').split(ETX).join('\n').split(/\r\n|\r|\n/);
  const r = parseMrz(lines, { now });
  if (!r.ok) return refused(r.error, r.error.errors);
  const m = r.value;
  return decoded(
    defined({
      kind: mrzToIdDocument(m).kind,
      format: m.format,
      documentCode: m.documentCode,
      issuingState: m.issuingState,
      documentNumber: m.documentNumber,
      nationality: m.nationality,
      birthDate: m.birthDate,
      birthDateParts: m.birthDateParts ? { ...m.birthDateParts } : undefined,
      sex: m.sex,
      expiryDate: m.expiryDate,
      surname: m.surname,
      givenNames: m.givenNames,
      optionalData: m.optionalData,
      optionalData2: m.optionalData2 || undefined,
    }),
  );
}

/** The fields of an IdDocument a technician needs; the photo only as its size. */
function documentFields(doc: IdDocument): DecodeOutcome {
  return decoded(
    defined({
      kind: doc.kind,
      documentNumber: doc.documentNumber,
      surname: doc.surname,
      givenNames: doc.givenNames,
      sex: doc.sex,
      birthDate: doc.birthDate,
      expiryDate: doc.expiryDate,
      issueDate: doc.issueDate,
      nationality: doc.nationality,
      issuer: doc.issuer,
      nation: doc.nation,
      address: doc.address,
      photoBytes: doc.photo ? doc.photo.length : undefined,
    }),
  );
}

/** The raw PDF417 text of a driver's licence or ID card (AAMVA DL/ID card design standard). */
export function decodeAamvaText(bytes: Uint8Array): DecodeOutcome {
  const file = parseAamvaFile(latin1(bytes));
  if (!file.ok) return refused(file.error);
  const doc = toIdDocument(file.value);
  if (!doc.ok) return refused(doc.error);
  const out = documentFields(doc.value);
  if (!out.ok) return out;
  return decoded({ ...out.fields, iin: file.value.iin, aamvaVersion: file.value.aamvaVersion, jurisdictionVersion: file.value.jurisdictionVersion });
}

const be16 = (b: Uint8Array, at: number): number => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const HEX = /^[0-9a-fA-F\s:,]+$/;

/**
 * A China resident ID card, in any of the forms a technician captures: the 18-character ID
 * number; reader response frames (AA AA AA 96 69 …) as binary or as a hex dump; the 256-byte
 * UCS-2LE text block alone, or the read-base-info data (lengths, text, photo).
 */
export function decodeCnid(bytes: Uint8Array, now: Date): DecodeOutcome {
  const text = latin1(bytes).trim();
  // Digits (and X) alone, short: an ID number, however mistyped; a hex dump is longer.
  if (/^[0-9Xx]{1,20}$/.test(text)) return idNumberOnly(text, now);
  const cleaned = text.replace(/0x/gi, '');
  if (cleaned.length > 0 && HEX.test(cleaned)) {
    const digits = cleaned.replace(/[\s:,]/g, '');
    if (digits.length % 2 !== 0) return refused({ code: 'HEX', field: 'input', message: `the hex dump has an odd number of digits (${digits.length})` });
    return decodeCnidBytes(Uint8Array.from(digits.match(/../g) ?? [], (h) => parseInt(h, 16)), now);
  }
  return decodeCnidBytes(bytes, now);
}

function idNumberOnly(id: string, now: Date): DecodeOutcome {
  const r = checkIdNumber(id, { now });
  if (!r.ok) return refused({ code: r.code, field: 'idNumber', message: r.message });
  return decoded({ kind: 'cn-resident-id', idNumber: id, region: r.value.region, birthDate: r.value.birthDate, sex: r.value.sex });
}

function decodeCnidBytes(bytes: Uint8Array, now: Date): DecodeOutcome {
  let baseInfo: Uint8Array | undefined;
  if (includesPreamble(bytes)) {
    const found = baseInfoFromFrames(bytes);
    if (!found.ok) return found.outcome;
    baseInfo = found.data;
  } else if (bytes.length === TEXT_BYTES) {
    baseInfo = new Uint8Array(4 + TEXT_BYTES);
    baseInfo.set([TEXT_BYTES >> 8, TEXT_BYTES & 0xff, 0, 0], 0);
    baseInfo.set(bytes, 4);
  } else if (bytes.length >= 4 && 4 + be16(bytes, 0) + be16(bytes, 2) === bytes.length) {
    baseInfo = bytes;
  } else {
    return refused({ code: 'FORMAT', field: 'input', message: 'not an 18-character ID number, reader response frames (binary or hex), a 256-byte text block or read-base-info data' });
  }
  const doc = decodeBaseInfo(baseInfo, { now });
  if (!doc.ok) return refused(doc.error);
  const out = documentFields(doc.value);
  if (!out.ok) return out;
  // The card stores the name as one string (see base-info.ts): show it as such.
  const { surname, givenNames: _given, documentNumber, ...rest } = out.fields;
  return decoded({ ...rest, name: surname ?? '', idNumber: documentNumber ?? '', longTerm: doc.value.expiryDate === null });
}

function includesPreamble(bytes: Uint8Array): boolean {
  for (let i = 0; i + PREAMBLE.length <= bytes.length; i++) {
    if (PREAMBLE.every((b, j) => bytes[i + j] === b)) return true;
  }
  return false;
}

/** The read-base-info answer among the frames of a capture (find, select and read answers). */
function baseInfoFromFrames(bytes: Uint8Array): { ok: true; data: Uint8Array } | { ok: false; outcome: DecodeOutcome } {
  const decoder = new SamFrameDecoder(4);
  const items = decoder.push(bytes);
  let refusal: DecodeOutcome | undefined;
  for (const item of items) {
    if (item.type === 'error') {
      refusal ??= refused(item.error);
      continue;
    }
    const sw3 = item.payload[2] ?? 0;
    const data = item.payload.subarray(3);
    if (sw3 === SW3_OK && data.length >= 4 && be16(data, 0) === TEXT_BYTES) return { ok: true, data };
    if (sw3 !== SW3_OK && sw3 !== 0x9f) refusal ??= refused({ code: samStatus(sw3).code, field: 'sw3', message: `the reader answered with status 0x${sw3.toString(16).padStart(2, '0')}` });
  }
  if (refusal) return { ok: false, outcome: refusal };
  if (decoder.pendingBytes > 0) return { ok: false, outcome: refused({ code: 'TRUNCATED', field: 'frame', message: `the capture ends inside a frame (${decoder.pendingBytes} bytes buffered)` }) };
  return { ok: false, outcome: refused({ code: 'NO_BASE_INFO', field: 'frame', message: 'no frame holds a read-base-info (30 01) answer' }) };
}
