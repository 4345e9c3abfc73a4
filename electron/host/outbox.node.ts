// The kiosk's outbox: one durable row per business transaction, numbered by a per-kiosk
// sequence, waiting to reach the hub. Rows are never deleted here; the sync engine moves
// them to `acked` or to the visible dead-letter state `rejected`.
//
// Durability contract — `enqueue` resolves only when its row survives a kill -9 AND a power
// cut, under the same seq and content, and no row reaches the hub before it is durable:
//  - Journaled (a store from openLocalStore): a flush numbers the group (`journal.nextSeq`)
//    and appends its rows, seqs included, to the outbox journal as ONE O_DSYNC pwrite into a
//    preallocated file (outbox-journal.node.ts: length + CRC32 per record) — one small data
//    flush, the same write as the benchmark's baseline — and resolves the callers. That write
//    is all an enqueue waits for: the rows join the journal's tail (in memory) and move into
//    sqlite afterwards, many per INSERT at synchronous=NORMAL, in seq order
//    (outbox-journal-store.node.ts): before ANY statement on the connection outside a
//    transaction (so every reader — sync engine, stats, diagnostics — and every business
//    transaction's BEGIN sees them), at once when the tail is long, else once enqueues pause.
//    Rows enter the tail only after their write is on the disk, so the sync engine, which
//    reads sqlite, can never send a row that is not durable.
//  - A kill -9 loses nothing: the journal is on the disk, and sqlite's relaxed commits are in
//    the page cache. A power cut may drop sqlite's unsynced tail; the store's next open
//    replays the journal's records into sqlite by id, idempotently (a row present in any
//    state is left alone), with their own seqs. WAL commits are applied in order and the tail
//    moves in in seq order, so what sqlite lacks is always a suffix: replayed rows never
//    collide with a later seq.
//  - A torn last record (power cut mid-write) was never acknowledged and is ignored; a damaged
//    record followed by valid ones is reported and the journal kept aside.
//  - The journal restarts at offset 0 under a new generation only after the tail is in sqlite
//    and one FULL commit (the generation bump) has made everything there durable; a group that
//    does not fit in what is left of the journal is appended after that restart.
//  - A full disk: a tail sqlite cannot take stays in the journal (still acknowledged, still
//    durable); the readers count it from memory, the journal does not restart, so the next
//    enqueue that needs a restart fails with DiskFullError (STORAGE_FULL), and a business
//    transaction's `insert` refuses rather than number a row below the tail's seqs.
//  - Without a journal (a bare SqliteDb) the INSERT itself commits at FULL.
// `insert` (inside a business transaction) commits at FULL with that transaction.
//
// Group commit: a lone caller's row is written to the journal at once; rows arriving while a
// write or flush is under way queue, and a flush writes everything queued as one journal
// append, resolving each caller only after that. A lone caller pays one small O_DSYNC write,
// as with raw write+fdatasync; a hundred concurrent callers share one.
// The journal append waits for the sqlite connection only when something other than the
// journal's own background drain holds or awaits it (db.foregroundIdle): nothing else then
// numbers rows or restarts the journal, and the drain only takes rows from the tail's head,
// so in a burst its INSERT (on sqlite's thread) overlaps the next appends' disk waits.
import { uuidv7 } from './uuid-v7.node.js';
import { FieldDecryptError, type FieldCipher } from './field-crypto.node.js';
import { batchFromRows, readBatch, type OutboxBatch } from './outbox-batch.node.js';
import { assertNoCardData } from './outbox-guard.js';
import { encodeRecord, type JournalEntry } from './outbox-journal-format.node.js';
import { journalOf, restartJournal, scheduleDrain } from './outbox-journal-store.node.js';
import type { OutboxJournal } from './outbox-journal.node.js';
import { applicationProgressSchema, FINAL_APPLICATION_STATUSES, type ApplicationProgress, completionSchema, INSERT_COLUMNS, outboxAnswerSchema, type Completion, ROW_PLACEHOLDERS, SEQ_INSERT_COLUMNS, SEQ_ROW_PLACEHOLDERS, hasSealedFields, rowParams, toRow, type EnqueueOptions, type OutboxAnswer, type OutboxRow, type OutboxStats, type PreparedRow, type RawRow } from './outbox-rows.js';
import type { SqliteDb } from './sqlite.node.js';
import { withdrawReasonSchema, type WithdrawReason } from '../../protocol/account-opening.js';

export type { Completion, EnqueueOptions, OutboxAnswer, OutboxRow, OutboxState, OutboxStats } from './outbox-rows.js';
export type { OutboxBatch } from './outbox-batch.node.js';

/** The outbox row type of an account application (issue 11). */
export const ACCOUNT_OPENING_TYPE = 'account.opening';

export interface Admission {
  type: string;
  amountMinor: number | null;
}

export interface OutboxOptions {
  cipher?: FieldCipher;
  /** Top-level payload fields stored encrypted, per transaction type. */
  sensitiveFields?: (type: string) => readonly string[];
  /** Back-pressure and offline rules; throws (a BridgeError) to refuse. */
  admit?: (req: Admission) => Promise<void>;
  /** Called after rows commit, e.g. to wake the sync engine. */
  onCommitted?: (count: number) => void;
  /** Rows per INSERT; 7 bound values each stay far below SQLite's variable limit. */
  maxGroup?: number;
}

/** The longest a caller enqueueing in a loop keeps the event loop from turning. */
const MAX_TURN_GAP_MS = 1;

interface Waiting {
  row: PreparedRow;
  resolve: (r: { id: string; seq: number }) => void;
  reject: (e: unknown) => void;
}

export class Outbox {
  private waiting: Waiting[] = [];
  private flushing = false;
  /** Callers in the last flush: after a group, rows queue for the next group rather than go alone. */
  private lastGroup = 1;
  /** When a lone caller last went on after a turn of the event loop (see `submit`). */
  private lastTurn = 0;

  constructor(
    private readonly db: SqliteDb,
    private readonly opts: OutboxOptions = {},
  ) {}

  /** Inside a `db.transaction` that holds a larger business change (e.g. a ticket). */
  async insert(type: string, payload: Record<string, unknown>, options: EnqueueOptions | number = {}): Promise<{ id: string; seq: number }> {
    const o: EnqueueOptions = typeof options === 'number' ? { schemaVersion: options } : options;
    assertNoCardData(payload);
    const row = await this.prepare(type, payload, o);
    // Numbered by sqlite after every journaled row; the journal's next seq is read again later
    // (this transaction may still roll back). One turn of the connection from the check to the
    // INSERT, so no journal flush numbers rows in between.
    const journal = journalOf(this.db);
    const { lastID } = await this.db.exclusive(async () => {
      if (journal) {
        // Outside a transaction the tail moves into sqlite now; inside one, its BEGIN did that.
        // If it could not (a full disk), numbering this row would collide with those rows' seqs.
        if (journal.tail.length > 0) await this.db.beforeStatementNow();
        if (journal.tail.length > 0) throw journal.drainError ?? new Error('outbox: journaled rows are not yet in the store');
        journal.nextSeq = null;
      }
      return this.db.run(`INSERT INTO outbox ${INSERT_COLUMNS} VALUES ${ROW_PLACEHOLDERS}`, rowParams(row));
    });
    // No onCommitted here: the enclosing transaction has not committed (and may roll back);
    // its owner wakes the sync engine afterwards (TicketService.onEnqueued).
    return { id: row.id, seq: lastID };
  }

  /** Resolves once the row is durable (see the contract above). */
  enqueue(type: string, payload: Record<string, unknown>, options: EnqueueOptions | number = {}): Promise<{ id: string; seq: number }> {
    try {
      const o: EnqueueOptions = typeof options === 'number' ? { schemaVersion: options } : options;
      assertNoCardData(payload);
      // Admission and sealing may wait; a row with neither is prepared on the spot.
      const fields = this.opts.cipher ? (this.opts.sensitiveFields?.(type) ?? []) : [];
      if ((!o.bypassAdmission && this.opts.admit) || fields.length > 0) return this.prepare(type, payload, o).then((row) => this.submit(row));
      return this.submit(this.rowOf(type, JSON.stringify(payload), o));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private async prepare(type: string, payload: Record<string, unknown>, o: EnqueueOptions): Promise<PreparedRow> {
    if (!o.bypassAdmission && this.opts.admit) await this.opts.admit({ type, amountMinor: o.amountMinor ?? null });
    const id = uuidv7();
    const fields = this.opts.sensitiveFields?.(type) ?? [];
    const sealed = this.opts.cipher && fields.length > 0 ? await this.opts.cipher.seal(id, payload, fields) : payload;
    return this.rowOf(type, JSON.stringify(sealed), o, id);
  }

  private rowOf(type: string, payload: string, o: EnqueueOptions, id = uuidv7()): PreparedRow {
    return { id, type, schemaVersion: o.schemaVersion ?? 1, payload, amountMinor: o.amountMinor ?? null, createdAt: new Date().toISOString() };
  }

  /**
   * A lone caller's row goes to the journal at once (see `appendNow`); rows that arrive while
   * a write or a flush is under way queue and form the next group, so a hundred concurrent
   * callers still share one write.
   */
  private submit(row: PreparedRow): Promise<{ id: string; seq: number }> {
    const journal = journalOf(this.db);
    // After a group, its callers' next rows arrive together: they form a group again.
    if (journal && !this.flushing && this.lastGroup <= 1 && this.db.foregroundIdle) {
      this.flushing = true;
      let entries: JournalEntry[] | null;
      try {
        entries = this.appendNow(journal, [row]);
      } catch (err) {
        return this.failedWrite(err);
      }
      if (entries) {
        const seq = entries[0]!.seq;
        // Callers arriving before the caller goes on queue, and their group is written after.
        // A caller enqueueing in a loop would run from microtask to microtask and starve timers
        // and sockets (the sync engine, the drain into sqlite): at least once a millisecond it
        // goes on only after a turn of the event loop.
        const yieldNow = performance.now() - this.lastTurn >= MAX_TURN_GAP_MS;
        return new Promise((resolve) => {
          const done = () => {
            if (yieldNow) this.lastTurn = performance.now();
            this.committed(1);
            resolve({ id: row.id, seq });
            this.endFlush();
          };
          if (yieldNow) setImmediate(done);
          else queueMicrotask(done);
        });
      }
      this.flushing = false;
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        this.startFlush();
      }
    });
  }

  /** A lone caller's write failed: refused once its bytes can no longer come back. */
  private async failedWrite(err: unknown): Promise<never> {
    try {
      if (err instanceof JournalWriteError) {
        await err.cleared;
        throw err.cause;
      }
      throw err;
    } finally {
      this.endFlush();
    }
  }

  private endFlush(): void {
    this.flushing = false;
    if (this.waiting.length > 0) {
      this.flushing = true;
      this.startFlush();
    }
  }

  private startFlush(): void {
    // A microtask, so enqueues issued together still join (their continuations run first).
    // Detached: an enqueue made inside someone's open transaction must not join that
    // transaction.
    this.db.detached(() => queueMicrotask(() => void this.flush()));
  }

  private async flush(): Promise<void> {
    const max = this.opts.maxGroup ?? 500;
    while (this.waiting.length > 0) {
      const group = this.waiting.splice(0, max);
      try {
        const rows = group.map((w) => w.row);
        const journal = journalOf(this.db);
        let returned: readonly { id: string; seq: number }[];
        if (!journal) returned = await this.insertGroup(rows);
        else {
          // Appended at once while no one but the journal's own drain holds or awaits the
          // connection — nothing then numbers rows or restarts the journal, and the drain only
          // takes rows from the tail's head. Otherwise the group waits its turn.
          returned = (this.db.foregroundIdle && (await this.settleWrite(() => this.appendNow(journal, rows)))) || (await this.db.exclusive(() => this.commitJournaled(journal, rows)));
          // One event-loop turn before the callers go on: a caller that enqueues in a loop
          // would otherwise run from microtask to microtask and starve timers and sockets (the
          // sync engine, the drain into sqlite) for as long as it writes.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        const seqOf = new Map(returned.map((r) => [r.id, r.seq]));
        this.lastGroup = group.length;
        this.committed(group.length);
        for (const w of group) w.resolve({ id: w.row.id, seq: seqOf.get(w.row.id) ?? -1 });
      } catch (err) {
        // Nothing of the group is stored (or it was removed again), so each caller may retry.
        for (const w of group) w.reject(err);
      }
    }
    this.flushing = false;
  }

  private insertGroup(rows: readonly PreparedRow[]): Promise<{ id: string; seq: number }[]> {
    const values = rows.map(() => ROW_PLACEHOLDERS).join(',');
    return this.db.allPrepared<{ id: string; seq: number }>(`INSERT INTO outbox ${INSERT_COLUMNS} VALUES ${values} RETURNING id, seq`, rows.flatMap(rowParams));
  }

  /**
   * Appends the group to the journal under the seqs that follow the last one handed out, puts
   * its rows into the tail and returns them — all in one synchronous step, so nothing runs
   * between the write reaching the disk and the rows joining the tail. Null, with nothing
   * written, when the next seq is not known (a business transaction numbered a row since) or
   * the group does not fit in what is left of the journal: `commitJournaled` then takes over.
   * Throws when the write fails; its bytes are zeroed again before the error reaches the caller.
   */
  private appendNow(journal: OutboxJournal, rows: readonly PreparedRow[]): JournalEntry[] | null {
    const first = journal.nextSeq;
    if (first === null) return null;
    const stamp = journal.stamp;
    const entries = entriesOf(rows, first);
    const records = entries.map((e) => encodeRecord(stamp, e));
    const length = records.reduce((n, b) => n + b.length, 0);
    if (!journal.fits(length)) return null;
    try {
      journal.write(records);
    } catch (err) {
      // Not durable in full, so never to be sent nor to come back: its journal bytes are zeroed
      // (if even that fails, a new generation voids them: its restart first makes the tail
      // durable in sqlite). The seqs are handed out again, so the hub sees no gap.
      let cleared: Promise<unknown> = Promise.resolve();
      try {
        journal.retract(length);
      } catch {
        cleared = this.db.exclusive(() => restartJournal(this.db, journal)).catch(() => undefined);
      }
      throw new JournalWriteError(err, cleared);
    }
    journal.tail.push(...entries);
    journal.nextSeq = first + rows.length;
    scheduleDrain(this.db, journal);
    return entries;
  }

  /**
   * The slow path, with the connection to itself (see the durability contract above): reads
   * the next seq from sqlite when a business transaction numbered a row since (or at the first
   * flush), and restarts a full journal before appending.
   */
  private async commitJournaled(journal: OutboxJournal, rows: readonly PreparedRow[]): Promise<JournalEntry[]> {
    journal.nextSeq ??= Math.max((await this.db.get<{ seq: number }>(`SELECT seq FROM sqlite_sequence WHERE name = 'outbox'`))?.seq ?? 0, journal.tail.at(-1)?.seq ?? 0) + 1;
    const appended = await this.settleWrite(() => this.appendNow(journal, rows));
    if (appended) return appended;
    // The journal is full: one FULL commit makes every row before these durable in sqlite, and
    // the journal restarts empty under a new generation (nothing of this group written yet: a
    // failure here leaves nothing behind).
    await restartJournal(this.db, journal);
    const afterRestart = await this.settleWrite(() => this.appendNow(journal, rows));
    if (afterRestart) return afterRestart;
    // Larger than the whole journal: the INSERT itself commits at FULL (atomic).
    const first = journal.nextSeq ?? 1;
    const entries = entriesOf(rows, first);
    const values = entries.map(() => SEQ_ROW_PLACEHOLDERS).join(',');
    await this.db.allPrepared(`INSERT INTO outbox ${SEQ_INSERT_COLUMNS} VALUES ${values}`, entries.flatMap((e) => [e.seq, ...rowParams(e)]));
    journal.nextSeq = first + rows.length;
    return entries;
  }

  /** Runs an append and, when it failed, waits for its bytes to be zeroed before rethrowing. */
  private async settleWrite(append: () => JournalEntry[] | null): Promise<JournalEntry[] | null> {
    try {
      return append();
    } catch (err) {
      if (!(err instanceof JournalWriteError)) throw err;
      await err.cleared;
      throw err.cause;
    }
  }

  private committed(n: number): void {
    const notify = this.opts.onCommitted;
    if (notify) this.db.detached(() => notify(n));
  }

  /**
   * Rows not yet settled by the hub (pending or sending). Counted, not cached: a cached count
   * races with commits that land while it loads, and two index-only counts are cheap.
   */
  async backlog(): Promise<number> {
    const [row, tail] = await this.withTail(() => this.db.get<{ n: number }>(`SELECT (SELECT COUNT(*) FROM outbox WHERE state = 'pending') + (SELECT COUNT(*) FROM outbox WHERE state = 'sending') AS n`));
    return (row?.n ?? 0) + tail.length;
  }

  /**
   * `read` and the journal's tail as it stands right after it. Every statement first moves the
   * tail into sqlite (outbox-journal-store.node.ts), so the tail is empty here unless that
   * failed (a full disk): then these acknowledged rows are counted from memory.
   */
  private withTail<T>(read: () => Promise<T>): Promise<[T, readonly JournalEntry[]]> {
    const journal = journalOf(this.db);
    if (!journal) return read().then((r) => [r, []]);
    return this.db.exclusive(async () => [await read(), journal.tail.slice()]);
  }

  /** Oldest unsettled rows first, sensitive fields opened; includes rows only the journal holds (see `withTail`). */
  async pending(limit: number, afterSeq = 0): Promise<OutboxRow[]> {
    const [raw, tail] = await this.withTail(() => this.stored(limit, afterSeq));
    if (tail.length === 0) return this.open(raw);
    const seen = new Set(raw.map((r) => r.seq));
    const more = tail.filter((e) => e.seq > afterSeq && !seen.has(e.seq)).map(rawOf);
    return this.open([...raw, ...more].sort((a, b) => a.seq - b.seq).slice(0, limit));
  }

  /** The unsettled rows sqlite holds: what the sync engine sends (rows only the journal holds wait, they come after). */
  private stored(limit: number, afterSeq: number): Promise<RawRow[]> {
    // One ordered index range per state, each stopping after `limit`: `state IN (…) ORDER BY
    // seq` would sort the whole backlog for every batch, quadratic over a 100,000-row drain.
    return this.db.all<RawRow>(
      `SELECT * FROM (SELECT * FROM outbox WHERE state = 'sending' AND seq > ?2 ORDER BY seq LIMIT ?1)
       UNION ALL SELECT * FROM (SELECT * FROM outbox WHERE state = 'pending' AND seq > ?2 ORDER BY seq LIMIT ?1)
       ORDER BY seq LIMIT ?1`,
      [limit, afterSeq],
    );
  }

  private async open(raw: readonly RawRow[]): Promise<OutboxRow[]> {
    const cipher = this.opts.cipher;
    const opened: OutboxRow[] = [];
    for (const r of raw) {
      if (!cipher || !hasSealedFields(r.payload)) {
        opened.push(toRow(r));
        continue;
      }
      try {
        opened.push(toRow(r, JSON.stringify(await cipher.open(r.id, JSON.parse(r.payload) as Record<string, unknown>))));
      } catch (err) {
        // A row whose key is gone can never be sent: dead-letter it visibly, keep the rest moving.
        if (!(err instanceof FieldDecryptError)) throw err;
        await this.markRejected(r.id, 'UNDECRYPTABLE', err.message);
      }
    }
    return opened;
  }

  /**
   * The next batch for the hub as the JSON text it is sent as (outbox-batch.node.ts): the
   * rows of `pending(limit, afterSeq)`, built by SQLite, or row by row when fields are sealed.
   */
  async batch(limit: number, afterSeq = 0): Promise<OutboxBatch | null> {
    const read = await readBatch(this.db, limit, afterSeq);
    return read === 'sealed' ? batchFromRows(await this.open(await this.stored(limit, afterSeq))) : read;
  }

  /** The row as stored (sensitive fields still sealed). */
  async byId(id: string): Promise<OutboxRow | undefined> {
    const [row, tail] = await this.withTail(() => this.db.get<RawRow>('SELECT * FROM outbox WHERE id = ?', [id]));
    const held = row ?? tail.find((e) => e.id === id);
    return held ? toRow('state' in held ? held : rawOf(held)) : undefined;
  }

  /**
   * Keeps the bank's answer with the row, whatever its sync state (the row may already be at the
   * hub). The first final answer stands: a later 'pending' never hides an approval, and a
   * different final answer is refused (AnswerConflictError) — the bank answers a key once.
   */
  async keepAnswer(id: string, answer: OutboxAnswer): Promise<void> {
    const checked = outboxAnswerSchema.parse(answer);
    const text = JSON.stringify(checked);
    // A statement outside a transaction moves the journal's tail into sqlite first, so a row
    // acknowledged a moment ago is there to update.
    const updated = await this.db.run(
      `UPDATE outbox SET answer = ?1, answered_at = ?2, updated_at = ?2 WHERE id = ?3 AND (answer IS NULL OR json_extract(answer, '$.outcome') = 'pending')`,
      [text, new Date().toISOString(), id],
    );
    if (updated.changes > 0) return;
    const row = await this.byId(id);
    if (!row) throw new OutboxRowMissingError(id);
    // The same final answer again (a replay), whatever completion was kept with it since.
    const same = row.answer !== null && row.answer.outcome === checked.outcome && JSON.stringify({ ...row.answer, completion: undefined }) === JSON.stringify({ ...checked, completion: undefined });
    if (checked.outcome === 'pending' || same) return;
    throw new AnswerConflictError(id);
  }

  /**
   * How a card issue ended, kept with its row's answer (a row with none yet reads as pending).
   * A confirmed end (activated, voided) is never replaced; a completion still to send may be.
   */
  async keepCompletion(id: string, completion: Completion): Promise<void> {
    const checked = completionSchema.parse(completion);
    const updated = await this.db.run(
      `UPDATE outbox SET answer = json_set(COALESCE(answer, '{"outcome":"pending"}'), '$.completion', ?1), updated_at = ?2
       WHERE id = ?3 AND COALESCE(json_extract(answer, '$.completion'), '') NOT IN ('activated', 'voided') AND COALESCE(json_extract(answer, '$.outcome'), '') <> 'declined'`,
      [checked, new Date().toISOString(), id],
    );
    if (updated.changes === 0 && !(await this.byId(id))) throw new OutboxRowMissingError(id);
  }

  /**
   * Bill payments the hub has (acked) whose final answer the kiosk does not hold yet, oldest
   * first, created after `since`: the host was killed before the answer came, or the payment
   * was stored offline and the hub forwarded it later. The WHERE repeats the partial index's
   * (migration 5) word for word, so SQLite answers from that small index; the unary `+` keeps
   * it from walking every acked row by the (state, seq) index instead.
   */
  async unansweredPayments(limit: number, since: string): Promise<{ id: string }[]> {
    return this.db.all<{ id: string }>(
      `SELECT id FROM outbox WHERE type = 'bill.payment' AND (answer IS NULL OR answer = '{"outcome":"pending"}') AND +state = 'acked' AND created_at > ? ORDER BY seq LIMIT ?`,
      [since, limit],
    );
  }

  /** Card replacements whose completion is still to send to the bank, oldest first (the partial index of migration 6). */
  async completionsToSend(limit: number): Promise<{ id: string; completion: 'send-taken' | 'send-not-taken' }[]> {
    return this.db.all<{ id: string; completion: 'send-taken' | 'send-not-taken' }>(
      `SELECT id, json_extract(answer, '$.completion') AS completion FROM outbox WHERE type = 'card.replacement' AND json_extract(answer, '$.completion') IN ('send-taken', 'send-not-taken') ORDER BY seq LIMIT ?`,
      [limit],
    );
  }

  /**
   * Card replacements a journey of an earlier run left without an end: booked, maybe issued,
   * never completed (the host was killed). Read at start, before any journey of this run books one.
   */
  async unfinishedReplacements(): Promise<{ id: string }[]> {
    return this.withTail(() =>
      this.db.all<{ id: string }>(
        `SELECT id FROM outbox WHERE type = 'card.replacement' AND (answer IS NULL OR (json_extract(answer, '$.outcome') IN ('approved', 'pending') AND json_extract(answer, '$.completion') IS NULL)) ORDER BY seq`,
      ),
    ).then(([rows, tail]) => [...rows, ...tail.filter((e) => e.type === 'card.replacement' && !rows.some((r) => r.id === e.id)).map((e) => ({ id: e.id }))]);
  }

  /**
   * How far an account application got (issue 11), kept on its `account.opening` row as the
   * answer. An end (opened, declined, refused, withdrawn) is never replaced.
   */
  async keepApplication(id: string, progress: ApplicationProgress): Promise<void> {
    const checked = applicationProgressSchema.parse(progress);
    const finals = FINAL_APPLICATION_STATUSES.map((s) => `'${s}'`).join(', ');
    const updated = await this.db.run(
      `UPDATE outbox SET answer = ?1, answered_at = ?2, updated_at = ?2 WHERE id = ?3 AND type = '${ACCOUNT_OPENING_TYPE}' AND COALESCE(json_extract(answer, '$.status'), '') NOT IN (${finals})`,
      [JSON.stringify(checked), new Date().toISOString(), id],
    );
    if (updated.changes === 0 && !(await this.byId(id))) throw new OutboxRowMissingError(id);
  }

  /** Applications whose withdrawal the hub has not confirmed yet, oldest first. */
  async applicationsToWithdraw(limit: number): Promise<{ id: string; reason: WithdrawReason }[]> {
    const rows = await this.db.all<{ id: string; reason: string }>(
      `SELECT id, json_extract(answer, '$.reason') AS reason FROM outbox WHERE type = '${ACCOUNT_OPENING_TYPE}' AND json_extract(answer, '$.status') = 'withdraw-pending' ORDER BY seq LIMIT ?`,
      [limit],
    );
    return rows.map((r) => ({ id: r.id, reason: withdrawReasonSchema.catch('host-restart').parse(r.reason) }));
  }

  /**
   * Applications a journey of an earlier run left on the way (booked, filed, approved: never
   * opened, declined or withdrawn). Read at start, before any journey of this run books one.
   */
  async unfinishedApplications(): Promise<{ id: string }[]> {
    return this.withTail(() =>
      this.db.all<{ id: string }>(`SELECT id FROM outbox WHERE type = '${ACCOUNT_OPENING_TYPE}' AND (answer IS NULL OR json_extract(answer, '$.status') IN ('filed', 'unknown', 'approved')) ORDER BY seq`),
    ).then(([rows, tail]) => [...rows, ...tail.filter((e) => e.type === ACCOUNT_OPENING_TYPE && !rows.some((r) => r.id === e.id)).map((e) => ({ id: e.id }))]);
  }

  async markRejected(id: string, code: string, reason: string): Promise<void> {
    await this.db.run(`UPDATE outbox SET state = 'rejected', reject_code = ?, reject_reason = ?, updated_at = ? WHERE id = ? AND state IN ('pending','sending')`, [code, reason.slice(0, 500), new Date().toISOString(), id]);
  }

  /** The dead letters, newest first, for staff and the technician CLI. */
  async rejected(limit = 100): Promise<OutboxRow[]> {
    return (await this.db.all<RawRow>(`SELECT * FROM outbox WHERE state = 'rejected' ORDER BY seq DESC LIMIT ?`, [limit])).map((r) => toRow(r));
  }

  /**
   * The sync engine's batch forms: every unsettled row with first ≤ seq ≤ last, by rowid range
   * instead of 500 id lookups (2–3× cheaper). Valid because a batch is the lowest unsettled
   * seqs, so no unsettled row in the range is outside it; rejected rows are settled first.
   */
  async markSendingRange(first: number, last: number): Promise<void> {
    await this.db.relaxed(() => this.db.run(`UPDATE outbox SET attempts = attempts + 1, state = 'sending', updated_at = ? WHERE seq BETWEEN ? AND ? AND state IN ('pending','sending')`, [new Date().toISOString(), first, last]));
  }

  async markAckedRange(first: number, last: number): Promise<void> {
    const now = new Date().toISOString();
    await this.db.relaxed(() => this.db.run(`UPDATE outbox SET state = 'acked', acked_at = ?, updated_at = ? WHERE seq BETWEEN ? AND ? AND state IN ('pending','sending')`, [now, now, first, last]));
  }

  /** Unsettled count and amount of one type: the exposure offline rules cap. */
  async exposure(type: string): Promise<{ count: number; amountMinor: number }> {
    const [row, tail] = await this.withTail(() =>
      this.db.get<{ n: number; amount: number }>(`SELECT COUNT(*) AS n, COALESCE(SUM(amount_minor), 0) AS amount FROM outbox WHERE type = ? AND state IN ('pending','sending')`, [type]),
    );
    const mine = tail.filter((e) => e.type === type);
    return { count: (row?.n ?? 0) + mine.length, amountMinor: (row?.amount ?? 0) + mine.reduce((n, e) => n + (e.amountMinor ?? 0), 0) };
  }

  async stats(): Promise<OutboxStats> {
    const [row, tail] = await this.withTail(() =>
      this.db.get<{ pending: number; rejected: number; oldest: string | null }>(
        // Index lookups only: this runs after every sync round, with backlogs of 100,000 rows.
        `SELECT (SELECT COUNT(*) FROM outbox WHERE state IN ('pending','sending')) AS pending,
                (SELECT COUNT(*) FROM outbox WHERE state = 'rejected') AS rejected,
                (SELECT created_at FROM outbox WHERE seq = (SELECT MIN(m) FROM (SELECT MIN(seq) AS m FROM outbox WHERE state = 'pending'
                                                                     UNION ALL SELECT MIN(seq) FROM outbox WHERE state = 'sending'))) AS oldest`,
      ),
    );
    return { pending: (row?.pending ?? 0) + tail.length, rejected: row?.rejected ?? 0, oldestPendingAt: row?.oldest ?? tail[0]?.createdAt ?? null };
  }
}

/** The rows as journal entries numbered from `first`. */
const entriesOf = (rows: readonly PreparedRow[], first: number): JournalEntry[] =>
  rows.map((r, i) => ({ seq: first + i, id: r.id, type: r.type, schemaVersion: r.schemaVersion, payload: r.payload, amountMinor: r.amountMinor, createdAt: r.createdAt }));

/** A journal write that failed; `cleared` settles once its bytes can no longer come back. */
class JournalWriteError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly cleared: Promise<unknown>,
  ) {
    super('outbox journal write failed');
    this.name = 'JournalWriteError';
  }
}

export class OutboxRowMissingError extends Error {
  readonly code = 'OUTBOX_ROW_MISSING';
  constructor(readonly id: string) {
    super(`no outbox row ${id} to keep an answer with`);
    this.name = 'OutboxRowMissingError';
  }
}

export class AnswerConflictError extends Error {
  readonly code = 'ANSWER_CONFLICT';
  constructor(readonly id: string) {
    super(`outbox row ${id} already holds a different final answer`);
    this.name = 'AnswerConflictError';
  }
}

/** A row only the journal holds, as sqlite would return it. */
const rawOf = (e: JournalEntry): RawRow => ({
  seq: e.seq,
  id: e.id,
  type: e.type,
  schema_version: e.schemaVersion,
  payload: e.payload,
  state: 'pending',
  attempts: 0,
  created_at: e.createdAt,
  amount_minor: e.amountMinor,
  reject_code: null,
  reject_reason: null,
});
