// Versioned schema changes. A migration is never edited once released: change the schema
// by appending a new version. Each run applies every pending version in one transaction
// under an advisory lock, so two hub instances starting together cannot both migrate.
import type { Database, Queryable } from './queryable.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'kiosks and transactions',
    sql: `
      CREATE TABLE kiosks (
        kiosk_id      text PRIMARY KEY,
        branch_id     text NOT NULL,
        name          text,
        version       text,
        registered_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at  timestamptz NOT NULL DEFAULT now(),
        backlog_hint  integer
      );
      CREATE TABLE kiosk_transactions (
        kiosk_id       text NOT NULL REFERENCES kiosks (kiosk_id),
        tx_id          uuid NOT NULL,
        seq            bigint NOT NULL CHECK (seq > 0),
        type           text NOT NULL,
        schema_version integer NOT NULL CHECK (schema_version > 0),
        created_at     timestamptz NOT NULL,
        received_at    timestamptz NOT NULL DEFAULT now(),
        payload        jsonb NOT NULL,
        -- at-most-once: a kiosk's transaction id is stored once, whatever the replays
        PRIMARY KEY (kiosk_id, tx_id),
        -- the listing pages by seq, which only works if a seq names one transaction
        UNIQUE (kiosk_id, seq)
      );
    `,
  },
];

// Arbitrary; what matters is that every hub instance uses the same key.
const MIGRATION_LOCK_KEY = 0x4b1b_3167;

export function checkMigrationOrder(list: readonly Migration[]): void {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`);
    }
  });
}

async function appliedVersions(tx: Queryable): Promise<number[]> {
  const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((row) => Number(row.version));
}

/** Applies the pending migrations and returns their versions (empty when up to date). */
export async function migrate(db: Database, list: readonly Migration[] = migrations): Promise<number[]> {
  checkMigrationOrder(list);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const applied = new Set(await appliedVersions(tx));
    const newest = Math.max(0, ...applied);
    if (newest > list.length) {
      throw new Error(`database schema is at version ${newest}, newer than this hub knows (${list.length}); upgrade the hub`);
    }
    const pending = list.filter((migration) => !applied.has(migration.version));
    for (const migration of pending) {
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    }
    return pending.map((migration) => migration.version);
  });
}
