// The statement period choices: computed from the bank's today, clipped to what it keeps and
// to the longest statement it prints, never offered twice or wholly out of range.
import { describe, expect, it } from 'vitest';
import { periodChoices } from './statement-periods.js';

describe('statement period choices', () => {
  it('offers this month, last month, the last 3 and 12 months, with their dates', () => {
    expect(periodChoices({ today: '2026-12-04', earliest: '2020-01-01', maxDays: 3660 })).toEqual([
      { preset: 'this-month', period: { from: '2026-12-01', to: '2026-12-04' }, clipped: false },
      { preset: 'last-month', period: { from: '2026-11-01', to: '2026-11-30' }, clipped: false },
      { preset: 'last-3-months', period: { from: '2026-09-05', to: '2026-12-04' }, clipped: false },
      { preset: 'last-12-months', period: { from: '2025-12-05', to: '2026-12-04' }, clipped: false },
    ]);
  });

  it('crosses the year and handles short months (31 May − 3 months is the end of February)', () => {
    const january = periodChoices({ today: '2027-01-15', earliest: '2020-01-01', maxDays: 3660 });
    expect(january.find((c) => c.preset === 'last-month')?.period).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    const may = periodChoices({ today: '2026-05-31', earliest: '2020-01-01', maxDays: 3660 });
    expect(may.find((c) => c.preset === 'last-3-months')?.period).toEqual({ from: '2026-03-01', to: '2026-05-31' });
  });

  it('clips to the earliest date the bank keeps and to the longest statement, and drops what clips to the same dates', () => {
    const choices = periodChoices({ today: '2026-12-04', earliest: '2026-10-15', maxDays: 3660 });
    expect(choices.map((c) => [c.preset, c.period.from, c.clipped])).toEqual([
      ['this-month', '2026-12-01', false],
      ['last-month', '2026-11-01', false],
      ['last-3-months', '2026-10-15', true],
      // The last 12 months clip to the same dates as the last 3: offered once.
    ]);
    const short = periodChoices({ today: '2026-12-04', earliest: '2020-01-01', maxDays: 31 });
    expect(short.find((c) => c.preset === 'last-3-months')).toEqual({ preset: 'last-3-months', period: { from: '2026-11-04', to: '2026-12-04' }, clipped: true });
    expect(short.map((c) => c.preset)).toEqual(['this-month', 'last-month', 'last-3-months']);
  });

  it('leaves out a period wholly before the earliest date', () => {
    expect(periodChoices({ today: '2026-12-04', earliest: '2026-12-02', maxDays: 366 }).map((c) => c.preset)).toEqual(['this-month']);
    expect(periodChoices({ today: '2026-12-04', earliest: '2026-12-02', maxDays: 366 })[0]?.period).toEqual({ from: '2026-12-02', to: '2026-12-04' });
  });
});
