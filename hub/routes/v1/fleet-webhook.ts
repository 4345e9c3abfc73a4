// The alert webhook over HTTP: admins and operations staff read and change where alerts go
// outside the hub, send a test, and read who changed or tested it. The secret is write-only: no answer carries it, and the
// log lines say only whether it changed. Each change and test is audited (fleet_webhook_audit).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { WEBHOOK_ADMIN_ROLES } from '../../../protocol/fleet-alerts.js';
import { FLEET_WEBHOOK_PATHS, webhookSettingsRequestSchema, type WebhookAuditResponse } from '../../../protocol/fleet-webhook.js';
import { parseInput } from '../../api/parse-input.js';
import { requireStaff, staffOf, type StaffSessionVerifier } from '../../assist/staff/staff-guard.js';
import type { WebhookSettingsService } from '../../fleet/webhook-settings.js';
import { sendError } from '../error-replies.js';

/** The test takes no input; an empty object is accepted for clients that always send one. */
const noBody = z.union([z.undefined(), z.null(), z.object({}).strict()]);
const auditQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

export function registerFleetWebhookRoutes(app: FastifyInstance, settings: WebhookSettingsService, staffAuth: StaffSessionVerifier): void {
  const admins = { preHandler: requireStaff(staffAuth, WEBHOOK_ADMIN_ROLES) };

  // Settings name a URL and who changed them: no cache keeps them.
  app.get(FLEET_WEBHOOK_PATHS.settings, admins, async (_request, reply) => reply.code(200).header('cache-control', 'no-store').send(await settings.settings()));

  app.put(FLEET_WEBHOOK_PATHS.settings, admins, async (request, reply) => {
    const body = parseInput(webhookSettingsRequestSchema, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const outcome = await settings.put(body.data, staffOf(request).staff);
    if (!outcome.ok) return sendError(reply, 400, 'BAD_REQUEST', 'no secret is stored yet: send one (16 characters or more)');
    return reply.code(200).header('cache-control', 'no-store').send(outcome.settings);
  });

  app.get(FLEET_WEBHOOK_PATHS.audit, admins, async (request, reply) => {
    const query = parseInput(auditQuery, request.query);
    if (!query.ok) return sendError(reply, 400, 'BAD_REQUEST', query.message);
    return reply.code(200).header('cache-control', 'no-store').send({ trail: await settings.auditTrail(query.data.limit) } satisfies WebhookAuditResponse);
  });

  app.post(FLEET_WEBHOOK_PATHS.test, admins, async (request, reply) => {
    const body = parseInput(noBody, request.body);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const result = await settings.test(staffOf(request).staff);
    if (!result) return sendError(reply, 409, 'CONFLICT', 'no webhook is set: save a URL and secret first');
    return reply.code(200).send(result);
  });
}
