// A bank's hub runs on PostgreSQL (`DATABASE_URL`); this adapter is the only file that
// knows about `pg`.
import pg from 'pg';
import type { Database, Queryable } from './queryable.js';

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
    query: async <T>(sql: string, params: readonly unknown[] = []) => {
      const result = await target.query(sql, [...params]);
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

export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    ...(options.searchPath ? { options: `-c search_path=${quoteIdentifierList(options.searchPath)}` } : {}),
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  // Fail at start-up, not at the first kiosk request, when the server is unreachable.
  await pool.query('SELECT 1').catch(async (error: unknown) => {
    await pool.end();
    throw error;
  });
  return {
    kind: 'postgres',
    ...asQueryable(pool),
    transaction: (work) => inTransaction(pool, work),
    close: () => pool.end(),
  };
}
