// Values JSON and ISO 8601 allow but PostgreSQL refuses. Catching them here turns what
// would be a failed INSERT (and a failed batch) into a per-item rejection the kiosk can
// act on. Pure, so the kiosk can share it.

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isStorableString(text: string): boolean {
  return !text.includes('\u0000') && !UNPAIRED_SURROGATE.test(text);
}

/** jsonb has no NUL character and no unpaired UTF-16 surrogates. */
export function isStorableJson(value: unknown): boolean {
  return unstorablePath(value) === null;
}

/**
 * Where the first string (or object key) PostgreSQL would refuse sits — text, like jsonb,
 * takes no NUL — or null when there is none.
 */
export function unstorablePath(value: unknown, path: readonly (string | number)[] = []): (string | number)[] | null {
  if (typeof value === 'string') return isStorableString(value) ? null : [...path];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorablePath(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (!isStorableString(key)) return [...path, '(key)'];
      const found = unstorablePath(inner, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

const OFFSET_HOURS = /[+-](\d\d):\d\d$/;
const MAX_POSTGRES_OFFSET_HOURS = 15;

/**
 * For a string already shaped like an ISO datetime: timestamptz has no year 0000 and takes
 * UTC offsets up to ±15:59. Anything else is kept, however odd: a kiosk whose clock was
 * reset still has real transactions to deliver.
 */
export function isStorableTimestamp(text: string): boolean {
  if (text.startsWith('0000')) return false;
  const offsetHours = OFFSET_HOURS.exec(text)?.[1];
  return offsetHours === undefined || Number(offsetHours) <= MAX_POSTGRES_OFFSET_HOURS;
}
