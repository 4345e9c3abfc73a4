// STUN/TURN servers for a kiosk outside a call: the technician's TURN connectivity test in
// service mode asks here (signed; the guard checks that the signer is the kiosk in the path).
// The same short-lived credentials a call would get, so the test proves what a call needs.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HUB_API_PATHS, kioskIdSchema } from '../../../protocol/hub-api.js';
import { parseInput } from '../../api/parse-input.js';
import type { Assist } from '../../assist/assist-hub.node.js';
import type { RouteGuards } from '../../auth/route-guards.node.js';
import { sendError } from '../error-replies.js';

const kioskParamsSchema = z.object({ kioskId: kioskIdSchema }).strict();

export function registerKioskIceServerRoute(app: FastifyInstance, assist: Pick<Assist, 'iceServers'>, guards: RouteGuards): void {
  app.get(HUB_API_PATHS.kioskIceServers, { ...guards.kiosk }, async (request, reply) => {
    const params = parseInput(kioskParamsSchema, request.params);
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    reply.header('cache-control', 'no-store');
    return reply.code(200).send({ iceServers: assist.iceServers(params.data.kioskId) });
  });
}
