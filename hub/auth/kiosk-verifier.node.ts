// The decision on one signed kiosk request, apart from fastify so every rejection can be
// tested directly. Cheap checks (headers, clock) come first and need no body or database;
// the signature is checked before the nonce is stored, so a forger cannot fill the nonce
// table or burn a kiosk's nonces.
import type { IncomingHttpHeaders } from 'node:http';
import {
  canonicalRequest,
  KIOSK_AUTH_HEADERS,
  MAX_CLOCK_SKEW_MS,
  nonceSchema,
  signatureHeaderSchema,
  timestampHeaderSchema,
  type AuthFailureReason,
} from '../../protocol/kiosk-auth.js';
import { kioskIdSchema } from '../../protocol/hub-api.js';
import { importPublicKey, verifyEd25519 } from './ed25519.node.js';

export interface SignedHeaders {
  kioskId: string;
  timestamp: string;
  timestampMs: number;
  nonce: string;
  signature: string;
}

export type Refusal = { ok: false; reason: AuthFailureReason; message: string };
export type HeaderCheck = { ok: true; signed: SignedHeaders } | Refusal;
export type Verdict = { ok: true; kioskId: string } | Refusal;

export interface VerifierDeps {
  publicKeyOf(kioskId: string): Promise<string | null>;
  claimNonce(input: { kioskId: string; nonce: string; expiresAt: Date }): Promise<boolean>;
}

function refuse(reason: AuthFailureReason, message: string): Refusal {
  return { ok: false, reason, message };
}

function single(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** Presence, shape and freshness of the four headers. */
export function readSignedHeaders(headers: IncomingHttpHeaders, nowMs: number): HeaderCheck {
  const kioskId = single(headers, KIOSK_AUTH_HEADERS.kioskId);
  const timestamp = single(headers, KIOSK_AUTH_HEADERS.timestamp);
  const nonce = single(headers, KIOSK_AUTH_HEADERS.nonce);
  const signature = single(headers, KIOSK_AUTH_HEADERS.signature);
  if (kioskId === undefined || timestamp === undefined || nonce === undefined || signature === undefined) {
    const missing = Object.values(KIOSK_AUTH_HEADERS).filter((header) => single(headers, header) === undefined);
    return refuse('missing_signature', `request is not signed: missing ${missing.join(', ')}`);
  }
  if (!kioskIdSchema.safeParse(kioskId).success) return refuse('malformed_signature', `${KIOSK_AUTH_HEADERS.kioskId} is not a kiosk id`);
  if (!timestampHeaderSchema.safeParse(timestamp).success) return refuse('malformed_signature', `${KIOSK_AUTH_HEADERS.timestamp} must be Unix milliseconds`);
  if (!nonceSchema.safeParse(nonce).success) return refuse('malformed_signature', `${KIOSK_AUTH_HEADERS.nonce} must be 16-64 base64url characters`);
  if (!signatureHeaderSchema.safeParse(signature).success) return refuse('malformed_signature', `${KIOSK_AUTH_HEADERS.signature} must be 86 base64url characters`);
  const timestampMs = Number(timestamp);
  if (Math.abs(nowMs - timestampMs) > MAX_CLOCK_SKEW_MS) {
    return refuse('expired_timestamp', `${KIOSK_AUTH_HEADERS.timestamp} is more than ${MAX_CLOCK_SKEW_MS / 60_000} minutes from the hub's clock; check the kiosk's time (NTP)`);
  }
  return { ok: true, signed: { kioskId, timestamp, timestampMs, nonce, signature } };
}

export interface RequestFacts {
  method: string;
  pathAndQuery: string;
  bodySha256: string;
}

/** Key lookup, signature, then the nonce: in that order, see the file comment. */
export async function verifySignedRequest(signed: SignedHeaders, facts: RequestFacts, deps: VerifierDeps): Promise<Verdict> {
  const storedKey = await deps.publicKeyOf(signed.kioskId);
  const publicKey = storedKey === null ? null : importPublicKey(storedKey);
  // Same message as a bad signature would get: an outsider learns nothing about which
  // kiosk ids are enrolled. The counter keeps the two apart for admins.
  if (!publicKey) return refuse('unknown_kiosk', 'signature does not verify for this kiosk; enroll the kiosk again if its key was replaced');
  const message = canonicalRequest({ ...facts, kioskId: signed.kioskId, timestamp: signed.timestamp, nonce: signed.nonce });
  if (!verifyEd25519(publicKey, message, signed.signature)) {
    return refuse('bad_signature', 'signature does not verify for this kiosk; enroll the kiosk again if its key was replaced');
  }
  const fresh = await deps.claimNonce({ kioskId: signed.kioskId, nonce: signed.nonce, expiresAt: new Date(signed.timestampMs + MAX_CLOCK_SKEW_MS) });
  if (!fresh) return refuse('replayed_nonce', `${KIOSK_AUTH_HEADERS.nonce} was already used; every request needs a new one`);
  return { ok: true, kioskId: signed.kioskId };
}
