// The hub's HTTP surface, without listening: tests drive it with `inject()`, and
// `start-hub.node.ts` puts it on a port.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { MAX_BODY_BYTES } from './api/v1.js';
import { registerHealthRoute } from './routes/health.js';
import { installErrorReplies } from './routes/error-replies.js';
import { registerKioskRoutes } from './routes/v1/kiosks.js';
import { registerTransactionRoutes } from './routes/v1/transactions.js';
import type { HubStore } from './storage/hub-store.js';

export interface BuildHubOptions {
  store: HubStore;
  /** Defaults to a silent logger. */
  logger?: Logger;
}

interface LoggedRequest {
  method: string;
  url: string;
  ip?: string;
}

// Request logs carry method, path and peer only. Bodies (transaction payloads may hold
// personal data) are never logged; the redaction guards against a future `{ body }` slip.
function requestLogger(logger: Logger): FastifyBaseLogger {
  return logger.child(
    {},
    {
      serializers: { req: (req: LoggedRequest) => ({ method: req.method, url: req.url, remoteAddress: req.ip }) },
      redact: { paths: ['body', 'payload', 'req.body', '*.payload', 'items'], censor: '[not logged]' },
    },
  );
}

export function buildHub({ store, logger = pino({ level: 'silent' }) }: BuildHubOptions): FastifyInstance {
  const app = Fastify({ loggerInstance: requestLogger(logger), bodyLimit: MAX_BODY_BYTES });
  installErrorReplies(app);
  registerHealthRoute(app, store);
  registerKioskRoutes(app, store);
  registerTransactionRoutes(app, store);
  return app;
}
