// Remote commands over HTTP. Staff with the fleet console (operations, supervisor, admin) issue
// commands and read their status, results and diagnostics bundles; every issue is audited with
// who and when (fleet_command_audit). Kiosks, signed like any kiosk request, fetch the hub's
// command key and post each command's result.
import type { FastifyInstance } from 'fastify';
import type { StaffRole } from '../../../protocol/assist-values.js';
import { z } from 'zod';
import { FLEET_STAFF_ROLES } from '../../../protocol/fleet-alerts.js';
import { kioskIdSchema } from '../../../protocol/hub-api.js';
import { commandIdParamsSchema, commandResultSchema, FLEET_COMMAND_PATHS, issueCommandRequestSchema, kioskCommandParamsSchema } from '../../../protocol/fleet-commands.js';
import { parseInput } from '../../api/parse-input.js';
import { requireStaff, staffOf, type StaffSessionVerifier } from '../../assist/staff/staff-guard.js';
import type { RouteGuards } from '../../auth/route-guards.node.js';
import type { CommandService } from '../../fleet/commands/command-service.js';
import { sendError } from '../error-replies.js';

/** Who may change a kiosk from afar: the fleet roles of the console, not experts or tellers. */
export const COMMAND_ISSUERS: readonly StaffRole[] = FLEET_STAFF_ROLES;

const kioskIdParamsSchema = z.object({ kioskId: kioskIdSchema }).strict();

/**
 * `enrolled`: whether a kiosk id has a key (auth on); a command for a mistyped or revoked
 * kiosk is refused (404) instead of waiting at the hub until it expires.
 */
export function registerFleetCommandRoutes(app: FastifyInstance, commands: CommandService, staffAuth: StaffSessionVerifier, guards: RouteGuards, enrolled?: (kioskId: string) => Promise<boolean>): void {
  const issuers = { preHandler: requireStaff(staffAuth, COMMAND_ISSUERS) };

  app.post(FLEET_COMMAND_PATHS.issue, issuers, async (request, reply) => {
    const params = parseInput(kioskIdParamsSchema, request.params);
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const body = parseInput(issueCommandRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    if (enrolled && !(await enrolled(params.data.kioskId))) return sendError(reply, 404, 'NOT_FOUND', 'no enrolled kiosk with this id');
    const { staff } = staffOf(request);
    const command = await commands.issue(params.data.kioskId, body.data.params, body.data.ttlSec, { staffId: staff.staffId, displayName: staff.displayName });
    return reply.code(201).send(command);
  });

  app.get(FLEET_COMMAND_PATHS.list, issuers, async (request, reply) => {
    const params = parseInput(kioskIdParamsSchema, request.params);
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    return reply.code(200).send({ commands: await commands.list(params.data.kioskId) });
  });

  app.get(FLEET_COMMAND_PATHS.diagnostics, issuers, async (request, reply) => {
    const params = parseInput(commandIdParamsSchema, request.params);
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const bundle = await commands.diagnostics(params.data.commandId);
    if (!bundle) return sendError(reply, 404, 'NOT_FOUND', 'no diagnostics for this command');
    const { staff } = staffOf(request);
    request.log.info({ commandId: params.data.commandId, staffId: staff.staffId }, 'fleet: diagnostics bundle read');
    return reply.code(200).header('cache-control', 'no-store').send(bundle);
  });

  app.get(FLEET_COMMAND_PATHS.audit, issuers, async (request, reply) => {
    const params = parseInput(commandIdParamsSchema, request.params);
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const trail = await commands.auditTrail(params.data.commandId);
    if (trail.length === 0) return sendError(reply, 404, 'NOT_FOUND', 'no such command');
    return reply.code(200).send({ commandId: params.data.commandId, trail });
  });

  app.get(FLEET_COMMAND_PATHS.key, { ...guards.kiosk }, async (request, reply) => {
    const params = parseInput(kioskIdParamsSchema, request.params);
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    return reply.code(200).send(commands.key);
  });

  app.post(FLEET_COMMAND_PATHS.result, { ...guards.kiosk }, async (request, reply) => {
    const params = parseInput(kioskCommandParamsSchema, request.params);
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const body = parseInput(commandResultSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const answer = await commands.result(params.data.kioskId, params.data.commandId, body.data);
    // A repeat of a stored result is answered like the first: the kiosk may have missed our reply.
    if (answer === 'unknown') return sendError(reply, 404, 'NOT_FOUND', 'no such command for this kiosk');
    return reply.code(200).send({ stored: answer === 'stored' });
  });
}
