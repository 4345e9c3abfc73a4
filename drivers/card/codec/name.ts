// Cardholder names as written on track 1 (ISO/IEC 7813) and in EMV tag 5F20:
// "SURNAME/GIVEN NAMES.TITLE", padded with spaces; "/" alone (or blanks) means no name.
import type { CardName } from './card-read.js';

export function parseCardholderName(raw: string): CardName | undefined {
  const text = raw.trim();
  const slash = text.indexOf('/');
  const surname = (slash < 0 ? text : text.slice(0, slash)).trim();
  let given = slash < 0 ? '' : text.slice(slash + 1).trim();
  let title: string | undefined;
  // The title follows the last '.', e.g. "DOE/JOHN A.MR"; an initial like "A." stays in the name.
  const dot = given.lastIndexOf('.');
  if (dot >= 0 && dot < given.length - 1) {
    title = given.slice(dot + 1).trim();
    given = given.slice(0, dot).trim();
  }
  if (!surname && !given) return undefined;
  return title ? { surname, given, title } : { surname, given };
}

export function formatCardholderName(name: CardName): string {
  return `${name.surname}/${name.given}${name.title ? `.${name.title}` : ''}`;
}

/**
 * The name as a person reads it: title, given names, surname ("DOE/JOHN A.MR" → "MR JOHN A
 * DOE"). Track 1 pads with spaces and may double them; the display string has single spaces.
 */
export function displayCardholderName(name: CardName): string {
  return [name.title, name.given, name.surname]
    .filter((part): part is string => Boolean(part?.trim()))
    .join(' ')
    .split(/\s+/)
    .join(' ');
}
