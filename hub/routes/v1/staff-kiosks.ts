// Staff watch the fleet: last contact and backlog of every kiosk, and the holes in one
// kiosk's sequence.
import type { FastifyInstance } from 'fastify';
import { kioskGapsParamsSchema, kioskGapsQuerySchema, staffKiosksQuerySchema } from '../../api/staff.js';
import { HUB_API_PATHS } from '../../../protocol/hub-api.js';
import type { RouteGuards } from '../../auth/route-guards.node.js';
import type { StaffStore } from '../../storage/staff-store.js';
import { sendError } from '../error-replies.js';
import { parseInput } from '../../api/parse-input.js';

export function registerStaffKioskRoutes(app: FastifyInstance, store: StaffStore, guards: RouteGuards): void {
  app.get(HUB_API_PATHS.staffKiosks, { ...guards.staff }, async (request, reply) => {
    const query = parseInput(staffKiosksQuerySchema, request.query);
    if (!query.ok) return sendError(reply, 400, 'BAD_REQUEST', query.message);
    return reply.code(200).send(await store.kioskStatuses(query.data));
  });

  app.get(HUB_API_PATHS.staffKioskGaps, { ...guards.staff }, async (request, reply) => {
    const params = parseInput(kioskGapsParamsSchema, request.params);
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const query = parseInput(kioskGapsQuerySchema, request.query);
    if (!query.ok) return sendError(reply, 400, 'BAD_REQUEST', query.message);
    const gaps = await store.kioskGaps(params.data.kioskId, query.data);
    if (gaps === null) return sendError(reply, 404, 'UNKNOWN_KIOSK', `kiosk ${params.data.kioskId} is not registered`);
    return reply.code(200).send(gaps);
  });
}
