// pg hands back bigint as string and timestamptz as Date; PGlite hands back numbers and
// Dates. Rows pass through these so both engines produce the same wire values.

export function toIsoString(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return new Date(value).toISOString();
  throw new TypeError(`expected a timestamp, got ${typeof value}`);
}

export function toSafeInteger(value: unknown): number {
  const number = typeof value === 'bigint' || typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) {
    throw new TypeError(`expected a safe integer, got ${String(value)}`);
  }
  return number;
}
