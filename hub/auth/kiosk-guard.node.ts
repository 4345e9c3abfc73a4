// Fastify hooks that admit only requests signed by an enrolled kiosk. onRequest rejects
// unsigned and stale requests before their body is even read; preValidation, once the body
// is parsed and hashed, checks the signature, the nonce and that the kiosk speaks for itself
// (the kiosk id named in the body or the path is the signer's).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthStore } from '../storage/auth-store.js';
import { bodySha256 } from './body-hash.node.js';
import { cachedKeys, readSignedHeaders, verifySignedRequest, type SignedHeaders } from './kiosk-verifier.node.js';
import type { Refuse } from './staff-guard.js';

export interface KioskGuardDeps {
  store: AuthStore;
  now: () => number;
  refuse: Refuse;
}

export type GuardHook = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

/** The `kioskId` a body or a path (`/v1/kiosks/:kioskId/…`) claims to act for, when it names one. */
function claimedKioskId(source: unknown): string | undefined {
  if (typeof source !== 'object' || source === null || !('kioskId' in source)) return undefined;
  return typeof source.kioskId === 'string' ? source.kioskId : undefined;
}

export function kioskGuard({ store, now, refuse }: KioskGuardDeps): { onRequest: GuardHook; preValidation: GuardHook } {
  const signedHeaders = new WeakMap<FastifyRequest, SignedHeaders>();
  const keys = cachedKeys(store);
  return {
    onRequest: async (request, reply) => {
      const check = readSignedHeaders(request.headers, now());
      if (!check.ok) return refuse(request, reply, 401, check.reason, check.message);
      signedHeaders.set(request, check.signed);
      return undefined;
    },
    preValidation: async (request, reply) => {
      const signed = signedHeaders.get(request);
      if (!signed) throw new Error('kiosk guard: preValidation ran without its onRequest hook');
      const verdict = await verifySignedRequest(
        signed,
        // request.url is the path and query exactly as received, which is what was signed.
        { method: request.method, pathAndQuery: request.url, bodySha256: bodySha256(request) },
        keys,
      );
      if (!verdict.ok) return refuse(request, reply, 401, verdict.reason, verdict.message);
      for (const [where, source] of [['body', request.body], ['path', request.params]] as const) {
        const claimed = claimedKioskId(source);
        if (claimed !== undefined && claimed !== verdict.kioskId) {
          return refuse(request, reply, 401, 'kiosk_mismatch', `signed by kiosk ${verdict.kioskId}, but the ${where} is for another kiosk`);
        }
      }
      return undefined;
    },
  };
}
