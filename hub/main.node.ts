// `npm run hub`: the hub as its own process, configured from the environment.
import { pino } from 'pino';
import { z } from 'zod';
import { DEFAULT_DATA_DIR, startHub } from './start-hub.node.js';

const envSchema = z.object({
  HUB_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HUB_HOST: z.string().min(1).default('127.0.0.1'),
  HUB_DATA_DIR: z.string().min(1).default(DEFAULT_DATA_DIR),
  DATABASE_URL: z.string().min(1).optional(),
  HUB_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

// Empty variables (`HUB_PORT= npm run hub`) mean "not set", not "invalid".
const setVariables = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ''));
const parsedEnv = envSchema.safeParse(setVariables);
if (!parsedEnv.success) {
  const problems = parsedEnv.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  console.error(`hub: invalid environment: ${problems}`);
  process.exit(2);
}
const env = parsedEnv.data;
const logger = pino({ level: env.HUB_LOG_LEVEL });

try {
  const hub = await startHub({
    port: env.HUB_PORT,
    host: env.HUB_HOST,
    dataDir: env.HUB_DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    logger,
  });
  // The URL and the engine, never DATABASE_URL itself: it may carry a password.
  logger.info({ url: hub.url, db: hub.store.dbKind, dataDir: env.DATABASE_URL ? undefined : env.HUB_DATA_DIR }, `hub listening on ${hub.url}`);

  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'hub stopping');
    hub.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ errMessage: error instanceof Error ? error.message : String(error) }, 'hub did not close cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  logger.fatal({ errMessage: error instanceof Error ? error.message : String(error) }, 'hub failed to start');
  process.exit(1);
}
