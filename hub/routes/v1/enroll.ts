// A kiosk presents its one-time code and public key. Unsigned by nature (the kiosk has no
// trusted key yet); the code is the credential, so refusals are counted like failed
// signatures. Unauthenticated, so it is rate-limited per client address before anything
// else, and its refusals are logged at a bounded rate (route-guards).
import type { FastifyInstance } from 'fastify';
import { enrollKioskRequestSchema } from '../../../protocol/kiosk-auth.js';
import { HUB_API_PATHS } from '../../../protocol/hub-api.js';
import { enrollKiosk } from '../../auth/enrollment.node.js';
import type { RouteGuards } from '../../auth/route-guards.node.js';
import type { AuthStore } from '../../storage/auth-store.js';
import { KeyedLimiter, type BucketOptions } from '../../assist/token-bucket.js';
import { LogSampler } from '../../auth/log-sampler.js';
import { sendError } from '../error-replies.js';
import { parseInput } from '../../api/parse-input.js';

export interface EnrollRouteOptions {
  perAddress: BucketOptions;
  now?: () => number;
}

export function registerEnrollRoute(app: FastifyInstance, store: AuthStore, guards: RouteGuards, options: EnrollRouteOptions): void {
  const clock = { now: options.now ?? Date.now };
  const byAddress = new KeyedLimiter(options.perAddress, clock);
  const limitedLog = new LogSampler(undefined, clock);
  app.post(HUB_API_PATHS.enrollKiosk, async (request, reply) => {
    if (!byAddress.take(request.ip)) {
      const admitted = limitedLog.admit('enroll-rate-limited');
      if (admitted.log) request.log.warn({ remoteAddress: request.ip, ...(admitted.suppressed > 0 ? { suppressedSinceLast: admitted.suppressed } : {}) }, 'enroll: rate limited');
      const retryAfterSec = Math.ceil(1 / options.perAddress.refillPerSec);
      reply.header('retry-after', String(retryAfterSec));
      return sendError(reply, 429, 'RATE_LIMITED', `too many enrollment attempts from this address; wait ${retryAfterSec} s`);
    }
    const parsed = parseInput(enrollKioskRequestSchema, request.body);
    if (!parsed.ok) return sendError(reply, 400, 'BAD_REQUEST', parsed.message);
    const result = await enrollKiosk(store, parsed.data);
    if (!result.ok) {
      if (result.status === 400) return sendError(reply, 400, 'BAD_REQUEST', result.message);
      return guards.refuse(request, reply, 403, result.reason, result.message);
    }
    request.log.info({ kioskId: result.enrollment.kioskId, replacedKey: result.enrollment.replacedKey }, 'kiosk enrolled');
    return reply.code(201).send(result.enrollment);
  });
}
