import { describe, expect, it } from 'vitest';
import { demoSlots } from './demo-slots.js';

describe('demo appointment slots', () => {
  it('offers 09:00–16:30 China Standard Time from now on, two services, seven days', () => {
    // 2026-12-04 10:10 CST.
    const now = Date.UTC(2026, 11, 4, 2, 10);
    const slots = demoSlots(now);
    const first = slots[0]!;
    expect(new Date(first.startsAtMs).toISOString()).toBe('2026-12-04T02:30:00.000Z');
    expect(slots.slice(0, 2).map((s) => s.serviceId)).toEqual(['deposits', 'loans']);
    expect(slots.every((s) => s.startsAtMs > now && s.capacity === 2 && s.durationMin === 30)).toBe(true);
    const last = slots.at(-1)!;
    expect(new Date(last.startsAtMs).toISOString()).toBe('2026-12-10T08:30:00.000Z');
    // 13 slots left today + 16 on each of 6 more days, per service.
    expect(slots.length).toBe((13 + 16 * 6) * 2);
  });
});
