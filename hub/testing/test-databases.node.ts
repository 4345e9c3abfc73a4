// Databases for tests. PostgreSQL tests get a private schema each run, so they can share
// the server with other runs and leave nothing behind.
import pg from 'pg';
import { IN_MEMORY, openPglite } from '../storage/pglite.node.js';
import { openPostgres } from '../storage/postgres.node.js';
import type { Database } from '../storage/queryable.js';

export const TEST_DATABASE_URL = process.env.HUB_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  db: Database;
  /** Closes the database and removes whatever the test created. */
  dispose(): Promise<void>;
}

export async function openTestPglite(): Promise<TestDatabase> {
  const db = await openPglite(IN_MEMORY);
  return { db, dispose: () => db.close() };
}

async function asAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestSchema(): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `hub_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await asAdmin(`CREATE SCHEMA ${schema}`);
  return { schema, drop: () => asAdmin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}

export async function openTestPostgres(): Promise<TestDatabase> {
  const { schema, drop } = await createTestSchema();
  const db = await openPostgres({ connectionString: TEST_DATABASE_URL, searchPath: schema });
  return {
    db,
    dispose: async () => {
      await db.close();
      await drop();
    },
  };
}

/** NATS with JetStream for the multi-instance tests (scripts/test-nats.mjs provides one). */
export const TEST_NATS_URL = process.env.HUB_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
