// GET /metrics in the Prometheus text format. Open by default (scraped from inside the bank's
// network, like /health); with a token set, Prometheus must send it as a bearer token.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { FLEET_PATHS } from '../../protocol/fleet-alerts.js';
import type { HubMetrics } from '../metrics/hub-metrics.node.js';
import { sendError } from './error-replies.js';

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header ?? '');
  const wanted = Buffer.from(`Bearer ${token}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export function registerMetricsRoute(app: FastifyInstance, metrics: HubMetrics, token?: string): void {
  app.get(FLEET_PATHS.metrics, async (request, reply) => {
    if (token && !tokenMatches(request.headers.authorization, token)) return sendError(reply, 401, 'UNAUTHORIZED', 'send Authorization: Bearer <HUB_METRICS_TOKEN>');
    const text = await metrics.registry.metrics();
    return reply.code(200).header('content-type', metrics.registry.contentType).send(text);
  });
}
