// `npm start` runs a hub and a kiosk side by side; this enrolls the kiosk without a
// technician: a code is issued and redeemed in-process, and the kiosk's credentials come
// back for its credentials store. Each call makes a new key and retires the previous one.
import { DEFAULT_ENROLLMENT_TTL_SECONDS, SIGNATURE_SCHEME, type KioskCredentials } from '../../protocol/kiosk-auth.js';
import type { AuthStore } from '../storage/auth-store.js';
import { generateEd25519KeyPair } from './ed25519.node.js';
import { enrollKiosk, issueEnrollmentCode } from './enrollment.node.js';

/** Anything holding the hub's auth store: a `RunningHub`, or a test's stores. */
export interface EnrollingHub {
  authStore: AuthStore;
}

/** `branchId`: the kiosk's branch, as an admin would name it on the code. */
export async function enrollLocalKiosk(hub: EnrollingHub, kioskId: string, options: { branchId?: string } = {}): Promise<KioskCredentials> {
  const { code } = await issueEnrollmentCode(hub.authStore, kioskId, DEFAULT_ENROLLMENT_TTL_SECONDS, options.branchId);
  const { publicKey, privateKeyPem } = generateEd25519KeyPair();
  const result = await enrollKiosk(hub.authStore, { kioskId, code, publicKey });
  if (!result.ok) throw new Error(`local enrollment of ${kioskId} failed: ${result.message}`);
  return { scheme: SIGNATURE_SCHEME, kioskId, publicKey, privateKeyPem, enrolledAt: result.enrollment.enrolledAt };
}
