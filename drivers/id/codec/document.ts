// Builds IdDocument values. The full fields stay readable in memory for the transaction;
// JSON.stringify (logs, bridge payloads built carelessly) only ever sees the masked form.
import type { IdDocument, IdDocumentFields, MaskedIdDocument } from '../../device-classes.js';

/**
 * Keeps the first 4 and last 4 characters of an identity number and masks the rest. Short
 * numbers (a 9-character passport number) keep less, so that at least half is always hidden.
 */
export function maskIdNumber(value: string): string {
  const chars = [...value];
  const keep = Math.min(4, Math.floor(chars.length / 4));
  if (keep === 0) return '*'.repeat(chars.length);
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - 2 * keep) + chars.slice(-keep).join('');
}

/** First character and a star: enough to tell two customers apart on a support screen. */
export function maskName(value: string): string {
  const first = [...value.trim()][0];
  return first === undefined ? '' : `${first}*`;
}

/**
 * Whole years from an ISO birth date to `now` (local calendar), or null when the date is not a
 * full one (an MRZ may leave the day or month unknown). The derived fact a journey may use
 * (priority service from 65), so the birth date itself need not leave the reader's worker.
 */
export function ageOn(birthDate: string, now: Date): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hadBirthday = now.getMonth() + 1 > mo || (now.getMonth() + 1 === mo && now.getDate() >= d);
  const age = now.getFullYear() - y - (hadBirthday ? 0 : 1);
  return age >= 0 && age < 150 ? age : null;
}

export function maskIdDocument(f: IdDocumentFields, now: Date = new Date()): MaskedIdDocument {
  const masked: MaskedIdDocument = {
    kind: f.kind,
    documentNumber: maskIdNumber(f.documentNumber),
    surname: maskName(f.surname),
    givenNames: maskName(f.givenNames),
    sex: f.sex,
    birthYear: f.birthDate.slice(0, 4),
    age: ageOn(f.birthDate, now),
    expiryDate: f.expiryDate,
    hasAddress: Boolean(f.address),
    photoBytes: f.photo?.length ?? 0,
  };
  if (f.nationality) masked.nationality = f.nationality;
  if (f.issuer) masked.issuer = f.issuer;
  return masked;
}

export function createIdDocument(fields: IdDocumentFields): IdDocument {
  const doc = { ...fields } as IdDocument;
  // Not enumerable: spreading or comparing a document sees only its fields.
  Object.defineProperty(doc, 'toJSON', { value: () => maskIdDocument(fields), enumerable: false });
  return Object.freeze(doc);
}
