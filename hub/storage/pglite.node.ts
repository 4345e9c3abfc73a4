// Embedded PostgreSQL (WASM) for a single kiosk in a lab: no server to install. Its
// directory is private to the hub's user (see private-dir.node.ts).
import path from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { ensurePrivateDir, repairPrivateTree } from './private-dir.node.js';
import { sqlText, type Database, type Queryable, type Sql } from './queryable.js';

export const IN_MEMORY = 'memory://';

function asQueryable(target: PGlite | Transaction): Queryable {
  return {
    query: async <T>(sql: Sql, params: readonly unknown[] = []) => {
      const result = await target.query<T>(sqlText(sql), [...params]);
      return { rows: result.rows };
    },
    exec: async (sql: string) => {
      await target.exec(sql);
    },
  };
}

export interface PgliteOptions {
  /** Told how many entries of an existing directory had modes open to other users. */
  onModesRepaired?: (count: number) => void;
}

/**
 * `dataDir` is a directory (created 0700 if missing) or `memory://` for a throw-away
 * database. Modes are repaired before opening, after (PGlite's own files of a new
 * database) and after closing (WAL segments and relations created while it ran).
 */
export async function openPglite(dataDir: string, options: PgliteOptions = {}): Promise<Database> {
  if (dataDir.startsWith(IN_MEMORY)) return wrap(await PGlite.create(dataDir), async () => undefined);
  const location = path.resolve(dataDir);
  await ensurePrivateDir(location);
  const before = await repairPrivateTree(location);
  if (before > 0) options.onModesRepaired?.(before);
  const pglite = await PGlite.create(location);
  await repairPrivateTree(location);
  return wrap(pglite, async () => {
    await repairPrivateTree(location);
  });
}

function wrap(pglite: PGlite, afterClose: () => Promise<void>): Database {
  return {
    kind: 'pglite',
    ...asQueryable(pglite),
    transaction: (work) => pglite.transaction((tx) => work(asQueryable(tx))),
    close: async () => {
      await pglite.close();
      await afterClose();
    },
  };
}
