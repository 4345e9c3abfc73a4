// Opens the kiosk's sqlite store and brings its schema up to date, one transaction per
// migration so a kill mid-upgrade leaves the previous version intact; then opens the outbox
// journal, putting back any acknowledged row a power cut took from sqlite (outbox.node.ts).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { migrations as allMigrations, type Migration } from './migrations.js';
import { openOutboxJournal, type JournalOptions } from './outbox-journal-store.node.js';
import { SqliteDb } from './sqlite.node.js';

export const STORE_FILE = 'kiosk.sqlite';

/** `list` exists for the upgrade tests, which build an older database first. */
export async function openLocalStore(dataDir: string, list: readonly Migration[] = allMigrations, journal: JournalOptions = {}): Promise<SqliteDb> {
  mkdirSync(dataDir, { recursive: true });
  const db = await SqliteDb.open(path.join(dataDir, STORE_FILE));
  try {
    await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const applied = new Set((await db.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
    const newest = Math.max(0, ...applied);
    // A downgraded host would write rows the newer schema's readers do not expect.
    if (newest > list.length) throw new Error(`local store is at schema version ${newest}, newer than this host knows (${list.length})`);
    for (const m of list) {
      if (applied.has(m.version)) continue;
      await db.transaction(async () => {
        await db.exec(m.sql);
        await db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, new Date().toISOString()]);
      });
    }
    await openOutboxJournal(db, dataDir, journal);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
