// ICAO 9303 machine readable zones (TD1 ID cards, TD2, TD3 passports): lines in, checked
// fields out, or an IdDecodeError that names every failed check (its `errors` list), not only
// the first. Pure and total: any input yields a value, never an exception.
import type { DocumentSex, IdDocument } from '../../device-classes.js';
import { parseMrzBirth, parseYymmdd, partialIso, type PartialDate } from './dates.js';
import { createIdDocument } from './document.js';
import { failures, success, type Decoded, type IdDecodeIssue } from './errors.js';
import { isIcaoCode } from './icao-codes.js';
import { MRZ_CHARS, checkDigitMatches, splitMrzName } from './mrz-check.js';
import { LAYOUTS, layoutForWidth, take, type MrzFormat, type MrzLayout } from './mrz-layout.js';

export type { MrzFormat } from './mrz-layout.js';

export type MrzErrorCode =
  | 'LINE_COUNT'
  | 'LINE_LENGTH'
  | 'CHARSET'
  | 'DOCUMENT_CODE'
  | 'ISSUING_STATE'
  | 'NATIONALITY'
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
  /** ISO date; null when the MRZ fills all or part of it with '<' (unknown, see birthDateParts). */
  birthDate: string | null;
  /** Only when birthDate is null: the parts that are known. */
  birthDateParts?: PartialDate;
  /** 'X' where the MRZ has '<' (unspecified). */
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
type Issue = IdDecodeIssue<MrzErrorCode>;
type FieldKey = Exclude<keyof MrzLayout, 'format' | 'lines' | 'width' | 'compositeCovers'>;

const clean = (s: string): string => s.replace(/<+$/, '').replace(/</g, ' ').trim();
const issue = (code: MrzErrorCode, field: string, message: string): Issue => ({ code, field, message });

function refused(issues: Issue[]): Result {
  const [first, ...rest] = issues;
  return failures(first ?? issue('LINE_COUNT', 'lines', 'no MRZ lines'), ...rest);
}

export function parseMrz(input: readonly string[], opts: MrzOptions = {}): Result {
  const lines = input.map((l) => l.trim()).filter((l) => l.length > 0);
  const layout = layoutForWidth(lines[0]?.length ?? 0);
  if (!layout) return refused([issue('LINE_LENGTH', 'line1', `line 1 has ${lines[0]?.length ?? 0} characters; TD1 has 30, TD2 36, TD3 44`)]);
  if (lines.length !== layout.lines) return refused([issue('LINE_COUNT', 'lines', `${layout.format} has ${layout.lines} lines, got ${lines.length}`)]);
  // Fields sit at fixed positions: with a line of the wrong length or charset none can be trusted.
  const shape: Issue[] = [];
  for (const [i, line] of lines.entries()) {
    if (line.length !== layout.width) shape.push(issue('LINE_LENGTH', `line${i + 1}`, `line ${i + 1} has ${line.length} characters, ${layout.format} needs ${layout.width}`));
    else if (!MRZ_CHARS.test(line)) shape.push(issue('CHARSET', `line${i + 1}`, `line ${i + 1} holds a character outside A-Z 0-9 <`));
  }
  if (shape.length > 0) return refused(shape);
  return parseFields(lines, layout, opts.now ?? new Date());
}

/** Runs every field check; all failures are collected before the verdict. */
function parseFields(lines: readonly string[], layout: MrzLayout, now: Date): Result {
  const get = (key: FieldKey): string => {
    const span = layout[key];
    return span ? take(lines, span) : '';
  };
  const issues: Issue[] = [];
  const check = (bad: Issue | null): void => {
    if (bad) issues.push(bad);
  };

  const code = get('code');
  check(documentCodeIssue(code, layout.format));
  check(isIcaoCode(get('state')) ? null : issue('ISSUING_STATE', 'issuingState', 'issuing state is not an ICAO 9303 code'));
  const number = documentNumber(get('documentNumber'), get('documentCheck'), get('optional'));
  if ('code' in number) issues.push(number);
  check(isIcaoCode(get('nationality')) ? null : issue('NATIONALITY', 'nationality', 'nationality is not an ICAO 9303 code'));

  check(checkDigitMatches(get('birth'), get('birthCheck')) ? null : issue('BIRTH_DATE_CHECK', 'birthDate', 'birth date check digit does not match'));
  const birth = parseMrzBirth(get('birth'), now);
  check(birth ? null : issue('BIRTH_DATE', 'birthDate', 'birth date is neither a real YYMMDD date nor one with unknown parts filled by <<'));
  const sex = sexOf(get('sex'));
  check(sex ? null : issue('SEX', 'sex', 'sex is not M, F or < (an unspecified sex is written <, not X)'));
  check(checkDigitMatches(get('expiry'), get('expiryCheck')) ? null : issue('EXPIRY_CHECK', 'expiryDate', 'expiry date check digit does not match'));
  const expiryDate = parseYymmdd(get('expiry'), 'expiry', now);
  check(expiryDate ? null : issue('EXPIRY', 'expiryDate', 'expiry date is not a real YYMMDD date'));
  if (layout.optionalCheck && !checkDigitMatches(get('optional'), get('optionalCheck'), true)) {
    issues.push(issue('OPTIONAL_DATA_CHECK', 'optionalData', 'optional data check digit does not match'));
  }
  const covered = layout.compositeCovers.map((span) => take(lines, span)).join('');
  check(checkDigitMatches(covered, get('composite')) ? null : issue('COMPOSITE_CHECK', 'composite', `${layout.format} composite check digit does not match`));
  issues.push(...nameIssues(get('name')));

  if (issues.length > 0 || !('documentNumber' in number) || !birth || !sex || !expiryDate) return refused(issues);
  const { surname, givenNames } = splitMrzName(get('name'));
  return success({
    format: layout.format,
    documentCode: clean(code),
    issuingState: clean(get('state')),
    documentNumber: number.documentNumber,
    nationality: clean(get('nationality')),
    birthDate: birth.date,
    ...(birth.parts ? { birthDateParts: birth.parts } : {}),
    sex,
    expiryDate,
    surname,
    givenNames,
    optionalData: clean(number.optionalRest),
    optionalData2: clean(get('optional2')),
  });
}

/**
 * Part 4 (TD3): P and a letter or filler. Parts 5 and 6 (TD1, TD2): A, C or I and a letter or
 * filler other than V. Visas (MRV-A/B, code V) share the widths but have no composite check
 * digit and other fields: not a document this codec reads.
 */
function documentCodeIssue(code: string, format: MrzFormat): Issue | null {
  const [first = '', second = ''] = code;
  if (first === 'V') return issue('DOCUMENT_CODE', 'documentCode', 'document code V is a visa, not a passport or ID card');
  const firstOk = format === 'TD3' ? first === 'P' : 'ACI'.includes(first) && first !== '';
  if (!firstOk) return issue('DOCUMENT_CODE', 'documentCode', format === 'TD3' ? 'a TD3 document code must start with P' : `a ${format} document code must start with A, C or I`);
  if (!/^[A-Z<]$/.test(second) || (format !== 'TD3' && second === 'V')) {
    return issue('DOCUMENT_CODE', 'documentCode', format === 'TD3' ? 'the second document code character must be a letter or <' : 'the second document code character must be a letter other than V, or <');
  }
  return null;
}

/** The name zone holds letters and fillers only, and a primary identifier. */
function nameIssues(zone: string): Issue[] {
  const cut = zone.indexOf('<<');
  const primary = cut < 0 ? zone : zone.slice(0, cut);
  const secondary = cut < 0 ? '' : zone.slice(cut + 2);
  const out: Issue[] = [];
  if (/\d/.test(primary)) out.push(issue('NAME', 'surname', 'the primary identifier (surname) holds a digit'));
  else if (!primary.replace(/</g, '')) out.push(issue('NAME', 'surname', 'the name zone has no primary identifier'));
  if (/\d/.test(secondary)) out.push(issue('NAME', 'givenNames', 'the secondary identifier (given names) holds a digit'));
  return out;
}

/**
 * The document number and its check digit. A number longer than 9 characters puts '<' in the
 * check digit position and continues in the optional data, followed by its check digit
 * (Part 5 §4.2.4 for TD1, Part 6 for TD2; accepted in TD3 optional data as well).
 */
function documentNumber(principal: string, check: string, optional: string): Issue | { documentNumber: string; optionalRest: string } {
  if (check !== '<') {
    if (!checkDigitMatches(principal, check)) return issue('DOCUMENT_NUMBER_CHECK', 'documentNumber', 'document number check digit does not match');
    const documentNumber = principal.replace(/<+$/, '');
    if (!documentNumber) return issue('DOCUMENT_NUMBER', 'documentNumber', 'document number is empty');
    return { documentNumber, optionalRest: optional };
  }
  const end = optional.indexOf('<');
  const overflow = end < 0 ? optional : optional.slice(0, end);
  if (principal.includes('<') || overflow.length < 2) return issue('DOCUMENT_NUMBER', 'documentNumber', 'check digit position holds < but no document number overflow follows');
  const full = principal + overflow.slice(0, -1);
  if (!checkDigitMatches(full, overflow.slice(-1))) return issue('DOCUMENT_NUMBER_CHECK', 'documentNumber', 'long document number check digit does not match');
  return { documentNumber: full, optionalRest: optional.slice(overflow.length) };
}

function sexOf(c: string): DocumentSex | null {
  if (c === 'M' || c === 'F') return c;
  if (c === '<') return 'X';
  return null;
}

export function mrzToIdDocument(m: MrzData): IdDocument {
  return createIdDocument({
    kind: m.documentCode.startsWith('P') ? 'passport' : 'id-card',
    documentNumber: m.documentNumber,
    surname: m.surname,
    givenNames: m.givenNames,
    sex: m.sex,
    // IdDocument has no "unknown": the known part as reduced-precision ISO 8601 ('1974-08', '1974', '').
    birthDate: m.birthDate ?? partialIso(m.birthDateParts ?? { year: null, month: null, day: null }),
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
