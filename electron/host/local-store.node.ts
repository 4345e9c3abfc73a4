// Opens the kiosk's sqlite store and brings its schema up to date.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { migrations } from './migrations.js';
import { SqliteDb } from './sqlite.node.js';

export async function openLocalStore(dataDir: string): Promise<SqliteDb> {
  mkdirSync(dataDir, { recursive: true });
  const db = await SqliteDb.open(path.join(dataDir, 'kiosk.sqlite'));
  await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set((await db.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    await db.transaction(async () => {
      await db.exec(m.sql);
      await db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, new Date().toISOString()]);
    });
  }
  return db;
}
