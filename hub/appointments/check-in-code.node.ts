// The code on an appointment slip: 130 random bits the customer carries as a QR. The hub stores
// only its SHA-256, so whoever reads the table still cannot check anybody in.
import { createHash, randomBytes } from 'node:crypto';
import { CHECK_IN_PREFIX, type CheckInCode } from '../../protocol/appointments.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newCheckInCode(): CheckInCode {
  // 32 divides 256, so masking each byte to 5 bits keeps every character equally likely.
  const chars = Array.from(randomBytes(26), (byte) => CROCKFORD[byte & 31]).join('');
  return `${CHECK_IN_PREFIX}${chars}`;
}

export function hashCheckInCode(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}
