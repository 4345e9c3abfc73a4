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
  {
    version: 3,
    name: 'service mode: audit, device test results, technician lockout',
    // Service mode (technician tools): every action audited locally (and sent to the hub as
    // an outbox row), each device test's verdict kept for the next visit, and the PIN lockout
    // kept across restarts so power-cycling the kiosk does not reset the attempt count.
    sql: `
      CREATE TABLE service_audit (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        outcome TEXT NOT NULL,
        technician TEXT,
        session_id TEXT,
        detail TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX service_audit_at ON service_audit (at);
      CREATE TABLE service_test_results (
        id TEXT PRIMARY KEY,
        test TEXT NOT NULL,
        role TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('pass', 'fail', 'cancelled')),
        reason TEXT,
        technician TEXT NOT NULL,
        session_id TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        duration_ms INTEGER NOT NULL
      );
      CREATE INDEX service_test_results_test ON service_test_results (test, finished_at);
      CREATE TABLE service_lockout (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        failures INTEGER NOT NULL,
        lockouts INTEGER NOT NULL,
        locked_until TEXT,
        last_totp_step INTEGER,
        updated_at TEXT NOT NULL
      );`,
  },
  {
    version: 4,
    name: 'outbox journal generation',
    // The outbox journal's stamp (outbox-journal-store.node.ts): a random epoch tying the
    // journal file to this store, and the generation bumped — in the same FULL commit that
    // makes every journaled row durable in sqlite — whenever the journal restarts.
    sql: `
      CREATE TABLE outbox_journal (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        epoch INTEGER NOT NULL,
        generation INTEGER NOT NULL
      );
      INSERT INTO outbox_journal (id, epoch, generation) VALUES (1, abs(random()) % 4294967296, 1);`,
  },
  {
    version: 5,
    name: 'outbox answer',
    // The bank's answer to a money-moving row (approved with its reference, declined with its
    // reason, or pending), kept with the row that carried the idempotency key, so the kiosk's
    // own record says what the customer was told even if the log rotated away.
    sql: `
      ALTER TABLE outbox ADD COLUMN answer TEXT;
      ALTER TABLE outbox ADD COLUMN answered_at TEXT;
      CREATE INDEX outbox_payment_unanswered ON outbox (seq) WHERE type = 'bill.payment' AND (answer IS NULL OR answer = '{"outcome":"pending"}');`,
  },
  {
    version: 6,
    name: 'outbox card replacements',
    // Card replacements are few; the host looks for unfinished ones at every start and for
    // completions to send every minute — from this small index, not a scan of every row.
    sql: `CREATE INDEX outbox_card_replacement ON outbox (seq) WHERE type = 'card.replacement';`,
  },
];
