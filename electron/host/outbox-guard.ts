// PCI DSS: full PAN and magnetic-track data live only in memory for one transaction
// (DESIGN §4). The outbox is durable storage, so enqueue refuses any payload that looks like
// either — even in a field that would be encrypted. Pure: no Node built-ins.
import { luhnValid } from '../../protocol/luhn.js';

export type SensitiveDataCode = 'PAN_DETECTED' | 'TRACK_DATA_DETECTED';

/** Refusal of a payload; the message names the field path, never the value. */
export class SensitiveDataError extends Error {
  constructor(
    readonly code: SensitiveDataCode,
    readonly path: string,
  ) {
    super(`${code === 'PAN_DETECTED' ? 'a full card number' : 'card track data'} at ${path || '(root)'} may not be stored; mask it (first 6 / last 4)`);
    this.name = 'SensitiveDataError';
  }
}

export { luhnValid };

// Track 1 starts `%B<PAN>^`, track 2 `;<PAN>=`; ISO 7813 sentinels with a card number behind.
const TRACK = /%B\d{12,19}\^|;\d{12,19}=/;
// Digit runs, allowing the single spaces or dashes people type between groups.
const DIGIT_RUN = /\d(?:[ -]?\d){12,}/g;

// Payment card numbers start with 2–6 (Mastercard 2-series, Amex, Visa, Mastercard, UnionPay
// and Discover); without that, every 13-digit millisecond timestamp would be refused one time
// in ten by the Luhn test alone.
const looksLikePan = (digits: string): boolean => digits.length >= 13 && digits.length <= 19 && /^[2-6]/.test(digits) && luhnValid(digits);

// Row, ticket and session ids are UUIDs: their hex groups joined by dashes form a Luhn-valid
// "card number" about once in 3,500 ids (e.g. …-b386-5040953302fe → 3865040953302), which
// refused that customer's ticket. A token of exactly the UUID shape is an id, not a PAN.
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

function hasPan(raw: string): boolean {
  const text = raw.replace(UUID, ' ');
  for (const match of text.matchAll(DIGIT_RUN)) {
    // The grouped form ("6222 0202 …") and each unbroken part, since a separator may also
    // join a PAN to a neighbouring number.
    const candidates = [match[0].replace(/[ -]/g, ''), ...match[0].split(/[ -]/)];
    if (candidates.some(looksLikePan)) return true;
  }
  return false;
}

function check(text: string, path: string): void {
  if (TRACK.test(text)) throw new SensitiveDataError('TRACK_DATA_DETECTED', path);
  if (hasPan(text)) throw new SensitiveDataError('PAN_DETECTED', path);
}

/** Throws `SensitiveDataError` for the first PAN-like or track-like value (or key). */
export function assertNoCardData(value: unknown, path = ''): void {
  if (typeof value === 'string') check(value, path);
  else if (typeof value === 'number' || typeof value === 'bigint') check(String(value), path);
  else if (Array.isArray(value)) value.forEach((v, i) => assertNoCardData(v, `${path}[${i}]`));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const at = path ? `${path}.${k}` : k;
      check(k, at);
      assertNoCardData(v, at);
    }
  }
}
