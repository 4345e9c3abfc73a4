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
