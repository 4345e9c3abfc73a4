import { describe, expect, it } from 'vitest';
import { maskCardNumbers } from './number-guards.js';

describe('maskCardNumbers', () => {
  it('masks a card number in one run, in groups and in full-width digits', () => {
    expect(maskCardNumbers('insert failed near "6222020200112230"')).toBe('insert failed near "[card number]"');
    expect(maskCardNumbers('pan 4111 1111 1111 1111 declined')).toBe('pan [card number] declined');
    expect(maskCardNumbers('pan 4111-1111-1111-1111')).toBe('pan [card number]');
    expect(maskCardNumbers('卡号６２２２０２０２００１１２２３０')).toBe('卡号[card number]');
  });

  it('masks a card number written in groups after a neighbouring number', () => {
    expect(maskCardNumbers('ref 12 4111 1111 1111 1111')).toBe('ref [card number]');
  });

  it('leaves other numbers alone: ids, line numbers, a 16-digit run failing Luhn, short runs', () => {
    const text = 'seq 1234567 at hub/server.ts:265:72, id 0190a1b2-0000-7000-8000-000000000000, 6222020200112233, port 5432';
    expect(maskCardNumbers(text)).toBe(text);
  });
});
