// Statement periods and pages, pure. Dates are the bank's calendar days (the demo bank books in
// China Standard Time: hub/banking/demo/demo-queries.ts), compared as YYYY-MM-DD strings.
import type { StatementPeriod } from '../../bridge/account-services-contract.js';
import type { StatementEntry } from '../../../protocol/core-banking.js';
import { subtractMoney, type Money } from '../../../protocol/money.js';

const DAY_MS = 86_400_000;
const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** `date` moved by `days` (negative: back). */
export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Days in the period, both ends included. */
export const periodDays = (period: StatementPeriod): number => dayNumber(period.to) - dayNumber(period.from) + 1;

/** Today's date in a time zone, e.g. the bank's 'Asia/Shanghai'. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Why a period cannot be printed: outside earliest..today, or longer than maxDays. */
export function periodProblem(period: StatementPeriod, rules: { earliest: string; today: string; maxDays: number }): 'too-long' | null {
  if (period.from > period.to || period.from < rules.earliest || period.to > rules.today) return 'too-long';
  return periodDays(period) > rules.maxDays ? 'too-long' : null;
}

export interface StatementPage {
  page: number;
  pages: number;
  entries: StatementEntry[];
  broughtForward: Money;
  carriedForward: Money;
}

/**
 * The period's entries (oldest first) cut into pages of `perPage`. Each page starts from the
 * balance the page before carried forward: the balance before the first entry on page 1.
 */
export function statementPages(entries: readonly StatementEntry[], perPage: number): StatementPage[] {
  const size = Math.max(1, Math.floor(perPage));
  const first = entries[0];
  if (!first) return [];
  const pages = Math.ceil(entries.length / size);
  const out: StatementPage[] = [];
  let broughtForward = subtractMoney(first.balanceAfter, first.amount);
  for (let i = 0; i < pages; i++) {
    const slice = entries.slice(i * size, (i + 1) * size);
    const carriedForward = slice[slice.length - 1]?.balanceAfter ?? broughtForward;
    out.push({ page: i + 1, pages, entries: slice, broughtForward, carriedForward });
    broughtForward = carriedForward;
  }
  return out;
}
