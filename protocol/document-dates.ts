// The two date checks account opening makes on an identity document (issue 11), the same at the
// kiosk (on its clock, before the customer goes on) and at the hub (on its clock, when the
// application is filed): whole years of age on a day, and whether the validity has passed.
// Dates are 'YYYY-MM-DD'; a document valid to a day is still valid on that day.
import { MIN_ACCOUNT_AGE } from './account-opening.js';

const parts = (date: string): [number, number, number] => {
  const [y, m, d] = date.split('-').map(Number);
  return [y ?? 0, m ?? 0, d ?? 0];
};

/** Whole years from `birthDate` to `today` (a 29 February birthday counts on 1 March in other years). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = parts(birthDate);
  const [ty, tm, td] = parts(today);
  const hadBirthday = tm > bm || (tm === bm && td >= bd);
  return ty - by - (hadBirthday ? 0 : 1);
}

export function isExpiredOn(validTo: string, today: string): boolean {
  return validTo !== 'long-term' && validTo < today;
}

export const oldEnoughOn = (birthDate: string, today: string): boolean => ageOn(birthDate, today) >= MIN_ACCOUNT_AGE;

/** The local calendar day of `at` in `timeZone` (default: the process's own), as 'YYYY-MM-DD'. */
export function dayOf(at: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(at);
}
