// A bank's hub runs on PostgreSQL (`DATABASE_URL`); this adapter is the only file that
// knows about `pg`.
import pg from 'pg';
import type { Database, Queryable, Sql } from './queryable.js';

export interface PostgresOptions {
  connectionString: string;
  /** Sets `search_path` on every connection; tests use it to get a private schema. */
  searchPath?: string;
  maxConnections?: number;
  /** Errors of idle pooled connections (server restart, network); unhandled they crash Node. */
  onIdleError?: (error: Error) => void;
}

function asQueryable(target: pg.Pool | pg.PoolClient): Queryable {
  return {
    query: async <T>(sql: Sql, params: readonly unknown[] = []) => {
      // node-postgres prepares a named statement on a connection the first time it meets it there.
      const result = await target.query(typeof sql === 'string' ? sql : { name: sql.name, text: sql.text }, [...params]);
      return { rows: result.rows as T[] };
    },
    exec: async (sql: string) => {
      await target.query(sql);
    },
  };
}

async function inTransaction<T>(pool: pg.Pool, work: (tx: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(asQueryable(client));
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    // A connection whose ROLLBACK failed is in an unknown state: destroy it, don't pool it.
    await client.query('ROLLBACK').then(
      () => client.release(),
      (rollbackError: Error) => client.release(rollbackError),
    );
    throw error;
  }
}

function quoteIdentifierList(searchPath: string): string {
  return searchPath
    .split(',')
    .map((name) => `"${name.trim().replaceAll('"', '""')}"`)
    .join(',');
}

// Connections of the relaxed pool: every signed kiosk request claims its nonce here (one
// INSERT), and every pull is one statement here too (change-queries.ts) — two statements per
// pull, 400 pulls a second from 2,000 kiosks. Four connections keep them from queueing
// behind each other without taking many server slots.
const RELAXED_CONNECTIONS = 4;

/**
 * The connection string with these server settings added to its own `options` (node-postgres
 * lets a URL's `options` replace a separately given one, which silently dropped ours when a
 * DATABASE_URL carried a search_path).
 */
export function withServerSettings(connectionString: string, settings: readonly string[]): { connectionString: string } | { connectionString: string; options: string } {
  if (settings.length === 0) return { connectionString };
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    // Not a URL (libpq key=value): node-postgres takes `options` beside it.
    return { connectionString, options: settings.join(' ') };
  }
  url.searchParams.set('options', [url.searchParams.get('options'), ...settings].filter(Boolean).join(' '));
  return { connectionString: url.toString() };
}

export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const settings = options.searchPath ? [`-c search_path=${quoteIdentifierList(options.searchPath)}`] : [];
  const poolOf = (max: number, extra: string[]) => {
    const pool = new pg.Pool({ ...withServerSettings(options.connectionString, [...settings, ...extra]), max });
    pool.on('error', (error) => options.onIdleError?.(error));
    return pool;
  };
  const pool = poolOf(options.maxConnections ?? 10, []);
  // Each signed kiosk request claims its nonce before the route runs: with a synchronous
  // commit every request waited for a WAL flush (an fsync, ~10 ms here) — most of a pull's
  // latency. A crash loses at most the last few hundred ms of nonces (3 × wal_writer_delay),
  // whose requests could then be replayed once within their 5-minute window; every
  // money-moving request is idempotent by its key anyway.
  const relaxed = poolOf(RELAXED_CONNECTIONS, ['-c synchronous_commit=off']);
  // Fail at start-up, not at the first kiosk request, when the server is unreachable.
  await pool.query('SELECT 1').catch(async (error: unknown) => {
    await Promise.all([pool.end(), relaxed.end()]);
    throw error;
  });
  return {
    kind: 'postgres',
    ...asQueryable(pool),
    transaction: (work) => inTransaction(pool, work),
    relaxed: asQueryable(relaxed),
    close: async () => {
      await Promise.all([pool.end(), relaxed.end()]);
    },
  };
}
