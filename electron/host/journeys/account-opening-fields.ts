// The document as the account-opening journey holds it (protocol DocumentRead, built from what
// the ID reader's worker hands over) and as the page shows it: masked by the contract's rules
// (documentFieldsSchema) — the name keeps its first and last character (张*明) or, for a Latin
// name, the surname and the given name's initial (ZHANG W***); the ID number its first 6 and last
// 4 (a shorter passport number its first 2 and last 2); the birth date its year; the address its
// first 6 characters. Pure.
import { documentFieldsSchema, documentReadSchema, type DocumentFields, type DocumentProblem, type DocumentRead } from '../../../protocol/account-opening.js';
import type { HeldDocument } from '../devices/held-document.js';

export function maskName(name: string): string {
  const chars = [...name.trim()];
  const latin = /[A-Za-z]/.test(name);
  if (latin && name.trim().includes(' ')) {
    const [surname = '', ...given] = name.trim().split(/\s+/);
    const initial = given.join(' ').charAt(0);
    return initial ? `${surname} ${initial}***` : surname;
  }
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

export function maskIdNumber(idNumber: string): string {
  const [head, tail] = idNumber.length >= 14 ? [6, 4] : [2, 2];
  return `${idNumber.slice(0, head)}${'*'.repeat(Math.max(1, idNumber.length - head - tail))}${idNumber.slice(-tail)}`;
}

export function maskDocument(doc: DocumentRead): DocumentFields {
  return documentFieldsSchema.parse({
    document: doc.kind,
    name: maskName(doc.name),
    idNumber: maskIdNumber(doc.idNumber),
    sex: doc.sex,
    birthYear: Number(doc.birthDate.slice(0, 4)),
    nationality: doc.nationality,
    validTo: doc.validTo,
    ...(doc.address ? { address: `${[...doc.address].slice(0, 6).join('')}…` } : {}),
  });
}

/** The reader's full fields as the application carries them; a document of another kind is 'not-supported'. */
export function documentReadOf(held: HeldDocument): { ok: true; document: DocumentRead } | { ok: false; problem: DocumentProblem } {
  if (held.kind !== 'cn-resident-id' && held.kind !== 'passport') return { ok: false, problem: 'not-supported' };
  const cn = held.kind === 'cn-resident-id';
  const parsed = documentReadSchema.safeParse({
    kind: cn ? 'cn-id' : 'passport',
    // A resident ID card holds the name as one string (surname); an MRZ splits it.
    name: cn ? held.surname : `${held.surname} ${held.givenNames}`.trim(),
    idNumber: held.documentNumber.toUpperCase(),
    sex: held.sex,
    birthDate: held.birthDate,
    nationality: cn ? 'CHN' : held.nationality,
    validTo: held.expiryDate ?? 'long-term',
    ...(held.address ? { address: held.address } : {}),
    ...(held.issuer ? { issuer: held.issuer } : {}),
  });
  return parsed.success ? { ok: true, document: parsed.data } : { ok: false, problem: 'unreadable' };
}
