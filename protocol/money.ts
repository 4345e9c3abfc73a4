// Money on the wire, in the outbox and on receipts: an integer count of the currency's minor
// unit plus its ISO 4217 code (DESIGN §9). Never a float, so 0.1 + 0.2 never prints a cent off.
import { z } from 'zod';

/** ISO 4217 minor-unit exponents of the currencies the kiosk handles. */
export const CURRENCY_EXPONENTS = {
  CNY: 2,
  HKD: 2,
  USD: 2,
  EUR: 2,
  GBP: 2,
  JPY: 0,
  KRW: 0,
} as const satisfies Record<string, number>;
export type CurrencyCode = keyof typeof CURRENCY_EXPONENTS;

export const currencyCodeSchema = z.enum(Object.keys(CURRENCY_EXPONENTS) as [CurrencyCode, ...CurrencyCode[]]);

/** Amounts beyond 2^53 - 1 minor units cannot be exact in JSON numbers. */
export const minorUnitsSchema = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);

export const moneySchema = z.object({ minor: minorUnitsSchema, currency: currencyCodeSchema }).strict();
export type Money = z.infer<typeof moneySchema>;

/** A positive amount: what a payment may move. */
export const positiveMoneySchema = moneySchema.refine((money) => money.minor > 0, { message: 'must be more than zero', path: ['minor'] });

export class CurrencyMismatchError extends Error {
  constructor(a: CurrencyCode, b: CurrencyCode) {
    super(`cannot combine ${a} and ${b}`);
    this.name = 'CurrencyMismatchError';
  }
}

export const money = (minor: number, currency: CurrencyCode): Money => {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`minor units must be a safe integer, got ${minor}`);
  return { minor, currency };
};

export const exponentOf = (currency: CurrencyCode): number => CURRENCY_EXPONENTS[currency];

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new CurrencyMismatchError(a.currency, b.currency);
}

export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.minor + b.minor, a.currency);
}

export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.minor - b.minor, a.currency);
}

export const moneyEquals = (a: Money, b: Money): boolean => a.currency === b.currency && a.minor === b.minor;

/** "-1234.50" for CNY -123450: the plain decimal, no grouping, for receipts' machine fields and QR codes. */
export function toDecimalString({ minor, currency }: Money): string {
  const exponent = exponentOf(currency);
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  if (exponent === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** Parses "1234.5" / "1234.50" / "1234" into minor units; null for anything else (more decimals than the currency has, signs, exponents). */
export function parseDecimal(text: string, currency: CurrencyCode): Money | null {
  const exponent = exponentOf(currency);
  // 16 digits: a currency without minor units (JPY) reaches 9,007,199,254,740,991 whole units;
  // whatever is past the safe integer range is refused below.
  const match = /^(\d{1,16})(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return null;
  const [, whole = '0', fraction = ''] = match;
  if (fraction.length > exponent) return null;
  const minor = Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
  return Number.isSafeInteger(minor) ? { minor, currency } : null;
}

/**
 * For people: "¥1,234.50" (zh-CN), "CN¥1,234.50" (en). Built from the exact decimal string,
 * never from minor / 100 as a float, so large amounts keep their last digit.
 */
export function formatMoney(amount: Money, locale: string): string {
  const exponent = exponentOf(amount.currency);
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: amount.currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent });
  // Intl takes a decimal string exactly (ES2023 "Intl.NumberFormat v3"); the cast is the typings lagging.
  return format.format(toDecimalString(amount) as unknown as number);
}
