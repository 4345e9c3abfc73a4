// The 18-character citizen identity number, GB 11643-1999: 6-digit region (GB/T 2260),
// 8-digit birth date, 3-digit sequence (odd: male, even: female), ISO 7064 MOD 11-2 check
// character.
import { isRealDate, isoDate } from '../../codec/dates.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** Provinces, autonomous regions and municipalities (11-65), Taiwan 71, Hong Kong 81, Macao 82. */
const PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82]);

export type IdNumberErrorCode = 'ID_FORMAT' | 'ID_CHECK_DIGIT' | 'REGION' | 'ID_BIRTH_DATE';

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i] ?? 0) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '?';
}

export interface IdNumberInfo {
  region: string;
  /** ISO date embedded in the number. */
  birthDate: string;
  sex: 'M' | 'F';
}

/**
 * The latest calendar date anywhere on Earth (UTC+14) at `now`: a birth date after it lies in
 * the future wherever the clock stands, so no real birth date is refused for the time zone.
 */
export function latestToday(now: Date): string {
  return new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
}

export interface IdNumberOptions {
  /** The clock for the "birth date not in the future" check (default: now). */
  now?: Date;
}

export function checkIdNumber(id: string, opts: IdNumberOptions = {}): { ok: true; value: IdNumberInfo } | { ok: false; code: IdNumberErrorCode; message: string } {
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, code: 'ID_FORMAT', message: 'the ID number is not 17 digits and a digit or X' };
  if (idCheckChar(id) !== id[17]) return { ok: false, code: 'ID_CHECK_DIGIT', message: 'the ID number check character does not match (ISO 7064 MOD 11-2)' };
  if (!PROVINCES.has(Number(id.slice(0, 2)))) return { ok: false, code: 'REGION', message: 'the ID number region is not a province code' };
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (!isRealDate(year, month, day)) return { ok: false, code: 'ID_BIRTH_DATE', message: 'the birth date inside the ID number is not a real date' };
  const birthDate = isoDate(year, month, day);
  if (birthDate > latestToday(opts.now ?? new Date())) return { ok: false, code: 'ID_BIRTH_DATE', message: 'the birth date inside the ID number is in the future' };
  return { ok: true, value: { region: id.slice(0, 6), birthDate, sex: Number(id[16]) % 2 === 1 ? 'M' : 'F' } };
}
