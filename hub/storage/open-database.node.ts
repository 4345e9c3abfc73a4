// PostgreSQL when a URL is given, the embedded engine otherwise.
import type { Logger } from 'pino';
import { openPglite } from './pglite.node.js';
import { openPostgres } from './postgres.node.js';
import type { Database } from './queryable.js';

export interface DatabaseChoice {
  dataDir: string;
  databaseUrl?: string | undefined;
  logger: Logger;
}

export function openDatabase({ dataDir, databaseUrl, logger }: DatabaseChoice): Promise<Database> {
  if (!databaseUrl) {
    return openPglite(dataDir, {
      onModesRepaired: (count) => logger.warn({ dataDir, count }, 'hub: data directory entries were readable by other users; modes repaired (directories 0700, files 0600)'),
    });
  }
  return openPostgres({
    connectionString: databaseUrl,
    onIdleError: (error) => logger.warn({ errMessage: error.message }, 'hub: idle PostgreSQL connection failed'),
  });
}
