// AAMVA DL/ID Card Design Standard (2016 version 08, 2020 version 10), Annex D: the file
// structure of the PDF417 bar code text. Header, subfile designators, subfiles of data
// elements. Offsets count bytes, so the text is taken one character per byte (Latin-1).
import { failure, success, type Decoded } from './errors.js';

export type AamvaFileErrorCode =
  | 'TRUNCATED'
  | 'COMPLIANCE_INDICATOR'
  | 'SEPARATORS'
  | 'FILE_TYPE'
  | 'IIN'
  | 'VERSION'
  | 'ENTRIES'
  | 'SUBFILE_DESIGNATOR'
  | 'SUBFILE_OFFSET'
  | 'SEGMENT_TERMINATOR';

export interface AamvaSubfile {
  type: string;
  /** Element ID (e.g. 'DCS') → value, in file order. */
  elements: Map<string, string>;
}

export interface AamvaFile {
  /** Issuer identification number of the jurisdiction (6 digits). */
  iin: string;
  aamvaVersion: number;
  jurisdictionVersion: number;
  subfiles: AamvaSubfile[];
}

export const LF = '\n';
export const RS = '\x1e';
export const CR = '\r';

/** The first bytes of every AAMVA bar code: compliance indicator and the three separators. */
export const AAMVA_PREFIX = `@${LF}${RS}${CR}`;

type Result<T> = Decoded<T, AamvaFileErrorCode>;

export function parseAamvaFile(text: string): Result<AamvaFile> {
  if (text.length < 21) return failure('TRUNCATED', 'header', `the header needs 21 bytes, got ${text.length}`);
  if (text[0] !== '@') return failure('COMPLIANCE_INDICATOR', 'complianceIndicator', 'the text does not start with @');
  if (text.slice(1, 4) !== `${LF}${RS}${CR}`) return failure('SEPARATORS', 'separators', 'the separators after @ are not LF, RS, CR');
  // Version 01 (AAMVA DL/ID-2000) files said 'AAMVA' and had no jurisdiction version field.
  const fileType = text.slice(4, 9);
  if (fileType !== 'ANSI ' && fileType !== 'AAMVA') return failure('FILE_TYPE', 'fileType', 'the file type is not "ANSI "');
  const iin = text.slice(9, 15);
  if (!/^\d{6}$/.test(iin)) return failure('IIN', 'iin', 'the issuer identification number is not 6 digits');
  const version = text.slice(15, 17);
  if (!/^\d\d$/.test(version)) return failure('VERSION', 'aamvaVersion', 'the AAMVA version is not 2 digits');
  const aamvaVersion = Number(version);
  const hasJurisdiction = aamvaVersion >= 2;
  const jv = hasJurisdiction ? text.slice(17, 19) : '00';
  const entriesAt = hasJurisdiction ? 19 : 17;
  const entriesText = text.slice(entriesAt, entriesAt + 2);
  if (!/^\d\d$/.test(jv)) return failure('VERSION', 'jurisdictionVersion', 'the jurisdiction version is not 2 digits');
  if (!/^\d\d$/.test(entriesText) || Number(entriesText) === 0) return failure('ENTRIES', 'numberOfEntries', 'the number of entries is not 01-99');
  const entries = Number(entriesText);
  const designatorsAt = entriesAt + 2;
  if (text.length < designatorsAt + 10 * entries) return failure('TRUNCATED', 'subfileDesignators', `${entries} subfile designators do not fit the text`);

  const subfiles: AamvaSubfile[] = [];
  for (let i = 0; i < entries; i++) {
    const d = text.slice(designatorsAt + 10 * i, designatorsAt + 10 * (i + 1));
    if (!/^[A-Z0-9]{2}\d{8}$/.test(d)) return failure('SUBFILE_DESIGNATOR', `subfileDesignator${i + 1}`, `subfile designator ${i + 1} is not type + 4-digit offset + 4-digit length`);
    const type = d.slice(0, 2);
    const offset = Number(d.slice(2, 6));
    const length = Number(d.slice(6, 10));
    if (offset < designatorsAt + 10 * entries || length < 3) return failure('SUBFILE_OFFSET', type, `subfile ${type} offset or length points into the header`);
    if (offset + length > text.length) return failure('TRUNCATED', type, `subfile ${type} ends after the text`);
    const body = text.slice(offset, offset + length);
    if (!body.startsWith(type)) return failure('SUBFILE_OFFSET', type, `subfile ${type} does not start at its offset`);
    if (!body.endsWith(CR)) return failure('SEGMENT_TERMINATOR', type, `subfile ${type} does not end with the segment terminator`);
    subfiles.push({ type, elements: parseElements(body.slice(2, -1)) });
  }
  return success({ iin, aamvaVersion, jurisdictionVersion: Number(jv), subfiles });
}

function parseElements(body: string): Map<string, string> {
  const elements = new Map<string, string>();
  for (const raw of body.split(LF)) {
    // Some encoders end the last element with LF before CR; an empty piece is not an element.
    const item = raw.replace(/\r$/, '');
    if (item.length < 3) continue;
    const id = item.slice(0, 3);
    if (!elements.has(id)) elements.set(id, item.slice(3));
  }
  return elements;
}

/**
 * How many bytes the whole bar code text has, from its header alone: for framers that must
 * find the end of an AAMVA text whose body contains the scanner's own terminator (CR, LF).
 * 'incomplete' until the designators are in; 'invalid' when this is no AAMVA header.
 */
export function aamvaDeclaredLength(text: string): number | 'incomplete' | 'invalid' {
  const expected = `${AAMVA_PREFIX}ANSI `;
  const head = text.slice(0, expected.length);
  if (head !== expected.slice(0, head.length) && head !== `${AAMVA_PREFIX}AAMVA`.slice(0, head.length)) return 'invalid';
  if (text.length < 19) return 'incomplete';
  const entriesAt = Number(text.slice(15, 17)) >= 2 ? 19 : 17;
  if (text.length < entriesAt + 2) return 'incomplete';
  const entries = Number(text.slice(entriesAt, entriesAt + 2));
  if (!Number.isInteger(entries) || entries < 1) return 'invalid';
  const designatorsEnd = entriesAt + 2 + 10 * entries;
  if (text.length < designatorsEnd) return 'incomplete';
  let end = designatorsEnd;
  for (let i = 0; i < entries; i++) {
    const d = text.slice(entriesAt + 2 + 10 * i, entriesAt + 12 + 10 * i);
    if (!/^[A-Z0-9]{2}\d{8}$/.test(d)) return 'invalid';
    end = Math.max(end, Number(d.slice(2, 6)) + Number(d.slice(6, 10)));
  }
  return end;
}

export interface AamvaFileInput {
  iin: string;
  aamvaVersion: number;
  jurisdictionVersion: number;
  subfiles: { type: string; elements: readonly (readonly [string, string])[] }[];
}

/** Builds the bar code text with correct offsets and lengths (tests, simulator). */
export function encodeAamvaFile(input: AamvaFileInput): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const four = (n: number): string => String(n).padStart(4, '0');
  const bodies = input.subfiles.map((s) => `${s.type}${s.elements.map(([id, v]) => id + v).join(LF)}${CR}`);
  const headerLength = 21 + 10 * bodies.length;
  let offset = headerLength;
  const designators = input.subfiles.map((s, i) => {
    const length = bodies[i]?.length ?? 0;
    const d = `${s.type}${four(offset)}${four(length)}`;
    offset += length;
    return d;
  });
  return `${AAMVA_PREFIX}ANSI ${input.iin}${two(input.aamvaVersion)}${two(input.jurisdictionVersion)}${two(bodies.length)}${designators.join('')}${bodies.join('')}`;
}
