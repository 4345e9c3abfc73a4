// Takes personal data and secrets out of log lines before they go into a diagnostics archive
// that leaves the kiosk. The logger already censors known keys at source; this is the second
// net, for values that slipped into free text or into keys nobody listed: card numbers
// (Luhn-checked), track data, resident ID numbers, MRZ lines, e-mail addresses, phone
// numbers, bearer tokens, private keys and passwords in URLs.
import { REDACTED_KEYS } from '../electron/host/log-redaction.js';

const PERSONAL_KEYS = new Set(
  [...REDACTED_KEYS, 'surname', 'given', 'givenNames', 'fullName', 'birth', 'birthDate', 'dateOfBirth', 'documentNumber', 'personalNumber', 'mrz', 'phone', 'mobile', 'email', 'password', 'privateKeyPem', 'authorization', 'cookie'].map((k) => k.toLowerCase()),
);
const SECRET_KEY = /token|secret|password|passwd|private|credential|authorization|cookie/i;

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const TEXT_RULES: readonly [RegExp, string | ((m: string) => string)][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, '[private-key]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [/\/\/[^/@\s"]+@/g, '//[redacted]@'],
  [/%B\d{6,19}\^[^?]*\?/g, '[track]'],
  [/;\d{6,19}=\d*\?/g, '[track]'],
  [/(?<![A-Z0-9<])[A-Z0-9<]{30,44}(?![A-Z0-9<])/g, (m) => (m.includes('<<') ? '[mrz]' : m)],
  [/\b\d{17}[\dXx]\b/g, '[id-number]'],
  [/(?<![\d*])(?:\d[ -]?){12,18}\d(?![\d*])/g, (m) => (luhnValid(m.replace(/[ -]/g, '')) ? '[card-number]' : m)],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'],
  [/(?<!\d)1[3-9]\d{9}(?!\d)/g, '[phone]'],
];

export function scrubText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_RULES) out = typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  return out;
}

export function scrubValue(value: unknown, key = ''): unknown {
  const k = key.toLowerCase();
  if (key && (PERSONAL_KEYS.has(k) || SECRET_KEY.test(key)) && value !== null && typeof value !== 'boolean') return '[removed]';
  if (typeof value === 'string') return scrubText(value);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k2, v]) => [k2, scrubValue(v, k2)]));
  return value;
}

/** One log line: a JSON line keeps its shape with values scrubbed; other text is scrubbed as text. */
export function scrubLogLine(line: string): string {
  if (line.startsWith('{')) {
    try {
      return JSON.stringify(scrubValue(JSON.parse(line)));
    } catch {
      // Not JSON after all (a torn last line): scrubbed as text below.
    }
  }
  return scrubText(line);
}
