import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStorableJson, isStorableTimestamp } from './storable-values.js';

describe('isStorableJson', () => {
  it.each([
    ['a NUL in a value', { a: 'x\u0000y' }],
    ['a NUL in a key', { 'k\u0000': 1 }],
    ['a lone high surrogate deep in an array', { a: [{ b: ['\uD83C'] }] }],
    ['a lone low surrogate', { a: '\uDFE6x' }],
  ])('refuses %s', (_label, value) => {
    expect(isStorableJson(value)).toBe(false);
  });

  it('accepts paired surrogates, CJK and ordinary JSON', () => {
    expect(isStorableJson({ bank: '🏦', name: '张三', n: [1, null, true, { deep: 'ok' }] })).toBe(true);
  });

  it('accepts any well-formed text without NUL, and refuses it once a NUL is inside', () => {
    const text = fc.string({ unit: 'grapheme' }).filter((t) => !t.includes('\u0000'));
    fc.assert(
      fc.property(text, text, (before, after) => {
        expect(isStorableJson({ [before]: [after] })).toBe(true);
        expect(isStorableJson({ note: `${before}\u0000${after}` })).toBe(false);
      }),
    );
  });
});

describe('isStorableTimestamp', () => {
  it.each([
    ['2026-11-23T09:00:00Z', true],
    ['2026-11-23T17:00:00+08:00', true],
    ['0001-01-01T00:00:00+14:00', true],
    ['2026-11-23T00:00:00-15:59', true],
    ['0000-01-01T00:00:00Z', false],
    ['2026-11-23T00:00:00+16:00', false],
  ])('%s → %s', (text, storable) => {
    expect(isStorableTimestamp(text)).toBe(storable);
  });
});
