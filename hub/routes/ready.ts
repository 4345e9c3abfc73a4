// Readiness for load balancers and orchestrators: 200 only when this instance can do its
// work — database reachable, schema fully migrated, cluster bus connected (when there is one).
// /health (routes/health.ts) stays the cheap liveness check with its own contract.
import type { FastifyInstance } from 'fastify';
import { FLEET_PATHS } from '../../protocol/fleet-alerts.js';

export interface ReadyCheck {
  name: string;
  /** Throws (or rejects) when not ready; the message is shown. */
  check(): Promise<void>;
}

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function registerReadyRoute(app: FastifyInstance, checks: readonly ReadyCheck[]): void {
  app.get(FLEET_PATHS.ready, async (request, reply) => {
    const results = await Promise.all(
      checks.map(async ({ name, check }) => {
        try {
          await withTimeout(check(), CHECK_TIMEOUT_MS);
          return { name, ok: true as const };
        } catch (error) {
          return { name, ok: false as const, message: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    const ready = results.every((r) => r.ok);
    if (!ready) request.log.warn({ failed: results.filter((r) => !r.ok).map((r) => r.name) }, 'ready: not ready');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks: results });
  });
}
