// Software updates over HTTP. Staff with the fleet console (operations, supervisor, admin, as
// for remote commands) publish releases, start, pause and widen rollouts, and see who runs what. Kiosks,
// signed like any kiosk request, read their feed and report where their update stands.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { kioskIdSchema } from '../../../protocol/hub-api.js';
import {
  changeRolloutRequestSchema,
  createReleaseRequestSchema,
  rolloutIdParamsSchema,
  SOFTWARE_UPDATE_PATHS,
  startRolloutRequestSchema,
  updateReportSchema,
} from '../../../protocol/software-updates.js';
import { parseInput } from '../../api/parse-input.js';
import { requireStaff, staffOf, type StaffSessionVerifier } from '../../assist/staff/staff-guard.js';
import type { RouteGuards } from '../../auth/route-guards.node.js';
import type { UpdateService } from '../../fleet/updates/update-service.js';
import { sendError } from '../error-replies.js';
import { COMMAND_ISSUERS } from './fleet-commands.js';

const kioskIdParamsSchema = z.object({ kioskId: kioskIdSchema }).strict();

export function registerSoftwareUpdateRoutes(app: FastifyInstance, updates: UpdateService, staffAuth: StaffSessionVerifier, guards: RouteGuards): void {
  const operators = { preHandler: requireStaff(staffAuth, COMMAND_ISSUERS) };

  app.post(SOFTWARE_UPDATE_PATHS.releases, operators, async (request, reply) => {
    const body = parseInput(createReleaseRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const release = await updates.publish(body.data, staffOf(request).staff);
    if (!release) return sendError(reply, 409, 'CONFLICT', 'a release with this version exists; publish a new version');
    return reply.code(201).send(release);
  });

  app.get(SOFTWARE_UPDATE_PATHS.releases, operators, async (_request, reply) => reply.code(200).send({ releases: await updates.releases() }));

  app.post(SOFTWARE_UPDATE_PATHS.rollouts, operators, async (request, reply) => {
    const body = parseInput(startRolloutRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const rollout = await updates.start(body.data, staffOf(request).staff);
    if (!rollout) return sendError(reply, 404, 'NOT_FOUND', 'no release with this version');
    return reply.code(201).send(rollout);
  });

  app.get(SOFTWARE_UPDATE_PATHS.rollouts, operators, async (_request, reply) => reply.code(200).send({ rollouts: await updates.rollouts() }));

  app.patch(SOFTWARE_UPDATE_PATHS.rollout, operators, async (request, reply) => {
    const params = parseInput(rolloutIdParamsSchema, request.params);
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const body = parseInput(changeRolloutRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const result = await updates.change(params.data.rolloutId, body.data, staffOf(request).staff);
    if (!result.ok && result.why === 'unknown') return sendError(reply, 404, 'NOT_FOUND', 'no such rollout');
    if (!result.ok) return sendError(reply, 409, 'CONFLICT', 'a rollout only widens; pause it to stop it');
    return reply.code(200).send(result.rollout);
  });

  app.get(SOFTWARE_UPDATE_PATHS.versions, operators, async (_request, reply) => reply.code(200).send(await updates.versions()));

  app.get(SOFTWARE_UPDATE_PATHS.feed, { ...guards.kiosk }, async (request, reply) => {
    const params = parseInput(kioskIdParamsSchema, request.params);
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    return reply.code(200).header('cache-control', 'no-store').send({ offer: await updates.offerFor(params.data.kioskId) });
  });

  app.post(SOFTWARE_UPDATE_PATHS.report, { ...guards.kiosk }, async (request, reply) => {
    const params = parseInput(kioskIdParamsSchema, request.params);
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const body = parseInput(updateReportSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    await updates.report(params.data.kioskId, body.data);
    return reply.code(204).send();
  });
}
