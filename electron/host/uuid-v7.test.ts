import { describe, expect, it } from 'vitest';
import { uuidv7 } from './uuid-v7.node.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7 (pooled randomness)', () => {
  it('makes RFC 9562 version-7 ids carrying the current time', () => {
    const before = Date.now();
    const id = uuidv7();
    expect(id).toMatch(UUID_V7);
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now());
  });

  it('sorts in creation order and never repeats, across refills of the random pool', () => {
    // 1,000 ids use the 4 KiB pool four times over, mostly within one millisecond.
    const ids = Array.from({ length: 1000 }, () => uuidv7());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('takes fresh random bytes for every id (no two share their random tail)', () => {
    const tails = new Set(Array.from({ length: 600 }, () => uuidv7().slice(-12)));
    expect(tails.size).toBe(600);
  });
});
