// AAMVA driver's licence / ID card bar code → IdDocument. The file structure is checked in
// aamva-file.ts; here the data elements become document fields:
//   DAQ customer ID number   DCS family name   DAC first name   DAD middle name(s)
//   DBB date of birth        DBA expiry        DBD issue date   DBC sex (1 M, 2 F, 9 unspecified)
//   DAG/DAH street           DAI city          DAJ jurisdiction DAK postal code    DCG country
// Dates are MMDDCCYY in US files and CCYYMMDD in Canadian ones (and in version 01 files).
import type { DocumentSex, IdDocument } from '../../device-classes.js';
import { parseDate8 } from './dates.js';
import { createIdDocument } from './document.js';
import { failure, success, type Decoded, type IdDecodeError } from './errors.js';
import { parseAamvaFile, type AamvaFile, type AamvaFileErrorCode, type AamvaSubfile } from './aamva-file.js';

export { AAMVA_PREFIX, aamvaDeclaredLength, encodeAamvaFile, parseAamvaFile, type AamvaFile, type AamvaFileInput, type AamvaSubfile } from './aamva-file.js';

export type AamvaErrorCode = AamvaFileErrorCode | 'NO_ID_SUBFILE' | 'MISSING_ELEMENT' | 'DATE' | 'SEX';

type Result<T> = Decoded<T, AamvaErrorCode>;

export function decodeAamva(text: string): Result<IdDocument> {
  const file = parseAamvaFile(text);
  if (!file.ok) return file;
  return toIdDocument(file.value);
}

export function toIdDocument(file: AamvaFile): Result<IdDocument> {
  const sub = file.subfiles.find((s) => s.type === 'DL') ?? file.subfiles.find((s) => s.type === 'ID');
  if (!sub) return failure('NO_ID_SUBFILE', 'subfileType', 'the bar code has no DL or ID subfile');
  const el = (id: string): string | undefined => {
    const v = sub.elements.get(id)?.trim();
    return v ? v : undefined;
  };
  const documentNumber = el('DAQ');
  if (!documentNumber) return missing('DAQ');
  const names = namesOf(sub, file.aamvaVersion);
  if (!names) return missing('DCS');
  const country = el('DCG');
  const order = file.aamvaVersion <= 1 || country === 'CAN' ? 'YMD' : 'MDY';
  const birthDate = dateOf(el('DBB'), order, 'DBB');
  if (!birthDate.ok) return birthDate;
  const expiryDate = dateOf(el('DBA'), order, 'DBA');
  if (!expiryDate.ok) return expiryDate;
  if (!el('DBC')) return missing('DBC');
  const sex = sexOf(el('DBC'));
  if (!sex) return failure('SEX', 'DBC', 'sex is not 1, 2, 9, M, F or X');
  const issue = el('DBD') ? dateOf(el('DBD'), order, 'DBD') : null;
  if (issue && !issue.ok) return issue;
  const address = ['DAG', 'DAH', 'DAI', 'DAJ', 'DAK'].map(el).filter(Boolean).join(', ');
  return success(
    createIdDocument({
      kind: sub.type === 'DL' ? 'drivers-licence' : 'id-card',
      documentNumber,
      surname: names.surname,
      givenNames: names.givenNames,
      sex,
      birthDate: birthDate.value,
      expiryDate: expiryDate.value,
      ...(country ? { nationality: country } : {}),
      ...(el('DAJ') ? { issuer: el('DAJ') } : {}),
      ...(issue ? { issueDate: issue.value } : {}),
      ...(address ? { address } : {}),
    }),
  );
}

function missing(id: string): { ok: false; error: IdDecodeError<AamvaErrorCode> } {
  return failure('MISSING_ELEMENT', id, `mandatory element ${id} is missing`);
}

function namesOf(sub: AamvaSubfile, version: number): { surname: string; givenNames: string } | null {
  const get = (id: string): string => sub.elements.get(id)?.trim() ?? '';
  // Version 2-3 files carry all given names in DCT, comma or space separated.
  const words = (s: string): string => s.split(/[\s,]+/).filter((w) => w && w !== 'NONE' && w !== 'unavl').join(' ');
  const surname = get('DCS') || get('DAB');
  if (surname) return { surname, givenNames: words(`${get('DAC') || get('DCT')} ${get('DAD')}`) };
  // Version 01: DAA full name, "FAMILY,GIVEN,MIDDLE".
  if (version <= 1 && get('DAA')) {
    const [family = '', ...rest] = get('DAA').split(',');
    return family.trim() ? { surname: family.trim(), givenNames: words(rest.join(' ')) } : null;
  }
  return null;
}

function dateOf(value: string | undefined, order: 'YMD' | 'MDY', id: string): Result<string> {
  if (!value) return missing(id);
  const iso = parseDate8(value, order);
  return iso ? success(iso) : failure('DATE', id, `${id} is not a real ${order === 'MDY' ? 'MMDDCCYY' : 'CCYYMMDD'} date`);
}

function sexOf(v: string | undefined): DocumentSex | null {
  if (v === '1' || v === 'M') return 'M';
  if (v === '2' || v === 'F') return 'F';
  if (v === '9' || v === 'X') return 'X';
  return null;
}
