// A kiosk presents its one-time code and public key. Unsigned by nature (the kiosk has no
// trusted key yet); the code is the credential, so refusals are counted like failed
// signatures.
import type { FastifyInstance } from 'fastify';
import { enrollKioskRequestSchema } from '../../api/kiosk-auth.js';
import { HUB_API_PATHS } from '../../api/v1.js';
import { enrollKiosk } from '../../auth/enrollment.node.js';
import type { RouteGuards } from '../../auth/route-guards.node.js';
import type { AuthStore } from '../../storage/auth-store.js';
import { sendError } from '../error-replies.js';
import { parseInput } from '../../api/parse-input.js';

export function registerEnrollRoute(app: FastifyInstance, store: AuthStore, guards: RouteGuards): void {
  app.post(HUB_API_PATHS.enrollKiosk, async (request, reply) => {
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
