import { describe, expect, it, vi } from 'vitest';
import { attractDate, attractTime, warmDateFormats } from './attract-clock.js';

// A day in every month, every weekday, single and double digits, midnight and the last minute.
const samples = Array.from({ length: 60 }, (_, i) => new Date(2024 + (i % 5), i % 12, 1 + ((i * 7) % 28), (i * 5) % 24, (i * 13) % 60));
samples.push(new Date(2026, 11, 31, 23, 59), new Date(2027, 0, 1, 0, 0));

describe('attract clock', () => {
  it('writes dates exactly as ICU does, in both locales', () => {
    for (const now of samples) {
      expect(attractDate(now, 'zh-CN')).toBe(new Intl.DateTimeFormat('zh-CN', { dateStyle: 'full' }).format(now));
      expect(attractDate(now, 'en')).toBe(new Intl.DateTimeFormat('en', { dateStyle: 'full' }).format(now));
    }
  });

  it('writes the time as ICU does, 24-hour with two digits', () => {
    for (const now of samples) {
      expect(attractTime(now)).toBe(new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now));
      expect(attractTime(now)).toBe(new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now));
    }
  });

  it('warms ICU a while after start, when the page is idle, not at once', () => {
    const requestIdleCallback = vi.fn();
    const setTimeout = vi.fn();
    warmDateFormats({ requestIdleCallback, setTimeout } as unknown as Window, 3_000);
    expect(setTimeout).toHaveBeenCalledWith(expect.any(Function), 3_000);
    expect(requestIdleCallback).not.toHaveBeenCalled();
    (setTimeout.mock.calls[0]![0] as () => void)();
    expect(requestIdleCallback).toHaveBeenCalledTimes(1);
  });
});
