// A Fastify app with only the remote-assistance routes, on a loopback port: what the
// socket and staff-route tests drive. (The full hub registers the same routes in buildHub.)
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { installErrorReplies } from '../../routes/error-replies.js';
import { registerAssistRoutes } from '../../routes/v1/assist.js';
import type { LoginLimits } from '../../routes/v1/staff-auth.js';
import type { Database } from '../../storage/queryable.js';
import { DEFAULT_ASSIST_CONFIG, type AssistConfig } from '../assist-config.js';
import { createAssist, type Assist } from '../assist-hub.node.js';
import { systemClock, type Clock } from '../clock.js';
import { ASSIST_PATHS } from '../../../protocol/assist-values.js';
import type { KioskAuthenticator } from '../signaling/kiosk-authenticator.js';
import { TEST_SCRYPT_COST, TEST_SECRET_KEY } from './staff-fixtures.js';

export interface AssistApp {
  app: FastifyInstance;
  assist: Assist;
  /** http://127.0.0.1:port */
  url: string;
  /** ws://127.0.0.1:port/v1/assist/ws */
  wsUrl: string;
  /** Every log line, as written. */
  logs: string[];
  close(): Promise<void>;
}

export interface AssistAppOptions {
  authMode?: 'on' | 'off';
  clock?: Clock;
  config?: Partial<AssistConfig>;
  socket?: Assist['socket'];
  loginLimits?: LoginLimits;
  kioskAuthenticator?: KioskAuthenticator;
}

export async function startAssistApp(db: Database, options: AssistAppOptions = {}): Promise<AssistApp> {
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
  const assist = await createAssist({
    db,
    config: { ...DEFAULT_ASSIST_CONFIG, ...options.config },
    logger,
    clock: options.clock ?? systemClock,
    scryptCost: TEST_SCRYPT_COST,
    secretKey: TEST_SECRET_KEY,
    ...(options.kioskAuthenticator ? { kioskAuthenticator: options.kioskAuthenticator } : {}),
  });
  if (options.socket) assist.socket = options.socket;
  const app: FastifyInstance = Fastify({ loggerInstance: logger as FastifyBaseLogger });
  installErrorReplies(app);
  registerAssistRoutes(app, assist, { authMode: options.authMode ?? 'off', ...(options.loginLimits ? { loginLimits: options.loginLimits } : {}) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    assist,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}${ASSIST_PATHS.socket}`,
    logs,
    close: () => app.close(),
  };
}
