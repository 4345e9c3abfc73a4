// Hub → kiosk changes: admins publish config, catalogs and counters to all kiosks, a branch
// or one kiosk; each kiosk pulls its own by cursor, signed (the guard checks that the
// signer is the kiosk in the path). See hub/storage/change-queries.ts for what a kiosk gets.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  changesQuerySchema,
  HUB_API_PATHS,
  kioskIdSchema,
  publishChangeRequestSchema,
  type ChangesResponse,
  type PublishChangeResponse,
} from '../../../protocol/hub-api.js';
import type { RouteGuards } from '../../auth/route-guards.node.js';
import { decodeChangeCursor } from '../../storage/change-queries.js';
import type { HubStore } from '../../storage/hub-store.js';
import { sendError } from '../error-replies.js';
import { parseInput } from '../../api/parse-input.js';

const kioskParamsSchema = z.object({ kioskId: kioskIdSchema }).strict();

export function registerKioskChangeRoutes(app: FastifyInstance, store: HubStore, guards: RouteGuards): void {
  // Every kiosk pulls every few seconds (500 branches × 4 kiosks ≈ 400 requests/s): fastify's
  // per-request info lines would drown the log, so this route logs warnings and errors only.
  // The request's nonce is claimed in the pull's own statement: one round trip (kiosk-guard.node.ts).
  app.get(HUB_API_PATHS.kioskChanges, { ...guards.kioskNonceInRoute, logLevel: 'warn' }, async (request, reply) => {
    const params = parseInput(kioskParamsSchema, request.params);
    if (!params.ok) return sendError(reply, 400, 'BAD_REQUEST', params.message);
    const query = parseInput(changesQuerySchema, request.query);
    if (!query.ok) return sendError(reply, 400, 'BAD_REQUEST', query.message);
    const after = decodeChangeCursor(query.data.cursor);
    if (after === null) return sendError(reply, 400, 'BAD_REQUEST', 'cursor: not one this hub handed out; omit it to start from the beginning');

    const { kioskId } = params.data;
    const { limit } = query.data;
    const pulled = await guards.withNonce(request, reply, (claim) => (claim ? store.kioskChangesClaiming(kioskId, after, limit, claim) : store.kioskChanges(kioskId, after, limit)));
    if (!pulled.ok) return pulled.reply;
    const page = pulled.value;
    // The kiosk answers UNKNOWN_KIOSK by registering again (sync-engine.node.ts).
    if (page === null) return sendError(reply, 404, 'UNKNOWN_KIOSK', `kiosk ${kioskId} is not registered; POST ${HUB_API_PATHS.registerKiosk} first`);
    request.log.debug({ kioskId, items: page.items.length, hasMore: page.hasMore }, 'kiosk changes served');
    return reply.code(200).send(page satisfies ChangesResponse);
  });

  app.put(HUB_API_PATHS.adminChanges, { ...guards.admin }, async (request, reply) => {
    const parsed = parseInput(publishChangeRequestSchema, request.body);
    if (!parsed.ok) return sendError(reply, 400, 'BAD_REQUEST', parsed.message);
    const { scope, kind, key } = parsed.data;
    const published = await store.publishChange(parsed.data);
    // What and where, never the value: config may one day carry something sensitive.
    request.log.info({ scope, kind, key, version: published.version, created: published.created, deleted: parsed.data.value === null }, 'kiosk change published');
    const body: PublishChangeResponse = { scope, kind, key, version: published.version, publishedAt: published.publishedAt };
    return reply.code(published.created ? 201 : 200).send(body);
  });
}
