import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMoney, CurrencyMismatchError, formatMoney, moneySchema, parseDecimal, positiveMoneySchema, subtractMoney, toDecimalString, type CurrencyCode } from './money.js';

describe('money', () => {
  it('takes integer minor units and a known ISO 4217 code only', () => {
    expect(moneySchema.safeParse({ minor: 123_45, currency: 'CNY' }).success).toBe(true);
    expect(moneySchema.safeParse({ minor: 12.5, currency: 'CNY' }).success).toBe(false);
    expect(moneySchema.safeParse({ minor: 1, currency: 'cny' }).success).toBe(false);
    expect(moneySchema.safeParse({ minor: 1, currency: 'XYZ' }).success).toBe(false);
    expect(moneySchema.safeParse({ minor: 2 ** 53, currency: 'CNY' }).success).toBe(false);
    expect(positiveMoneySchema.safeParse({ minor: 0, currency: 'CNY' }).success).toBe(false);
  });

  it('writes decimals by the currency exponent (JPY has none)', () => {
    expect(toDecimalString({ minor: 123_450, currency: 'CNY' })).toBe('1234.50');
    expect(toDecimalString({ minor: 5, currency: 'USD' })).toBe('0.05');
    expect(toDecimalString({ minor: -5, currency: 'EUR' })).toBe('-0.05');
    expect(toDecimalString({ minor: 1234, currency: 'JPY' })).toBe('1234');
    expect(toDecimalString({ minor: 9_007_199_254_740_991, currency: 'HKD' })).toBe('90071992547409.91');
  });

  it('parses decimals back without floats, refusing more decimals than the currency has', () => {
    expect(parseDecimal('1234.5', 'CNY')).toEqual({ minor: 123_450, currency: 'CNY' });
    expect(parseDecimal('0.07', 'USD')).toEqual({ minor: 7, currency: 'USD' });
    expect(parseDecimal('1.005', 'CNY')).toBeNull();
    expect(parseDecimal('12.5', 'JPY')).toBeNull();
    expect(parseDecimal('-1', 'CNY')).toBeNull();
    expect(parseDecimal('1e3', 'CNY')).toBeNull();
    // A currency without minor units reaches 16 whole digits before the safe-integer limit.
    expect(parseDecimal('1000000000000000', 'JPY')).toEqual({ minor: 10 ** 15, currency: 'JPY' });
    expect(parseDecimal('9007199254740992', 'JPY')).toBeNull();
  });

  it('round-trips any amount through the decimal string', () => {
    const currencies: CurrencyCode[] = ['CNY', 'USD', 'EUR', 'HKD', 'JPY'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 15 }), fc.constantFrom(...currencies), (minor, currency) => {
        expect(parseDecimal(toDecimalString({ minor, currency }), currency)).toEqual({ minor, currency });
      }),
    );
  });

  it('adds and subtracts within one currency only', () => {
    expect(addMoney({ minor: 10, currency: 'CNY' }, { minor: 20, currency: 'CNY' })).toEqual({ minor: 30, currency: 'CNY' });
    expect(subtractMoney({ minor: 10, currency: 'CNY' }, { minor: 20, currency: 'CNY' })).toEqual({ minor: -10, currency: 'CNY' });
    expect(() => addMoney({ minor: 10, currency: 'CNY' }, { minor: 20, currency: 'USD' })).toThrow(CurrencyMismatchError);
  });

  it('formats per locale, exactly, even past float precision', () => {
    expect(formatMoney({ minor: 123_456, currency: 'CNY' }, 'zh-CN')).toBe('¥1,234.56');
    expect(formatMoney({ minor: 123_456, currency: 'CNY' }, 'en')).toBe('CN¥1,234.56');
    expect(formatMoney({ minor: 1234, currency: 'JPY' }, 'en')).toBe('¥1,234');
    expect(formatMoney({ minor: 9_007_199_254_740_991, currency: 'USD' }, 'en')).toBe('$90,071,992,547,409.91');
  });
});
