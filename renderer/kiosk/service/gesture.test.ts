import { describe, expect, it } from 'vitest';
import { createTapCounter } from './gesture.js';

describe('service mode gesture', () => {
  it('opens on the fifth tap within three seconds', () => {
    const c = createTapCounter();
    expect([0, 500, 1000, 1500].map((t) => c.tap(t))).toEqual([false, false, false, false]);
    expect(c.tap(2_900)).toBe(true);
    // It resets: the next tap starts a new count.
    expect(c.tap(3_000)).toBe(false);
  });

  it('does not open when the taps are spread over more than three seconds', () => {
    const c = createTapCounter();
    expect([0, 800, 1600, 2400, 3200, 3900].map((t) => c.tap(t))).toEqual([false, false, false, false, false, false]);
    expect(c.tap(4_000)).toBe(true);
  });
});
