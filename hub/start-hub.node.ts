// Opens the database, brings its schema up to date and serves the hub on a port. Used by
// the hub's own CLI and in-process by the kiosk's `npm start`.
import { pino, type Logger } from 'pino';
import { buildHub } from './server.js';
import { createHubStore, type HubStore } from './storage/hub-store.js';
import { openDatabase } from './storage/open-database.node.js';

export const DEFAULT_DATA_DIR = '.data/hub';

export interface StartHubOptions {
  /** 0 picks a free port; the chosen one is in the result. */
  port: number;
  host: string;
  /** Directory of the embedded database, or `memory://`; ignored when `databaseUrl` is set. */
  dataDir?: string;
  /** PostgreSQL connection string; the embedded database is used when absent. */
  databaseUrl?: string | undefined;
  logger?: Logger;
}

export interface RunningHub {
  url: string;
  port: number;
  store: HubStore;
  /** Stops accepting requests, lets those in flight finish, then closes the database. */
  close(): Promise<void>;
}

function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export async function startHub(options: StartHubOptions): Promise<RunningHub> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const db = await openDatabase({ dataDir: options.dataDir ?? DEFAULT_DATA_DIR, databaseUrl: options.databaseUrl, logger });
  let store: HubStore;
  try {
    store = await createHubStore(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  const app = buildHub({ store, logger });
  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await app.close();
    await store.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let closing: Promise<void> | null = null;
  return {
    url: urlOf(options.host, port),
    port,
    store,
    close: () => {
      closing ??= app.close().then(() => store.close());
      return closing;
    },
  };
}
