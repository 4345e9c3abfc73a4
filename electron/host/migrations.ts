// Versioned schema of the kiosk's local store. Append only: a shipped migration never changes.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'outbox and tickets',
    sql: `
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        schema_version INTEGER NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'acked', 'rejected')),
        reject_code TEXT,
        reject_reason TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX outbox_state_seq ON outbox (state, seq);
      CREATE TABLE tickets (
        id TEXT PRIMARY KEY,
        number TEXT NOT NULL,
        service_id TEXT NOT NULL,
        business_date TEXT NOT NULL,
        counter INTEGER NOT NULL,
        issued_at TEXT NOT NULL,
        print_state TEXT NOT NULL DEFAULT 'pending',
        UNIQUE (business_date, service_id, counter)
      );`,
  },
  {
    version: 2,
    name: 'offline amounts, ack time, pull cursor and hub items',
    // amount_minor lets offline rules sum the unsynced exposure per type without decrypting
    // payloads; sync_cursor and hub_items hold what the kiosk pulled from the hub, written
    // together in one transaction so a kill can never advance the cursor past lost items.
    sql: `
      ALTER TABLE outbox ADD COLUMN amount_minor INTEGER;
      ALTER TABLE outbox ADD COLUMN acked_at TEXT;
      CREATE TABLE sync_cursor (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE hub_items (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        version INTEGER NOT NULL,
        value TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (kind, key)
      );`,
  },
];
