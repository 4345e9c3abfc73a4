import { describe, expect, it } from 'vitest';
import { ageOn, dayOf, isExpiredOn, oldEnoughOn } from './document-dates.js';

describe('document dates', () => {
  it('counts whole years, turning on the birthday itself', () => {
    expect(ageOn('2010-06-15', '2026-06-14')).toBe(15);
    expect(ageOn('2010-06-15', '2026-06-15')).toBe(16);
    expect(oldEnoughOn('2010-06-15', '2026-06-14')).toBe(false);
    expect(oldEnoughOn('2010-06-15', '2026-06-15')).toBe(true);
    // A 29 February birthday: 16 on 1 March of a common year.
    expect(ageOn('2008-02-29', '2024-02-28')).toBe(15);
    expect(ageOn('2008-02-29', '2024-03-01')).toBe(16);
  });
  it('keeps a document valid on its last day and long-term ones for ever', () => {
    expect(isExpiredOn('2026-12-05', '2026-12-05')).toBe(false);
    expect(isExpiredOn('2026-12-04', '2026-12-05')).toBe(true);
    expect(isExpiredOn('long-term', '2099-01-01')).toBe(false);
  });
  it('takes the day in the given time zone', () => {
    const at = new Date('2026-12-05T17:30:00Z');
    expect(dayOf(at, 'UTC')).toBe('2026-12-05');
    expect(dayOf(at, 'Asia/Shanghai')).toBe('2026-12-06');
  });
});
