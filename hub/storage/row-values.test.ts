import { describe, expect, it } from 'vitest';
import { toIsoString, toSafeInteger } from './row-values.js';

describe('row values from either engine', () => {
  it('reads integers as pg (string), PGlite (number) or bigint give them', () => {
    expect([toSafeInteger('42'), toSafeInteger(42), toSafeInteger(42n)]).toEqual([42, 42, 42]);
  });

  it('refuses integers it cannot represent exactly', () => {
    expect(() => toSafeInteger('9007199254740993')).toThrow(TypeError);
    expect(() => toSafeInteger(null)).toThrow(TypeError);
  });

  it('renders timestamps in UTC ISO form', () => {
    expect(toIsoString(new Date('2026-11-23T17:00:00+08:00'))).toBe('2026-11-23T09:00:00.000Z');
    expect(toIsoString('2026-11-23 17:00:00+08')).toBe('2026-11-23T09:00:00.000Z');
    expect(() => toIsoString(12)).toThrow(TypeError);
  });
});
