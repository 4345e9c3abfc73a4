// ICAO 9303 machine readable zones (TD1 ID cards, TD2, TD3 passports): lines in, checked
// fields out, or an IdDecodeError naming the field that failed. Pure and total: any input
// yields a value, never an exception.
import type { DocumentSex, IdDocument } from '../../device-classes.js';
import { parseYymmdd } from './dates.js';
import { createIdDocument } from './document.js';
import { failure, success, type Decoded } from './errors.js';
import { MRZ_CHARS, checkDigitMatches, splitMrzName } from './mrz-check.js';
import { LAYOUTS, layoutForWidth, take, type MrzFormat, type MrzLayout } from './mrz-layout.js';

export type { MrzFormat } from './mrz-layout.js';

export type MrzErrorCode =
  | 'LINE_COUNT'
  | 'LINE_LENGTH'
  | 'CHARSET'
  | 'DOCUMENT_CODE'
  | 'DOCUMENT_NUMBER'
  | 'DOCUMENT_NUMBER_CHECK'
  | 'BIRTH_DATE_CHECK'
  | 'BIRTH_DATE'
  | 'SEX'
  | 'EXPIRY_CHECK'
  | 'EXPIRY'
  | 'OPTIONAL_DATA_CHECK'
  | 'COMPOSITE_CHECK'
  | 'NAME';

export interface MrzData {
  format: MrzFormat;
  /** e.g. 'P', 'I', 'ID', 'AC' (fillers removed). */
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  nationality: string;
  birthDate: string;
  sex: DocumentSex;
  expiryDate: string;
  surname: string;
  givenNames: string;
  /** Optional data with the document number overflow removed, fillers trimmed. */
  optionalData: string;
  optionalData2: string;
}

export interface MrzOptions {
  /** Reference for century inference (default: now). */
  now?: Date;
}

type Result = Decoded<MrzData, MrzErrorCode>;
type FieldKey = Exclude<keyof MrzLayout, 'format' | 'lines' | 'width' | 'compositeCovers'>;

const clean = (s: string): string => s.replace(/<+$/, '').replace(/</g, ' ').trim();

export function parseMrz(input: readonly string[], opts: MrzOptions = {}): Result {
  const lines = input.map((l) => l.trim()).filter((l) => l.length > 0);
  const layout = layoutForWidth(lines[0]?.length ?? 0);
  if (!layout) return failure('LINE_LENGTH', 'line1', `line 1 has ${lines[0]?.length ?? 0} characters; TD1 has 30, TD2 36, TD3 44`);
  if (lines.length !== layout.lines) return failure('LINE_COUNT', 'lines', `${layout.format} has ${layout.lines} lines, got ${lines.length}`);
  for (const [i, line] of lines.entries()) {
    if (line.length !== layout.width) return failure('LINE_LENGTH', `line${i + 1}`, `line ${i + 1} has ${line.length} characters, ${layout.format} needs ${layout.width}`);
    if (!MRZ_CHARS.test(line)) return failure('CHARSET', `line${i + 1}`, `line ${i + 1} holds a character outside A-Z 0-9 <`);
  }
  return parseFields(lines, layout, opts.now ?? new Date());
}

function parseFields(lines: readonly string[], layout: MrzLayout, now: Date): Result {
  const get = (key: FieldKey): string => {
    const span = layout[key];
    return span ? take(lines, span) : '';
  };
  const code = get('code');
  // Visas (MRV-A/B) share the widths but carry no composite check digit: not a supported document.
  if (!/^[A-Z]/.test(code) || code.startsWith('V')) return failure('DOCUMENT_CODE', 'documentCode', 'document code is not a passport or ID card code');

  const number = documentNumber(get('documentNumber'), get('documentCheck'), get('optional'));
  if (!number.ok) return number;
  if (!checkDigitMatches(get('birth'), get('birthCheck'))) return failure('BIRTH_DATE_CHECK', 'birthDate', 'birth date check digit does not match');
  const birthDate = parseYymmdd(get('birth'), 'birth', now);
  if (!birthDate) return failure('BIRTH_DATE', 'birthDate', 'birth date is not a real YYMMDD date');
  const sex = sexOf(get('sex'));
  if (!sex) return failure('SEX', 'sex', 'sex is not M, F, X or <');
  if (!checkDigitMatches(get('expiry'), get('expiryCheck'))) return failure('EXPIRY_CHECK', 'expiryDate', 'expiry date check digit does not match');
  const expiryDate = parseYymmdd(get('expiry'), 'expiry', now);
  if (!expiryDate) return failure('EXPIRY', 'expiryDate', 'expiry date is not a real YYMMDD date');
  if (layout.optionalCheck && !checkDigitMatches(get('optional'), get('optionalCheck'), true)) {
    return failure('OPTIONAL_DATA_CHECK', 'optionalData', 'optional data check digit does not match');
  }
  const covered = layout.compositeCovers.map((span) => take(lines, span)).join('');
  if (!checkDigitMatches(covered, get('composite'))) return failure('COMPOSITE_CHECK', 'composite', `${layout.format} composite check digit does not match`);
  const { surname, givenNames } = splitMrzName(get('name'));
  if (!surname) return failure('NAME', 'surname', 'the name zone has no primary identifier');

  return success({
    format: layout.format,
    documentCode: clean(code),
    issuingState: clean(get('state')),
    documentNumber: number.value.documentNumber,
    nationality: clean(get('nationality')),
    birthDate,
    sex,
    expiryDate,
    surname,
    givenNames,
    optionalData: clean(number.value.optionalRest),
    optionalData2: clean(get('optional2')),
  });
}

/**
 * The document number and its check digit. A number longer than 9 characters puts '<' in the
 * check digit position and continues in the optional data, followed by its check digit
 * (Part 5 §4.2.4 for TD1, Part 6 for TD2; accepted in TD3 optional data as well).
 */
function documentNumber(principal: string, check: string, optional: string): Decoded<{ documentNumber: string; optionalRest: string }, MrzErrorCode> {
  if (check !== '<') {
    if (!checkDigitMatches(principal, check)) return failure('DOCUMENT_NUMBER_CHECK', 'documentNumber', 'document number check digit does not match');
    const documentNumber = principal.replace(/<+$/, '');
    if (!documentNumber) return failure('DOCUMENT_NUMBER', 'documentNumber', 'document number is empty');
    return success({ documentNumber, optionalRest: optional });
  }
  const end = optional.indexOf('<');
  const overflow = end < 0 ? optional : optional.slice(0, end);
  if (principal.includes('<') || overflow.length < 2) return failure('DOCUMENT_NUMBER', 'documentNumber', 'check digit position holds < but no document number overflow follows');
  const full = principal + overflow.slice(0, -1);
  if (!checkDigitMatches(full, overflow.slice(-1))) return failure('DOCUMENT_NUMBER_CHECK', 'documentNumber', 'long document number check digit does not match');
  return success({ documentNumber: full, optionalRest: optional.slice(overflow.length) });
}

function sexOf(c: string): DocumentSex | null {
  if (c === 'M' || c === 'F') return c;
  if (c === '<' || c === 'X') return 'X';
  return null;
}

export function mrzToIdDocument(m: MrzData): IdDocument {
  return createIdDocument({
    kind: m.documentCode.startsWith('P') ? 'passport' : 'id-card',
    documentNumber: m.documentNumber,
    surname: m.surname,
    givenNames: m.givenNames,
    sex: m.sex,
    birthDate: m.birthDate,
    expiryDate: m.expiryDate,
    nationality: m.nationality,
    issuer: m.issuingState,
  });
}

/** parseMrz, then the shared document type. */
export function decodeMrz(lines: readonly string[], opts: MrzOptions = {}): Decoded<IdDocument, MrzErrorCode> {
  const parsed = parseMrz(lines, opts);
  return parsed.ok ? success(mrzToIdDocument(parsed.value)) : parsed;
}

export { LAYOUTS };
