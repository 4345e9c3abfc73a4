// TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s), as authenticator apps expect.
// A code is accepted one step early or late (clock drift) and only once: the caller stores
// the step it matched and refuses any step not newer than the last one.
import { Secret, TOTP } from 'otpauth';

const PERIOD_SEC = 30;
const ISSUER = 'Branch Kiosk';

function totpFor(secretBase32: string, label = 'staff'): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SEC, secret: Secret.fromBase32(secretBase32) });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The time step `code` matches at `nowMs`, or null. */
export function matchTotp(secretBase32: string, code: string, nowMs: number): number | null {
  const totp = totpFor(secretBase32);
  const delta = totp.validate({ token: code, timestamp: nowMs, window: 1 });
  if (delta === null) return null;
  return totp.counter({ timestamp: nowMs }) + delta;
}

/** For tests and the seed command: the code an authenticator app would show at `nowMs`. */
export function totpCode(secretBase32: string, nowMs: number): string {
  return totpFor(secretBase32).generate({ timestamp: nowMs });
}

export function otpauthUri(secretBase32: string, username: string): string {
  return totpFor(secretBase32, username).toString();
}
