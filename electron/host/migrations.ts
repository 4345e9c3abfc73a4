// Versioned schema of the kiosk's local store. Append only: a shipped migration never changes.
export const migrations: readonly { version: number; name: string; sql: string }[] = [
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
];
