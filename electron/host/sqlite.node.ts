// Promise wrapper over sqlite3 with the durability settings the outbox relies on: WAL and
// synchronous=FULL, so a statement that resolved has reached the disk.
//
// One connection serves the whole host, and sqlite3 would happily interleave a statement of
// one async flow into another flow's open transaction (a sync-engine read could then see,
// and send, a ticket row that is about to be rolled back). So every call outside a
// transaction waits its turn on one queue, and calls made inside `transaction()`/`exclusive()`
// — recognised through AsyncLocalStorage — run directly on the connection they own.
import { AsyncLocalStorage } from 'node:async_hooks';
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import sqlite3 from 'sqlite3';
import { BridgeError } from '../bridge/contract.js';

export type SqlValue = string | number | bigint | null | Buffer;

/** The disk (or the configured page limit) is full; the failed statement changed nothing. */
export class DiskFullError extends BridgeError {
  constructor(cause: Error) {
    super('STORAGE_FULL', `local store is full: ${cause.message}`);
    this.cause = cause;
    this.name = 'DiskFullError';
  }
}

/**
 * The store holds customer transactions: readable by the kiosk user only. SQLite creates the
 * -wal and -shm files with the database file's mode, so creating that one 0600 (before SQLite
 * does, with 0644) covers all three; files an older version made wider are narrowed.
 */
function ownerOnly(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) if (existsSync(f)) chmodSync(f, 0o600);
}

/** A plain SELECT, which writes nothing (a statement that may write starts otherwise: INSERT, WITH … INSERT, PRAGMA). */
const isQuery = (sql: string): boolean => /^\s*SELECT\b/i.test(sql);

const isFull = (err: Error): boolean => /SQLITE_FULL|database or disk is full/i.test(`${(err as { code?: string }).code ?? ''} ${err.message}`);
const wrap = (err: Error): Error => (isFull(err) ? new DiskFullError(err) : err);

export class SqliteDb {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly owner = new AsyncLocalStorage<true>();

  private constructor(private readonly db: sqlite3.Database) {}

  static async open(file: string): Promise<SqliteDb> {
    if (file !== ':memory:') ownerOnly(file);
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const handle = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(handle)));
    });
    const wrapped = new SqliteDb(db);
    db.configure('busyTimeout', 5_000);
    // The WAL keeps its default size and is never truncated: after the first checkpoint a commit
    // overwrites blocks the file already has, so its fdatasync carries no file-size metadata.
    await wrapped.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;');
    return wrapped;
  }

  exec(sql: string): Promise<void> {
    return this.turn(() => new Promise((resolve, reject) => this.db.exec(sql, (err) => (err ? reject(wrap(err)) : resolve()))));
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number; lastID: number }> {
    return this.turn(
      () =>
        new Promise((resolve, reject) =>
          this.db.run(sql, params, function (this: sqlite3.RunResult, err: Error | null) {
            if (err) reject(wrap(err));
            else resolve({ changes: this.changes, lastID: this.lastID });
          }),
        ),
    );
  }

  get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.turn(() => new Promise((resolve, reject) => this.db.get(sql, params, (err, row) => (err ? reject(wrap(err)) : resolve(row as T | undefined)))), isQuery(sql));
  }

  all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.turn(() => new Promise((resolve, reject) => this.db.all(sql, params, (err, rows) => (err ? reject(wrap(err)) : resolve(rows as T[])))), isQuery(sql));
  }

  private readonly statements = new Map<string, sqlite3.Statement>();

  /**
   * `all` through a statement prepared once and kept: sqlite3's one-shot `run`/`all` cost three
   * thread-pool round trips each (prepare, step, finalize); a kept statement costs one. For the
   * few hot statements (the outbox INSERT per group size); the cache is bounded.
   */
  allPrepared<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.turn(async () => {
      let stmt = this.statements.get(sql);
      if (!stmt) {
        if (this.statements.size >= 64) return new Promise<T[]>((resolve, reject) => this.db.all(sql, params, (err, rows) => (err ? reject(wrap(err)) : resolve(rows as T[]))));
        stmt = await new Promise<sqlite3.Statement>((resolve, reject) => {
          const prepared = this.db.prepare(sql, (err) => (err ? reject(wrap(err)) : resolve(prepared)));
        });
        this.statements.set(sql, stmt);
      }
      const kept = stmt;
      return new Promise<T[]>((resolve, reject) => kept.all(params, (err: Error | null, rows: unknown[]) => (err ? reject(wrap(err)) : resolve(rows as T[]))));
    });
  }

  /**
   * Runs `work` with the connection to itself and no transaction of its own: for one
   * statement that is atomic anyway (an autocommit multi-row INSERT is one transaction and
   * one fsync, where BEGIN/INSERT/COMMIT costs three thread-pool round trips).
   */
  exclusive<T>(work: () => Promise<T>, options: { background?: boolean } = {}): Promise<T> {
    if (this.owner.getStore()) return work();
    const next = this.queue.then(() => this.owner.run(true, work));
    this.queue = next.catch(() => undefined);
    if (options.background) return next;
    this.foreground += 1;
    const done = () => {
      this.foreground -= 1;
    };
    next.then(done, done);
    return next;
  }

  /**
   * Exclusive work queued or running that was not started as `background`: while there is
   * none, the connection is free or held only by background work (the outbox journal's drain),
   * so the journal may append without waiting its turn (see outbox.node.ts).
   */
  get foregroundIdle(): boolean {
    return this.foreground === 0;
  }

  private foreground = 0;

  /**
   * Runs `work` exclusively with synchronous=NORMAL: its commits skip the fsync (the WAL is
   * still synced by the next FULL commit or checkpoint). Only for writes that are safe to lose
   * in a power cut — e.g. settling outbox rows, which at worst are resent and answered
   * `duplicate` — never for anything a customer was told is done, unless it is made durable
   * another way before the customer is told (the outbox journal, outbox-journal.node.ts).
   */
  relaxed<T>(work: () => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      // The connection stays at NORMAL after relaxed work and goes back to FULL only before the
      // next statement that is not relaxed (see `turn`): a run of relaxed writes — the
      // journaled outbox inserts, settling batches — costs no PRAGMA round trips.
      if (!this.syncRelaxed) {
        await this.raw('PRAGMA synchronous=NORMAL');
        this.syncRelaxed = true;
      }
      this.relaxedDepth += 1;
      try {
        return await work();
      } finally {
        this.relaxedDepth -= 1;
      }
    });
  }

  private syncRelaxed = false;
  private relaxedDepth = 0;
  private readonly closers: (() => Promise<void>)[] = [];
  private before: (() => Promise<void> | undefined) | null = null;
  private inBefore = false;
  private transactionDepth = 0;

  /**
   * `hook` runs before every statement issued outside a transaction (with the connection held,
   * and not again for the statements it issues itself): the outbox journal puts the rows it
   * has acknowledged but not yet written into sqlite there, so that every reader — the sync
   * engine, stats, diagnostics, a business transaction — sees them. It returns undefined when
   * it has nothing to do, so an idle hook costs no await. Never inside `transaction()`: rows
   * written there would vanish with a rollback.
   */
  beforeStatement(hook: () => Promise<void> | undefined): void {
    this.before = hook;
  }

  /** Runs the `beforeStatement` hook as the next statement would (not inside a transaction). */
  beforeStatementNow(): Promise<void> {
    return this.exclusive(async () => {
      await this.runBefore();
    });
  }

  /** The hook's work, or undefined when it has none (no await on the hot path). */
  private runBefore(): Promise<void> | undefined {
    if (!this.before || this.inBefore || this.transactionDepth > 0) return undefined;
    this.inBefore = true;
    let pending: Promise<void> | undefined;
    try {
      pending = this.before();
    } finally {
      if (!pending) this.inBefore = false;
    }
    return pending?.finally(() => {
      this.inBefore = false;
    });
  }

  /** Runs before the connection closes (e.g. the outbox journal closes its file). */
  onClose(fn: () => Promise<void>): void {
    this.closers.push(fn);
  }

  private raw(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(sql, (err) => (err ? reject(wrap(err)) : resolve())));
  }

  /**
   * Runs `fn` outside any transaction context it was called from. AsyncLocalStorage follows
   * everything a transaction spawns (timers, un-awaited promises), so work that must wait its
   * turn — a group-commit flush, a sync round kicked by a new row — is started through here.
   */
  detached<T>(fn: () => T): T {
    // exit() switches the process's async hooks off and on again, costly on a hot path
    // (every enqueue's flush): only when there is a context to leave.
    return this.owner.getStore() ? this.owner.exit(fn) : fn();
  }

  /** One write transaction; nothing else touches the connection until it ends. */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      await this.exec('BEGIN IMMEDIATE');
      this.transactionDepth += 1;
      try {
        const result = await work();
        await this.exec('COMMIT');
        return result;
      } catch (err) {
        await this.exec('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        this.transactionDepth -= 1;
      }
    });
  }

  close(): Promise<void> {
    return this.exclusive(async () => {
      for (const fn of this.closers.splice(0)) await fn();
      for (const stmt of this.statements.values()) await new Promise<void>((resolve) => stmt.finalize(() => resolve()));
      this.statements.clear();
      await new Promise<void>((resolve, reject) => this.db.close((err) => (err ? reject(err) : resolve())));
    });
  }

  private turn<T>(call: () => Promise<T>, query = false): Promise<T> {
    return this.exclusive(async () => {
      const before = this.runBefore();
      if (before) await before;
      // Every statement outside relaxed work runs at FULL again, so a commit that resolves has
      // reached the disk, whatever relaxed work ran before it. A query commits nothing: the
      // switch waits for the next statement that may write.
      if (this.syncRelaxed && this.relaxedDepth === 0 && !query) {
        await this.raw('PRAGMA synchronous=FULL');
        this.syncRelaxed = false;
      }
      return call();
    });
  }
}
