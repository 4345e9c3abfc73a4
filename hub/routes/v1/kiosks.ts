// Fleet registry: a kiosk registers (idempotently, signed) before it syncs; staff list the fleet.
import type { FastifyInstance } from 'fastify';
import {
  HUB_API_PATHS,
  registerKioskRequestSchema,
  type ListKiosksResponse,
  type RegisterKioskResponse,
} from '../../../protocol/hub-api.js';
import type { RouteGuards } from '../../auth/route-guards.node.js';
import type { HubStore } from '../../storage/hub-store.js';
import { sendError } from '../error-replies.js';
import { parseInput } from '../../api/parse-input.js';

export function registerKioskRoutes(app: FastifyInstance, store: HubStore, guards: RouteGuards): void {
  app.post(HUB_API_PATHS.registerKiosk, { ...guards.kiosk }, async (request, reply) => {
    const parsed = parseInput(registerKioskRequestSchema, request.body);
    if (!parsed.ok) return sendError(reply, 400, 'BAD_REQUEST', parsed.message);
    const { kiosk, created } = await store.registerKiosk(parsed.data);
    // The answer carries the branch the hub holds (from enrollment); a kiosk naming another
    // is misconfigured, or trying to read another branch's config.
    if (kiosk.branchId !== parsed.data.branchId) {
      request.log.warn({ kioskId: kiosk.kioskId, branchId: kiosk.branchId, claimedBranchId: parsed.data.branchId }, 'kiosk registered naming another branch than its enrollment; branch kept');
    }
    request.log.info({ kioskId: kiosk.kioskId, branchId: kiosk.branchId, created }, 'kiosk registered');
    return reply.code(created ? 201 : 200).send(kiosk satisfies RegisterKioskResponse);
  });

  app.get(HUB_API_PATHS.kiosks, { ...guards.staff }, async (_request, reply) => {
    const body: ListKiosksResponse = { kiosks: await store.listKiosks() };
    return reply.code(200).send(body);
  });
}
