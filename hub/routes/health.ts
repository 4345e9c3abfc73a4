// Liveness for load balancers and the kiosk: "ok" only when the database answers.
import type { FastifyInstance } from 'fastify';
import { HUB_API_PATHS, type HealthResponse } from '../../protocol/hub-api.js';
import type { HubStore } from '../storage/hub-store.js';
import { HUB_VERSION } from '../version.js';

export function registerHealthRoute(app: FastifyInstance, store: HubStore): void {
  app.get(HUB_API_PATHS.health, async (request, reply) => {
    const body: HealthResponse = { status: 'ok', db: store.dbKind, version: HUB_VERSION };
    try {
      await store.ping();
      return reply.code(200).send(body);
    } catch (error) {
      request.log.error({ errMessage: error instanceof Error ? error.message : String(error) }, 'health: database unreachable');
      return reply.code(503).send({ ...body, status: 'degraded' } satisfies HealthResponse);
    }
  });
}
