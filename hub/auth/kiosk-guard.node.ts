// Fastify hooks that admit only requests signed by an enrolled kiosk. onRequest rejects
// unsigned and stale requests before their body is even read; preValidation, once the body
// is parsed and hashed, checks the signature, the nonce and that the kiosk speaks for itself
// (the kiosk id named in the body or the path is the signer's).
//
// The pull (every kiosk every 5 s, the hub's busiest request) may leave the nonce claim to its
// own statement, saving a database round trip (issue 15): `nonceInRoute` hooks check the
// signature with the kept key and hand the claim to the route through `withNonce`, which falls
// back to the full check (a fresh key read, every refusal) when the statement did not claim
// it. A route that never runs `withNonce` cannot answer with success: its onSend hook fails it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthStore } from '../storage/auth-store.js';
import { MAX_CLOCK_SKEW_MS } from '../../protocol/kiosk-auth.js';
import { NONCE_REFUSED, type NonceClaim, type NonceRefused } from '../storage/nonce-queries.js';
import { bodySha256 } from './body-hash.node.js';
import { cachedKeys, keptKeyVerifying, readSignedHeaders, verifySignedRequest, type RequestFacts, type SignedHeaders } from './kiosk-verifier.node.js';
import type { Refuse } from './staff-guard.js';

export interface KioskGuardDeps {
  store: AuthStore;
  now: () => number;
  refuse: Refuse;
}

export type GuardHook = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;
export type SendHook = (request: FastifyRequest, reply: FastifyReply, payload: unknown) => Promise<unknown>;

/**
 * Runs `work` with the request's nonce to claim in its own statement (undefined when the guard
 * already claimed it, or authentication is off); `work` answers NONCE_REFUSED when its statement
 * did not claim it. Resolves to work's result, or to the refusal already sent.
 */
export type WithNonce = <T>(request: FastifyRequest, reply: FastifyReply, work: (claim: NonceClaim | undefined) => Promise<T | NonceRefused>) => Promise<{ ok: true; value: T } | { ok: false; reply: FastifyReply }>;

export interface KioskGuard {
  onRequest: GuardHook;
  preValidation: GuardHook;
  /** preValidation for routes that claim the nonce themselves through `withNonce`. */
  preValidationNonceInRoute: GuardHook;
  /** onSend of those routes: a success whose nonce was never claimed becomes an error. */
  onSendNonceInRoute: SendHook;
  withNonce: WithNonce;
}

/** The `kioskId` a body or a path (`/v1/kiosks/:kioskId/…`) claims to act for, when it names one. */
function claimedKioskId(source: unknown): string | undefined {
  if (typeof source !== 'object' || source === null || !('kioskId' in source)) return undefined;
  return typeof source.kioskId === 'string' ? source.kioskId : undefined;
}

/** Work given no nonce to claim cannot have refused one. */
export function unclaiming<T>(result: T | NonceRefused): T {
  if (result === NONCE_REFUSED) throw new Error('kiosk guard: work refused a nonce it was not given');
  return result;
}

export function kioskGuard({ store, now, refuse }: KioskGuardDeps): KioskGuard {
  const signedHeaders = new WeakMap<FastifyRequest, SignedHeaders>();
  const keys = cachedKeys(store);
  // Requests whose nonce their route is to claim, and those whose route did (or that the full check claimed).
  const pending = new WeakMap<FastifyRequest, { claim: NonceClaim; facts: RequestFacts }>();
  const claimed = new WeakSet<FastifyRequest>();

  const factsOf = (request: FastifyRequest): RequestFacts =>
    // request.url is the path and query exactly as received, which is what was signed.
    ({ method: request.method, pathAndQuery: request.url, bodySha256: bodySha256(request) });

  const speaksForItself = (request: FastifyRequest, reply: FastifyReply, kioskId: string) => {
    for (const [where, source] of [['body', request.body], ['path', request.params]] as const) {
      const named = claimedKioskId(source);
      if (named !== undefined && named !== kioskId) {
        return refuse(request, reply, 401, 'kiosk_mismatch', `signed by kiosk ${kioskId}, but the ${where} is for another kiosk`);
      }
    }
    return undefined;
  };

  const signedOf = (request: FastifyRequest): SignedHeaders => {
    const signed = signedHeaders.get(request);
    if (!signed) throw new Error('kiosk guard: preValidation ran without its onRequest hook');
    return signed;
  };

  const preValidation: GuardHook = async (request, reply) => {
    const verdict = await verifySignedRequest(signedOf(request), factsOf(request), keys);
    if (!verdict.ok) return refuse(request, reply, 401, verdict.reason, verdict.message);
    claimed.add(request);
    return speaksForItself(request, reply, verdict.kioskId);
  };

  return {
    onRequest: async (request, reply) => {
      const check = readSignedHeaders(request.headers, now());
      if (!check.ok) return refuse(request, reply, 401, check.reason, check.message);
      signedHeaders.set(request, check.signed);
      return undefined;
    },
    preValidation,
    preValidationNonceInRoute: async (request, reply) => {
      const signed = signedOf(request);
      const facts = factsOf(request);
      const publicKey = await keptKeyVerifying(signed, facts, keys);
      // Not verified by the kept key: the full check reads the key again, claims or refuses.
      if (publicKey === null) return preValidation(request, reply);
      const mismatch = speaksForItself(request, reply, signed.kioskId);
      if (mismatch) return mismatch;
      pending.set(request, { claim: { kioskId: signed.kioskId, nonce: signed.nonce, expiresAt: new Date(signed.timestampMs + MAX_CLOCK_SKEW_MS), publicKey }, facts });
      // Nonces claimed in routes must still be pruned; off the request's path.
      store.pruneNoncesIfDue().catch((err: unknown) => request.log.warn({ errMessage: (err as Error).message }, 'auth: pruning old nonces failed'));
      return undefined;
    },
    onSendNonceInRoute: async (request, reply, payload) => {
      if (reply.statusCode < 400 && !claimed.has(request)) throw new Error('kiosk guard: a route answered without claiming the request nonce (withNonce)');
      return payload;
    },
    withNonce: async (request, reply, work) => {
      const deferred = pending.get(request);
      pending.delete(request);
      if (!deferred) return { ok: true, value: unclaiming(await work(undefined)) };
      const first = await work(deferred.claim);
      if (first !== NONCE_REFUSED) {
        claimed.add(request);
        return { ok: true, value: first };
      }
      // A replay, or the kept key no longer stands (revoked, replaced): the full check decides.
      const verdict = await verifySignedRequest(signedOf(request), deferred.facts, keys);
      if (!verdict.ok) return { ok: false, reply: refuse(request, reply, 401, verdict.reason, verdict.message) };
      claimed.add(request);
      return { ok: true, value: unclaiming(await work(undefined)) };
    },
  };
}
