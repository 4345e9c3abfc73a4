// `npm run hub`: the hub as its own process, configured from the environment.
import { z } from 'zod';
import { readTlsFiles } from './auth/tls-files.node.js';
import { MIN_TOKEN_LENGTH } from './auth/tokens.node.js';
import { createHubLogger } from './log-file.node.js';
import { DEFAULT_DATA_DIR, startHub } from './start-hub.node.js';

const tokenSchema = z.string().min(MIN_TOKEN_LENGTH, `must be at least ${MIN_TOKEN_LENGTH} characters`).optional();

const envSchema = z
  .object({
    HUB_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
    HUB_HOST: z.string().min(1).default('127.0.0.1'),
    HUB_DATA_DIR: z.string().min(1).default(DEFAULT_DATA_DIR),
    DATABASE_URL: z.string().min(1).optional(),
    HUB_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Log to this file (rotated by size, 0600) instead of stdout. */
    HUB_LOG_FILE: z.string().min(1).optional(),
    HUB_LOG_MAX_SIZE: z.string().regex(/^\d+[BKMG]$/, 'a size like 10M or 512K').default('10M'),
    HUB_LOG_FILES: z.coerce.number().int().min(1).max(100).default(5),
    /** `off` only for local development, and only on a loopback HUB_HOST. */
    HUB_AUTH: z.enum(['on', 'off']).default('on'),
    /** Issues enrollment codes, revokes kiosks, reads auth failure counts; also a staff token. */
    HUB_ADMIN_TOKEN: tokenSchema,
    /** Reads the staff query endpoints. */
    HUB_STAFF_TOKEN: tokenSchema,
    /** 32 random bytes, base64 or hex; checked by the hub (hub/auth/hub-secret-key.node.ts). */
    HUB_SECRET_KEY: z.string().min(1).optional(),
    /** Open connections of this instance (default 10000). */
    HUB_MAX_CONNECTIONS: z.coerce.number().int().min(1).optional(),
    /** Open signaling sockets per client address, 0 for none (default 200; raise behind a load balancer). */
    HUB_MAX_SOCKETS_PER_ADDRESS: z.coerce.number().int().min(0).optional(),
    /** NATS (with JetStream) shared by several hub instances; needs DATABASE_URL. Unset: one process. */
    HUB_NATS_URL: z.string().min(1).optional(),
    /** This instance's name on the bus (default: random); unique among the instances. */
    HUB_INSTANCE_ID: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _').optional(),
    /** Before every NATS subject, when several hub clusters share one NATS (e.g. `staging.`). */
    HUB_NATS_PREFIX: z.string().regex(/^([A-Za-z0-9_-]+\.)+$/, 'tokens ending in a dot, e.g. staging.').optional(),
    /** The bank behind /v1/banking: the seeded demo bank (published keys: labs only), or none. A real bank's adapter is registered in code (hub/banking/README.md). */
    HUB_CORE_BANKING: z.enum(['demo', 'none']).default('demo'),
    HUB_TLS_CERT: z.string().min(1).optional(),
    HUB_TLS_KEY: z.string().min(1).optional(),
  })
  .refine((env) => (env.HUB_TLS_CERT === undefined) === (env.HUB_TLS_KEY === undefined), {
    message: 'set both HUB_TLS_CERT and HUB_TLS_KEY, or neither',
    path: ['HUB_TLS_KEY'],
  })
  .refine((env) => env.HUB_NATS_URL === undefined || env.DATABASE_URL !== undefined, {
    message: 'several hub instances share PostgreSQL: set DATABASE_URL too',
    path: ['HUB_NATS_URL'],
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
const { logger, close: closeLog } = createHubLogger({ level: env.HUB_LOG_LEVEL, file: env.HUB_LOG_FILE, maxSize: env.HUB_LOG_MAX_SIZE, files: env.HUB_LOG_FILES });
// The last lines (why the hub stopped) are on disk before the process ends.
const exit = (code: number) => void closeLog().then(() => process.exit(code));

try {
  const tls = env.HUB_TLS_CERT && env.HUB_TLS_KEY ? await readTlsFiles(env.HUB_TLS_CERT, env.HUB_TLS_KEY) : undefined;
  const hub = await startHub({
    port: env.HUB_PORT,
    host: env.HUB_HOST,
    dataDir: env.HUB_DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    logger,
    auth: { mode: env.HUB_AUTH, tokens: { adminToken: env.HUB_ADMIN_TOKEN, staffToken: env.HUB_STAFF_TOKEN } },
    tls,
    secretKey: env.HUB_SECRET_KEY,
    coreBanking: env.HUB_CORE_BANKING,
    cluster: env.HUB_NATS_URL ? { natsUrl: env.HUB_NATS_URL, instanceId: env.HUB_INSTANCE_ID, subjectPrefix: env.HUB_NATS_PREFIX } : undefined,
    limits: {
      ...(env.HUB_MAX_CONNECTIONS === undefined ? {} : { maxConnections: env.HUB_MAX_CONNECTIONS }),
      ...(env.HUB_MAX_SOCKETS_PER_ADDRESS === undefined ? {} : { maxSocketsPerAddress: env.HUB_MAX_SOCKETS_PER_ADDRESS }),
    },
  });
  // The URL and the engine, never DATABASE_URL itself: it may carry a password.
  logger.info({ url: hub.url, db: hub.store.dbKind, instanceId: hub.instanceId, dataDir: env.DATABASE_URL ? undefined : env.HUB_DATA_DIR, auth: env.HUB_AUTH }, `hub listening on ${hub.url}`);
  // Whether the tokens are set, never what they are.
  if (env.HUB_AUTH === 'on' && !env.HUB_ADMIN_TOKEN) logger.warn('hub: HUB_ADMIN_TOKEN is not set; admin endpoints refuse every request (codes: hub/enroll-code.node.ts)');

  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'hub stopping');
    hub.close().then(
      () => exit(0),
      (error: unknown) => {
        logger.error({ errMessage: error instanceof Error ? error.message : String(error) }, 'hub did not close cleanly');
        exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  logger.fatal({ errMessage: error instanceof Error ? error.message : String(error) }, 'hub failed to start');
  exit(1);
}
