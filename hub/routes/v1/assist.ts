// Remote assistance over HTTP and WebSocket: the signaling socket, staff sign-in, and the
// call-quality reports of the expert console. Registered by buildHub when it gets `assist`.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Assist } from '../../assist/assist-hub.node.js';
import { ASSIST_PATHS } from '../../../protocol/assist-values.js';
import { devKioskAuthenticator, refuseAllKiosks, type KioskAuthenticator } from '../../assist/signaling/kiosk-authenticator.js';
import { qualityReportSchema } from '../../../protocol/staff-api.js';
import { ASSIST_STAFF, requireStaff, staffOf } from '../../assist/staff/staff-guard.js';
import { sendError } from '../error-replies.js';
import { parseInput } from '../../api/parse-input.js';
import { registerAssistSocket } from './assist-socket.js';
import { registerStaffAuthRoutes, type LoginLimits } from './staff-auth.js';

const sessionParamsSchema = z.object({ sessionId: z.uuid() }).strict();

/**
 * Kiosks authenticate on the socket with the hub's real kiosk authenticator when one is
 * given; with HUB_AUTH=off, by `?kioskId=`; otherwise not at all (fail closed).
 */
export function kioskAuthenticatorFor(assist: Assist, authMode: 'on' | 'off'): KioskAuthenticator {
  if (assist.kioskAuthenticator) return assist.kioskAuthenticator;
  return authMode === 'off' ? devKioskAuthenticator('off') : refuseAllKiosks;
}

function registerQualityRoutes(app: FastifyInstance, assist: Assist): void {
  const guard = { preHandler: requireStaff(assist.staffAuth, ASSIST_STAFF) };

  /** May this staff member see or report on this call? Its expert, or a supervisor/admin. */
  async function allowed(sessionId: string, staffId: string, role: string): Promise<'ok' | 'missing' | 'forbidden'> {
    const parties = await assist.store.sessionParties(sessionId);
    if (!parties) return 'missing';
    return parties.staffId === staffId || role !== 'expert' ? 'ok' : 'forbidden';
  }

  app.post(ASSIST_PATHS.quality, guard, async (request, reply) => {
    const params = parseInput(sessionParamsSchema, request.params);
    const body = parseInput(qualityReportSchema, request.body);
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    if (!body.ok) return sendError(reply, 400, 'BAD_REQUEST', body.message);
    const { staff } = staffOf(request);
    const verdict = await allowed(params.data.sessionId, staff.staffId, staff.role);
    if (verdict === 'missing') return sendError(reply, 404, 'NOT_FOUND', 'no such call');
    if (verdict === 'forbidden') return sendError(reply, 403, 'FORBIDDEN', 'only the call’s expert or a supervisor may report on it');
    await assist.store.addQualitySamples(params.data.sessionId, body.data.samples);
    return reply.code(200).send(await assist.store.qualitySummary(params.data.sessionId));
  });

  app.get(ASSIST_PATHS.quality, guard, async (request, reply) => {
    const params = parseInput(sessionParamsSchema, request.params);
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const { staff } = staffOf(request);
    const verdict = await allowed(params.data.sessionId, staff.staffId, staff.role);
    if (verdict === 'forbidden') return sendError(reply, 403, 'FORBIDDEN', 'only the call’s expert or a supervisor may see this');
    const summary = verdict === 'ok' ? await assist.store.qualitySummary(params.data.sessionId) : null;
    if (!summary) return sendError(reply, 404, 'NOT_FOUND', 'no quality samples for this call');
    return reply.code(200).send(summary);
  });
}

export interface AssistRouteOptions {
  /** The hub's HUB_AUTH mode; 'off' lets kiosks name themselves (development only). */
  authMode: 'on' | 'off';
  loginLimits?: LoginLimits;
  /** Open signaling sockets per client address; 0 for no limit (hub/server-limits.ts). */
  maxSocketsPerAddress?: number;
}

export function registerAssistRoutes(app: FastifyInstance, assist: Assist, { authMode, loginLimits, maxSocketsPerAddress = 0 }: AssistRouteOptions): void {
  const kioskAuth = kioskAuthenticatorFor(assist, authMode);
  // Own scope: @fastify/websocket wraps every route registered after it in its scope.
  app.register(async (scope) => registerAssistSocket(scope, assist, kioskAuth, { maxSocketsPerAddress }));
  registerStaffAuthRoutes(app, { staffAuth: assist.staffAuth, clock: assist.clock, ...(loginLimits ? { loginLimits } : {}) });
  registerQualityRoutes(app, assist);
  // Before the database closes: calls end as `hub-shutdown` and pending writes land.
  app.addHook('onClose', async () => assist.service.close());
}
