// The decision on one signed kiosk request, apart from fastify so every rejection can be
// tested directly. Cheap checks (headers, clock) come first and need no body or database;
// the signature is checked before the nonce is stored, so a forger cannot fill the nonce
// table or burn a kiosk's nonces.
//
// Kiosk keys are kept in memory (cachedKeys) and the nonce is claimed only while the key that
// verified is still the kiosk's own (one statement, nonce-queries.ts): a revoked or replaced
// key stops working at once on every hub instance, and a request costs one database round
// trip instead of two (issue 15: a pull from every kiosk every 5 s).
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
  /** `fresh`: read from the store, not from memory (after a key failed or stopped standing). */
  publicKeyOf(kioskId: string, fresh: boolean): Promise<string | null>;
  /** False for a replay, or when `publicKey` is no longer the kiosk's key; nothing stored then. */
  claimNonce(input: { kioskId: string; nonce: string; expiresAt: Date; publicKey: string }): Promise<boolean>;
}

/** What verification needs of the auth store (hub/storage/auth-store.ts). */
export interface KeyStore {
  kioskPublicKey(kioskId: string): Promise<string | null>;
  claimNonce(input: { kioskId: string; nonce: string; expiresAt: Date; publicKey: string }): Promise<boolean>;
}

const KEYS_KEPT = 10_000;

/**
 * Verifier deps over the store with the kiosks' keys kept in memory, one map per guard. Only
 * keys that exist are kept (ids a stranger makes up fill nothing); the oldest go first past
 * KEYS_KEPT. A kept key that was revoked or replaced fails the nonce claim and is read again.
 */
export function cachedKeys(store: KeyStore): VerifierDeps {
  const keys = new Map<string, string>();
  return {
    async publicKeyOf(kioskId, fresh) {
      const kept = fresh ? undefined : keys.get(kioskId);
      if (kept !== undefined) return kept;
      const stored = await store.kioskPublicKey(kioskId);
      keys.delete(kioskId);
      if (stored !== null) {
        if (keys.size >= KEYS_KEPT) keys.delete(keys.keys().next().value as string);
        keys.set(kioskId, stored);
      }
      return stored;
    },
    claimNonce: (input) => store.claimNonce(input),
  };
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
  const message = canonicalRequest({ ...facts, kioskId: signed.kioskId, timestamp: signed.timestamp, nonce: signed.nonce });
  let storedKey = await deps.publicKeyOf(signed.kioskId, false);
  // At most twice: with the key as kept, and once more with the store's own when the kept one
  // failed (the kiosk re-enrolled, or was revoked, since it was kept).
  for (let fresh = false; ; fresh = true) {
    const verdict = await verifyWith(storedKey, signed, message, deps);
    // A null was read from the store (unknown ids are never kept): nothing to read again.
    if (verdict.ok || fresh || storedKey === null) return verdict;
    const current = await deps.publicKeyOf(signed.kioskId, true);
    if (current === storedKey) return verdict;
    storedKey = current;
  }
}

/**
 * The kept key when it verifies the request's signature, else null; nothing is claimed or
 * refused. For a route that claims the nonce in its own statement (kiosk-guard.node.ts); any
 * other outcome, and a claim that then fails, goes through verifySignedRequest.
 */
export async function keptKeyVerifying(signed: SignedHeaders, facts: RequestFacts, deps: VerifierDeps): Promise<string | null> {
  const storedKey = await deps.publicKeyOf(signed.kioskId, false);
  const publicKey = storedKey === null ? null : importPublicKey(storedKey);
  if (storedKey === null || !publicKey) return null;
  const message = canonicalRequest({ ...facts, kioskId: signed.kioskId, timestamp: signed.timestamp, nonce: signed.nonce });
  return verifyEd25519(publicKey, message, signed.signature) ? storedKey : null;
}

async function verifyWith(storedKey: string | null, signed: SignedHeaders, message: string, deps: VerifierDeps): Promise<Verdict> {
  const publicKey = storedKey === null ? null : importPublicKey(storedKey);
  // Same message as a bad signature would get: an outsider learns nothing about which
  // kiosk ids are enrolled. The counter keeps the two apart for admins.
  if (storedKey === null || !publicKey) return refuse('unknown_kiosk', 'signature does not verify for this kiosk; enroll the kiosk again if its key was replaced');
  if (!verifyEd25519(publicKey, message, signed.signature)) {
    return refuse('bad_signature', 'signature does not verify for this kiosk; enroll the kiosk again if its key was replaced');
  }
  const fresh = await deps.claimNonce({ kioskId: signed.kioskId, nonce: signed.nonce, expiresAt: new Date(signed.timestampMs + MAX_CLOCK_SKEW_MS), publicKey: storedKey });
  if (!fresh) return refuse('replayed_nonce', `${KIOSK_AUTH_HEADERS.nonce} was already used; every request needs a new one`);
  return { ok: true, kioskId: signed.kioskId };
}
