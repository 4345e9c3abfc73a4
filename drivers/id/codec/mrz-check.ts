// ICAO 9303 Part 3 §4.9: the MRZ character set and the 7-3-1 check digit.

export const MRZ_CHARS = /^[A-Z0-9<]*$/;

/** 0-9 as themselves, A-Z as 10-35, the filler '<' as 0. */
export function mrzCharValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  return 0;
}

export function checkDigit(field: string): string {
  const weights = [7, 3, 1] as const;
  let sum = 0;
  for (let i = 0; i < field.length; i++) sum += mrzCharValue(field[i] ?? '<') * (weights[i % 3] ?? 1);
  return String(sum % 10);
}

/**
 * True when `digit` is the check digit of `field`. An empty optional field ('<' only) may
 * carry '<' or '0' as its check digit (Part 4 §4.2.2, personal number not used).
 */
export function checkDigitMatches(field: string, digit: string, emptyMayBeFiller = false): boolean {
  if (emptyMayBeFiller && /^<*$/.test(field) && (digit === '<' || digit === '0')) return true;
  return digit === checkDigit(field);
}

/** The name zone: primary identifier, '<<', secondary identifier; '<' separates name parts. */
export function splitMrzName(zone: string): { surname: string; givenNames: string } {
  const trimmed = zone.replace(/<+$/, '');
  const cut = trimmed.indexOf('<<');
  const primary = cut < 0 ? trimmed : trimmed.slice(0, cut);
  const secondary = cut < 0 ? '' : trimmed.slice(cut + 2);
  const words = (s: string): string => s.split('<').filter(Boolean).join(' ');
  return { surname: words(primary), givenNames: words(secondary) };
}

export function joinMrzName(surname: string, givenNames: string, width: number): string {
  const part = (s: string): string => s.trim().split(/\s+/).filter(Boolean).join('<');
  const given = part(givenNames);
  return pad(given ? `${part(surname)}<<${given}` : part(surname), width).slice(0, width);
}

export function pad(s: string, width: number): string {
  return s.length >= width ? s : s + '<'.repeat(width - s.length);
}
