// Embedded PostgreSQL (WASM) for a single kiosk in a lab: no server to install.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, Queryable } from './queryable.js';

export const IN_MEMORY = 'memory://';

function asQueryable(target: PGlite | Transaction): Queryable {
  return {
    query: async <T>(sql: string, params: readonly unknown[] = []) => {
      const result = await target.query<T>(sql, [...params]);
      return { rows: result.rows };
    },
    exec: async (sql: string) => {
      await target.exec(sql);
    },
  };
}

/** `dataDir` is a directory (created if missing) or `memory://` for a throw-away database. */
export async function openPglite(dataDir: string): Promise<Database> {
  let location = dataDir;
  if (!dataDir.startsWith(IN_MEMORY)) {
    location = path.resolve(dataDir);
    await mkdir(location, { recursive: true });
  }
  const pglite = await PGlite.create(location);
  return {
    kind: 'pglite',
    ...asQueryable(pglite),
    transaction: (work) => pglite.transaction((tx) => work(asQueryable(tx))),
    close: () => pglite.close(),
  };
}
