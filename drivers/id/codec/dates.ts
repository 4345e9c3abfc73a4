// Calendar helpers shared by the identity codecs: every document date is checked to be a
// real day before it becomes an ISO string.

export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear keeps the year as given.
  d.setUTCFullYear(year);
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Parses 8 digits in the given order ('YMD' = CCYYMMDD, 'MDY' = MMDDCCYY) to an ISO date, or null. */
export function parseDate8(s: string, order: 'YMD' | 'MDY'): string | null {
  if (!/^\d{8}$/.test(s)) return null;
  const [y, m, d] = order === 'YMD' ? [s.slice(0, 4), s.slice(4, 6), s.slice(6, 8)] : [s.slice(4, 8), s.slice(0, 2), s.slice(2, 4)];
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  return isRealDate(year, month, day) ? isoDate(year, month, day) : null;
}

/**
 * A YYMMDD MRZ date as ISO, or null when it is not a real day. Birth dates lie in the past,
 * so a date that would be after `now` belongs to the previous century. Expiry dates lie at
 * most `expiryHorizonYears` ahead (passports run 10 years; 50 leaves room for long-lived ID
 * cards) and at most 100 - horizon years behind.
 */
export function parseYymmdd(s: string, kind: 'birth' | 'expiry', now: Date, expiryHorizonYears = 50): string | null {
  if (!/^\d{6}$/.test(s)) return null;
  const yy = Number(s.slice(0, 2));
  const month = Number(s.slice(2, 4));
  const day = Number(s.slice(4, 6));
  const thisYear = now.getUTCFullYear();
  let year = Math.floor(thisYear / 100) * 100 + yy;
  if (kind === 'birth') {
    const today = isoDate(thisYear, now.getUTCMonth() + 1, now.getUTCDate());
    if (isoDate(year, month, day) > today) year -= 100;
  } else if (year > thisYear + expiryHorizonYears) year -= 100;
  else if (year <= thisYear + expiryHorizonYears - 100) year += 100;
  return isRealDate(year, month, day) ? isoDate(year, month, day) : null;
}

/** A date of birth as the MRZ gives it: any of year, month and day may be unknown. */
export interface PartialDate {
  year: number | null;
  month: number | null;
  day: number | null;
}

/**
 * An MRZ date of birth, YYMMDD, where an unknown part is filled with '<<' (ICAO 9303 Part 3:
 * the whole date, or only the day, or the month and day, may be unknown). Returns the ISO date
 * when every part is known, the known parts otherwise, or null when it is neither: a pair mixing
 * a digit and a filler, a month outside 1-12, a day the month does not have.
 */
export function parseMrzBirth(s: string, now: Date): { date: string; parts?: undefined } | { date: null; parts: PartialDate } | null {
  if (/^\d{6}$/.test(s)) {
    const date = parseYymmdd(s, 'birth', now);
    return date ? { date } : null;
  }
  const pairs = [s.slice(0, 2), s.slice(2, 4), s.slice(4, 6)];
  if (s.length !== 6 || !pairs.every((p) => /^\d\d$/.test(p) || p === '<<')) return null;
  const [yy, mm, dd] = pairs.map((p) => (p === '<<' ? null : Number(p)));
  const month = mm ?? null;
  const day = dd ?? null;
  if (month !== null && (month < 1 || month > 12)) return null;
  // Without a known year 29 February stays possible (2000 is a leap year); without a month, any day 1-31.
  if (day !== null && !isRealDate(2000, month ?? 1, day)) return null;
  let year: number | null = null;
  if (yy !== null && yy !== undefined) {
    const thisYear = now.getUTCFullYear();
    year = Math.floor(thisYear / 100) * 100 + yy;
    // Birth lies in the past: a known year (and month) after today's belongs to the previous century.
    if (year > thisYear || (year === thisYear && month !== null && month > now.getUTCMonth() + 1)) year -= 100;
    if (month !== null && day !== null && !isRealDate(year, month, day)) return null;
  }
  return { date: null, parts: { year, month, day } };
}

/** What is known of a partial date as reduced-precision ISO 8601: 'YYYY-MM', 'YYYY' or ''. */
export function partialIso(p: PartialDate): string {
  if (p.year === null) return '';
  const y = String(p.year).padStart(4, '0');
  return p.month === null ? y : `${y}-${String(p.month).padStart(2, '0')}`;
}
