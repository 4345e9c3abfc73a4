// The outbox journal joined to the sqlite store: recovery when the store opens, the journal's
// tail (rows acknowledged on their journal record, not yet in sqlite) moved into sqlite before
// any other statement and in background batches, and the restart of the journal once sqlite
// holds its rows durably. The contract is stated in the header of outbox.node.ts.
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import type { JournalEntry, ScanStop } from './outbox-journal-format.node.js';
import { DRAIN_ROWS_DEFAULT, JOURNAL_BYTES, JOURNAL_FILE, OutboxJournal } from './outbox-journal.node.js';
import { DiskFullError, type SqliteDb } from './sqlite.node.js';

const journals = new WeakMap<SqliteDb, OutboxJournal>();

/** The journal of a store opened by openLocalStore; none for a bare SqliteDb (then every enqueue commits at FULL). */
export const journalOf = (db: SqliteDb): OutboxJournal | undefined => journals.get(db);

export interface JournalRecovery {
  /** Valid records of the current generation found in the journal. */
  records: number;
  /** Of those, rows sqlite had lost (a power cut took its unsynced pages) and now holds again. */
  restored: number;
  stop: ScanStop;
  /** Where a damaged journal was copied before it is overwritten, for inspection. */
  keptAt: string | null;
}

export interface JournalOptions {
  bytes?: number;
  /** A record failed its check before the end of the run: told, never silent. */
  onProblem?: (recovery: JournalRecovery) => void;
}

/** Without a handler the problem still reaches stderr (the host's journal under systemd). */
const warn = (r: JournalRecovery) =>
  process.emitWarning(`outbox journal damaged (${r.stop.kind === 'corrupt' ? r.stop.reason : r.stop.kind}): ${r.records} records replayed up to it, rows after it may be lost; journal kept at ${r.keptAt}`, 'OutboxJournalWarning');

const REPLAY_CHUNK = 100;
const COLUMNS = '(seq, id, type, schema_version, payload, state, amount_minor, created_at, updated_at)';
const entryParams = (e: JournalEntry) => [e.seq, e.id, e.type, e.schemaVersion, e.payload, e.amountMinor, e.createdAt, e.createdAt];

/** Inserts the journaled rows sqlite does not hold, with their own seqs; a row it holds (in any state) is left alone. */
async function replay(db: SqliteDb, entries: readonly JournalEntry[]): Promise<number> {
  let restored = 0;
  await db.transaction(async () => {
    for (let i = 0; i < entries.length; i += REPLAY_CHUNK) {
      const chunk = entries.slice(i, i + REPLAY_CHUNK);
      const values = chunk.map(() => "(?, ?, ?, ?, ?, 'pending', ?, ?, ?)").join(',');
      // ON CONFLICT(id) only: a seq held by another id is corruption and must fail loudly.
      const { changes } = await db.run(`INSERT INTO outbox ${COLUMNS} VALUES ${values} ON CONFLICT(id) DO NOTHING`, chunk.flatMap(entryParams));
      restored += changes;
    }
  });
  return restored;
}

/** Rows per INSERT when the tail moves into sqlite: bounds how long one drain holds the connection. */
const DRAIN_CHUNK = 256;

/**
 * The tail's rows as ONE bound parameter, a JSON array of the journal's row arrays, unpacked by
 * sqlite's json_each on sqlite's own thread: binding eight values per row cost the event loop
 * ~15 µs a row, most of a durable enqueue's own CPU.
 */
const DRAIN_INSERT = `INSERT INTO outbox ${COLUMNS} SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, 'pending', value ->> 5, value ->> 6, value ->> 6 FROM json_each(?1)`;
const asJsonRows = (entries: readonly JournalEntry[]): string => JSON.stringify(entries.map((e) => [e.seq, e.id, e.type, e.schemaVersion, e.payload, e.amountMinor, e.createdAt]));

/**
 * A tail this long is moved at the next turn of the event loop (see OutboxJournal.drainRows);
 * a shorter one after `journal.drainIdleMs`, or before the next statement. Long, because an
 * INSERT running beside the next appends slows their O_DSYNC writes more than it saves
 * (measured interleaved: 32 rows 0.59–0.74× the raw write rate, only at block ends 0.64–0.79×).
 */
export const DRAIN_ROWS = DRAIN_ROWS_DEFAULT;

const draining = new WeakSet<OutboxJournal>();

/**
 * Moves the journal's tail into sqlite in seq order, as a few multi-row INSERTs at
 * synchronous=NORMAL (the journal already holds the rows durably), each row leaving the tail
 * once its INSERT has committed. A failure (a full disk) keeps the rest in the tail, still
 * durable in the journal, and is remembered in `drainError`; the outbox's readers then count
 * the tail themselves, and the journal is not restarted until the tail is empty. The caller
 * holds the connection (the statement hook, or db.exclusive).
 */
async function drain(db: SqliteDb, journal: OutboxJournal): Promise<void> {
  const tail = journal.tail;
  // Its own INSERTs pass through the statement hook: not again from there.
  if (tail.length === 0 || draining.has(journal)) return;
  draining.add(journal);
  try {
    await db.relaxed(async () => {
      // Only what is there now: a background drain lets enqueues append behind it (see
      // Outbox.flush), and an endless stream of them must not keep readers waiting. A drain
      // before a statement runs with the connection held, so nothing is appended behind it.
      let left = tail.length;
      while (left > 0 && tail.length > 0) {
        const size = Math.min(left, DRAIN_CHUNK);
        await db.allPrepared(DRAIN_INSERT, [asJsonRows(tail.slice(0, size))]);
        tail.splice(0, size);
        left -= size;
      }
    });
    journal.drainError = null;
  } catch (err) {
    journal.drainError = err instanceof Error ? err : new Error(String(err));
  } finally {
    draining.delete(journal);
  }
}

const timers = new WeakMap<OutboxJournal, NodeJS.Timeout | NodeJS.Immediate>();
const urgentTimers = new WeakSet<NodeJS.Timeout | NodeJS.Immediate>();

/**
 * After an append: the tail moves into sqlite in the background, batched — at once when it is
 * long, else once enqueues pause — unless a statement (any reader) moves it first.
 */
export function scheduleDrain(db: SqliteDb, journal: OutboxJournal): void {
  const urgent = journal.tail.length >= journal.drainRows;
  const pending = timers.get(journal);
  // Already due at the next turn, or waiting for a pause with nothing urgent yet.
  if (pending && (!urgent || urgentTimers.has(pending))) return;
  if (pending) {
    clearTimeout(pending as NodeJS.Timeout);
    clearImmediate(pending as NodeJS.Immediate);
  }
  const run = () => {
    timers.delete(journal);
    // Any statement drains first (the hook); an empty turn does it here.
    // Background: enqueues keep appending behind it (it only takes rows from the tail's head).
    if (journal.tail.length > 0) void db.detached(() => db.exclusive(() => drain(db, journal), { background: true })).catch(() => undefined);
  };
  if (urgent) {
    const immediate = setImmediate(run);
    urgentTimers.add(immediate);
    timers.set(journal, immediate);
  } else timers.set(journal, setTimeout(run, journal.drainIdleMs).unref());
}

/**
 * Opens the store's journal, puts back any journaled row sqlite lost, and attaches the
 * journal to `db` for the outbox. A store whose schema predates the journal is left without.
 */
export async function openOutboxJournal(db: SqliteDb, dataDir: string, options: JournalOptions = {}): Promise<JournalRecovery | null> {
  const table = await db.get<{ ok: number }>(`SELECT 1 AS ok FROM sqlite_master WHERE type = 'table' AND name = 'outbox_journal'`);
  if (!table) return null;
  const stamp = await db.get<{ epoch: number; generation: number }>('SELECT epoch, generation FROM outbox_journal WHERE id = 1');
  if (!stamp) throw new Error('outbox_journal has no row');
  const file = path.join(dataDir, JOURNAL_FILE);
  const { journal, scan } = await OutboxJournal.open(file, stamp, options.bytes ?? JOURNAL_BYTES);
  try {
    let keptAt: string | null = null;
    if (scan.stop.kind === 'corrupt') {
      keptAt = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await copyFile(file, keptAt);
    }
    let restored = 0;
    try {
      restored = scan.entries.length > 0 ? await replay(db, scan.entries) : 0;
    } catch (err) {
      // A full disk cannot take the rows back: they stay in the journal, and in the tail for
      // the readers, until sqlite has room (the rows sqlite lacks are those above its last seq).
      if (!(err instanceof DiskFullError) || scan.stop.kind !== 'end') throw err;
      const held = (await db.get<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM outbox'))?.seq ?? 0;
      journal.tail.push(...scan.entries.filter((e) => e.seq > held));
      journal.drainError = err;
    }
    const recovery: JournalRecovery = { records: scan.entries.length, restored, stop: scan.stop, keptAt };
    if (scan.stop.kind === 'corrupt') (options.onProblem ?? warn)(recovery);
    // Every open starts a new generation at offset 0 (one fsync): appending behind what this
    // run found could line a new record up with the valid-looking remains of a torn group.
    await restartJournal(db, journal).catch((err: unknown) => {
      // A full disk cannot take even the generation bump; appending after a clean end is safe.
      if (!(err instanceof DiskFullError) || scan.stop.kind !== 'end') throw err;
    });
    journals.set(db, journal);
    db.beforeStatement(() => (journal.tail.length > 0 ? drain(db, journal) : undefined));
    db.onClose(async () => {
      const timer = timers.get(journal);
      if (timer) {
        clearTimeout(timer as NodeJS.Timeout);
        clearImmediate(timer as NodeJS.Immediate);
      }
      if (journal.tail.length > 0) await drain(db, journal);
      await journal.close();
    });
    return recovery;
  } catch (err) {
    await journal.close();
    throw err;
  }
}

/**
 * Makes everything sqlite holds durable with one FULL commit — the generation bump itself,
 * whose WAL fsync covers every relaxed frame before it — then reuses the journal from offset
 * 0. Records of the old generation left in the file no longer pass the scan. The caller has
 * the connection to itself (db.exclusive).
 */
export async function restartJournal(db: SqliteDb, journal: OutboxJournal): Promise<void> {
  if (journal.tail.length > 0) await drain(db, journal);
  // Rows only the journal holds: restarting now would void their records.
  if (journal.tail.length > 0) throw journal.drainError ?? new Error('outbox journal: rows not yet in sqlite');
  const next = (journal.stamp.generation % 0xffff_fffe) + 1;
  await db.run('UPDATE outbox_journal SET generation = ? WHERE id = 1', [next]);
  journal.restart(next);
}
