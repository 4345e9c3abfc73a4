// Administration of kiosk trust: issue enrollment codes, revoke a kiosk's key, and see
// how many requests were refused and why. Admin token only.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createEnrollmentCodeRequestSchema, type AuthFailuresResponse } from '../../../protocol/kiosk-auth.js';
import { HUB_API_PATHS, kioskIdSchema } from '../../../protocol/hub-api.js';
import { issueEnrollmentCode } from '../../auth/enrollment.node.js';
import type { RouteGuards } from '../../auth/route-guards.node.js';
import type { AuthStore } from '../../storage/auth-store.js';
import { sendError } from '../error-replies.js';
import { parseInput } from '../../api/parse-input.js';

const kioskParamsSchema = z.object({ kioskId: kioskIdSchema }).strict();

export interface EnrollAdminHooks {
  /** After a kiosk's key is deleted: close what it still has open (its signaling socket). */
  onKioskRevoked?: (kioskId: string) => void;
}

export function registerEnrollAdminRoutes(app: FastifyInstance, store: AuthStore, guards: RouteGuards, hooks: EnrollAdminHooks = {}): void {
  app.post(HUB_API_PATHS.adminEnrollmentCodes, { ...guards.admin }, async (request, reply) => {
    const parsed = parseInput(createEnrollmentCodeRequestSchema, request.body);
    if (!parsed.ok) return sendError(reply, 400, 'BAD_REQUEST', parsed.message);
    const issued = await issueEnrollmentCode(store, parsed.data.kioskId, parsed.data.ttlSeconds, parsed.data.branchId);
    // The code itself goes to the admin only, never to the log.
    request.log.info({ kioskId: issued.kioskId, branchId: issued.branchId, expiresAt: issued.expiresAt }, 'enrollment code issued');
    return reply.code(201).header('cache-control', 'no-store').send(issued);
  });

  app.post(HUB_API_PATHS.adminRevokeKiosk, { ...guards.admin }, async (request, reply) => {
    const params = parseInput(kioskParamsSchema, request.params);
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const revoked = await store.revokeKiosk(params.data.kioskId);
    if (!revoked) return sendError(reply, 404, 'NOT_FOUND', `kiosk ${params.data.kioskId} holds no key`);
    request.log.warn({ kioskId: params.data.kioskId }, 'kiosk key revoked');
    hooks.onKioskRevoked?.(params.data.kioskId);
    return reply.code(200).send({ kioskId: params.data.kioskId, revoked: true });
  });

  app.get(HUB_API_PATHS.adminAuthFailures, { ...guards.admin }, async (_request, reply) => {
    const body: AuthFailuresResponse = guards.failures.snapshot();
    return reply.code(200).send(body);
  });
}
