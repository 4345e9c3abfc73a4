// The technician's second factor: RFC 6238 TOTP (SHA-1, 6 digits, 30 s), what authenticator
// apps expect. A code is accepted one step early or late (clock drift) and only once: the
// caller keeps the step it matched and refuses any step not newer than the last one.
import { Secret, TOTP } from 'otpauth';

const PERIOD_SEC = 30;
const ISSUER = 'Branch Kiosk service';

function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SEC, secret: Secret.fromBase32(secretBase32) });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The time step `code` matches at `nowMs` (±1 step), or null. */
export function matchTotp(secretBase32: string, code: string, nowMs: number): number | null {
  const totp = totpFor(secretBase32, 'technician');
  const delta = totp.validate({ token: code, timestamp: nowMs, window: 1 });
  if (delta === null) return null;
  return totp.counter({ timestamp: nowMs }) + delta;
}

/** What an authenticator app shows at `nowMs`; for tests and the enrolment printout. */
export function totpCode(secretBase32: string, nowMs: number): string {
  return totpFor(secretBase32, 'technician').generate({ timestamp: nowMs });
}

/** `otpauth://` URI to enrol the secret in an authenticator app (as a QR code). */
export function totpUri(secretBase32: string, label: string): string {
  return totpFor(secretBase32, label).toString();
}
