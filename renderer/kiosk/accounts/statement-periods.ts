// The statement periods offered as one-tap choices, computed from the bank's `today`, clipped
// to what it keeps (`earliest`) and to the longest statement it prints (`maxDays`). A choice
// that falls wholly before `earliest` is not offered; two that clip to the same dates are
// offered once. Dates are plain calendar dates (YYYY-MM-DD), computed in UTC so no time zone
// moves a day.
import type { StatementPeriod } from '../../../electron/bridge/account-services-contract.js';

export const PERIOD_PRESETS = ['this-month', 'last-month', 'last-3-months', 'last-12-months'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export interface PeriodChoice {
  preset: PeriodPreset;
  period: StatementPeriod;
  /** Shorter than the preset's name says: the bank keeps less, or prints fewer days. */
  clipped: boolean;
}

const DAY = 86_400_000;

function toTime(iso: string): number {
  const [y = 0, m = 1, d = 1] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}
const toIso = (time: number): string => new Date(time).toISOString().slice(0, 10);

/** The same day `months` earlier, or the month's last day when it has no such day (31 May − 3 → 28/29 Feb). */
function monthsBefore(iso: string, months: number): number {
  const [y = 0, m = 1, d = 1] = iso.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y, m - 1 - months + 1, 0)).getUTCDate();
  return Date.UTC(y, m - 1 - months, Math.min(d, lastDay));
}

function presetRange(preset: PeriodPreset, today: string): { from: number; to: number } {
  const end = toTime(today);
  const [y = 0, m = 1] = today.split('-').map(Number);
  switch (preset) {
    case 'this-month':
      return { from: Date.UTC(y, m - 1, 1), to: end };
    case 'last-month':
      return { from: Date.UTC(y, m - 2, 1), to: Date.UTC(y, m - 1, 0) };
    case 'last-3-months':
      return { from: monthsBefore(today, 3) + DAY, to: end };
    case 'last-12-months':
      return { from: monthsBefore(today, 12) + DAY, to: end };
  }
}

export function periodChoices({ today, earliest, maxDays }: { today: string; earliest: string; maxDays: number }): PeriodChoice[] {
  const floor = toTime(earliest);
  const choices: PeriodChoice[] = [];
  for (const preset of PERIOD_PRESETS) {
    const range = presetRange(preset, today);
    if (range.to < floor) continue;
    const from = Math.max(range.from, floor, range.to - (maxDays - 1) * DAY);
    const period = { from: toIso(from), to: toIso(range.to) };
    if (choices.some((c) => c.period.from === period.from && c.period.to === period.to)) continue;
    choices.push({ preset, period, clipped: from !== range.from });
  }
  return choices;
}
