// Credentials for tests: staff/admin tokens, enrolled kiosks, and signed requests made with
// the kiosk's real signer, so every hub test doubles as a round trip of the scheme.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { signRequest, type SignRequestInput } from '../../electron/host/request-signer.js';
import type { KioskCredentials } from '../../protocol/kiosk-auth.js';
import { enrollLocalKiosk } from '../auth/enroll-local.node.js';
import type { StaffTokens } from '../auth/staff-guard.js';
import type { AuthStore } from '../storage/auth-store.js';
import { uniqueKioskId } from './transaction-items.js';

// Test-only values, long enough to pass the hub's minimum token length.
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdefghijklmnop';
export const STAFF_TOKEN = 'test-staff-token-0123456789abcdefghijklmnop';
export const TEST_TOKENS: StaffTokens = { adminToken: ADMIN_TOKEN, staffToken: STAFF_TOKEN };

export const adminHeaders = () => ({ authorization: `Bearer ${ADMIN_TOKEN}` });
export const staffHeaders = () => ({ authorization: `Bearer ${STAFF_TOKEN}` });

/** Enrolls a (fresh, unless given) kiosk id, in `branchId` when given, and returns the kiosk's credentials. */
export function enrollTestKiosk(authStore: AuthStore, kioskId = uniqueKioskId(), branchId?: string): Promise<KioskCredentials> {
  return enrollLocalKiosk({ authStore }, kioskId, branchId === undefined ? {} : { branchId });
}

// inject() takes paths; the signer wants what fetch would get. Only path and query are signed.
const BASE = 'http://hub.test';

export interface SignedCall {
  method: 'GET' | 'POST';
  url: string;
  /** Serialised once; exactly these bytes are signed and sent. */
  payload?: unknown;
  /** Sent and signed as is instead of `payload` (bodies that are not valid JSON). */
  rawBody?: string;
  /** Overrides for the signer (clock, nonce) to build stale or replayed requests. */
  sign?: Partial<Pick<SignRequestInput, 'now' | 'nonce'>>;
  headers?: Record<string, string>;
}

export function signedHeaders(credentials: KioskCredentials, call: SignedCall): { body: string | undefined; headers: Record<string, string> } {
  const body = call.rawBody ?? (call.payload === undefined ? undefined : JSON.stringify(call.payload));
  const auth = signRequest({ method: call.method, url: new URL(call.url, BASE), body, credentials, ...call.sign });
  const headers = { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...call.headers };
  return { body, headers };
}

export function signedInject(app: FastifyInstance, credentials: KioskCredentials, call: SignedCall): Promise<LightMyRequestResponse> {
  const { body, headers } = signedHeaders(credentials, call);
  return app.inject({ method: call.method, url: call.url, headers, ...(body === undefined ? {} : { payload: body }) });
}

/** fetch() against a listening hub, signed. */
export function signedFetch(baseUrl: string, credentials: KioskCredentials, call: SignedCall): Promise<Response> {
  const { body, headers } = signedHeaders(credentials, call);
  return fetch(new URL(call.url, baseUrl), { method: call.method, headers, ...(body === undefined ? {} : { body }) });
}
