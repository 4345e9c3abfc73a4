// The kiosk's side of enrollment: make a key pair, present the public half with the
// one-time code, keep the private half. Run once per kiosk (technician or first start).
import { enrollKioskResponseSchema, SIGNATURE_SCHEME, type KioskCredentials } from '../../protocol/kiosk-auth.js';
import { errorBodySchema, HUB_API_PATHS, type ErrorCode } from '../../protocol/hub-api.js';
import { generateKioskKeyPair } from './request-signer.js';

export class EnrollmentRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | null,
    message: string,
  ) {
    super(message);
    this.name = 'EnrollmentRefused';
  }
}

export interface EnrollWithHubInput {
  hubUrl: string;
  kioskId: string;
  /** As typed; the hub ignores case, spaces and hyphens. */
  code: string;
  fetchImpl?: typeof fetch;
}

/** The credentials to save; throws `EnrollmentRefused` with the hub's code when refused. */
export async function enrollWithHub({ hubUrl, kioskId, code, fetchImpl = fetch }: EnrollWithHubInput): Promise<KioskCredentials> {
  const { publicKey, privateKeyPem } = generateKioskKeyPair();
  const res = await fetchImpl(new URL(HUB_API_PATHS.enrollKiosk, hubUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kioskId, code, publicKey }),
    signal: AbortSignal.timeout(10_000),
  });
  const body: unknown = await res.json().catch(() => null);
  if (res.status !== 201) {
    const error = errorBodySchema.safeParse(body);
    throw new EnrollmentRefused(res.status, error.success ? error.data.code : null, error.success ? error.data.message : `hub answered ${res.status}`);
  }
  const enrollment = enrollKioskResponseSchema.parse(body);
  return { scheme: SIGNATURE_SCHEME, kioskId, publicKey, privateKeyPem, enrolledAt: enrollment.enrolledAt };
}
