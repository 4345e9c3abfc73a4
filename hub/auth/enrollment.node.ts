// Enrollment: an admin issues a one-time code for a kiosk id; the kiosk trades it, once,
// for the hub's trust in the public key it presents. Shared by the HTTP routes, the CLI
// and `enrollLocalKiosk`, so all three follow the same rules.
import {
  SIGNATURE_SCHEME,
  type AuthFailureReason,
  type CreateEnrollmentCodeResponse,
  type EnrollKioskRequest,
  type EnrollKioskResponse,
} from '../../protocol/kiosk-auth.js';
import type { AuthStore } from '../storage/auth-store.js';
import { importPublicKey } from './ed25519.node.js';
import { generateEnrollmentCode, hashEnrollmentCode, normalizeEnrollmentCode } from './enrollment-codes.node.js';

/** `branchId`: the branch the kiosk is enrolled for; its own registrations cannot change it. */
export async function issueEnrollmentCode(store: AuthStore, kioskId: string, ttlSeconds: number, branchId?: string): Promise<CreateEnrollmentCodeResponse> {
  const code = generateEnrollmentCode();
  const canonical = normalizeEnrollmentCode(code);
  if (canonical === null) throw new Error('generated an enrollment code that does not read back');
  const { expiresAt } = await store.createEnrollmentCode({ kioskId, codeHash: hashEnrollmentCode(canonical), ttlSeconds, branchId });
  return { kioskId, ...(branchId === undefined ? {} : { branchId }), code, expiresAt };
}

export type EnrollResult =
  | { ok: true; enrollment: EnrollKioskResponse }
  | { ok: false; status: 400; message: string }
  | { ok: false; status: 403; reason: AuthFailureReason; message: string };

const REFUSALS = {
  invalid: { reason: 'enrollment_code_invalid', message: 'enrollment code is not valid for this kiosk; check the kiosk id and the code' },
  used: { reason: 'enrollment_code_used', message: 'enrollment code was already used; ask an administrator for a new one' },
  expired: { reason: 'enrollment_code_expired', message: 'enrollment code has expired; ask an administrator for a new one' },
} as const satisfies Record<string, { reason: AuthFailureReason; message: string }>;

export async function enrollKiosk(store: AuthStore, request: EnrollKioskRequest): Promise<EnrollResult> {
  // A key node:crypto cannot import would make every later request of the kiosk fail;
  // refuse it now, before the code is spent.
  if (!importPublicKey(request.publicKey)) return { ok: false, status: 400, message: 'publicKey: not an Ed25519 public key' };
  const canonical = normalizeEnrollmentCode(request.code);
  if (canonical === null) return { ok: false, status: 403, ...REFUSALS.invalid };
  const outcome = await store.redeemEnrollmentCode({ kioskId: request.kioskId, codeHash: hashEnrollmentCode(canonical), publicKey: request.publicKey });
  if (outcome.status !== 'enrolled') return { ok: false, status: 403, ...REFUSALS[outcome.status] };
  return {
    ok: true,
    enrollment: { kioskId: request.kioskId, scheme: SIGNATURE_SCHEME, enrolledAt: outcome.enrolledAt, replacedKey: outcome.replacedKey },
  };
}
