// The kiosk's outbox: one durable row per business transaction, numbered by a per-kiosk
// sequence, waiting to reach the hub. Rows are never deleted here; the sync engine moves
// them to `acked` or to the visible dead-letter state `rejected`.
//
// Group commit: `enqueue` queues the prepared row and a flush writes everything queued as
// ONE multi-row INSERT — one autocommit transaction, one WAL fsync, one thread-pool round
// trip — and resolves each caller only after that commit. A lone caller pays one fsync, as
// with raw write+fsync; a hundred concurrent callers share one.
import { v7 as uuidv7 } from 'uuid';
import { FieldDecryptError, type FieldCipher } from './field-crypto.node.js';
import { assertNoCardData } from './outbox-guard.js';
import { INSERT_COLUMNS, ROW_PLACEHOLDERS, hasSealedFields, rowParams, toRow, type EnqueueOptions, type OutboxRow, type OutboxStats, type PreparedRow, type RawRow } from './outbox-rows.js';
import type { SqliteDb } from './sqlite.node.js';

export type { EnqueueOptions, OutboxRow, OutboxState, OutboxStats } from './outbox-rows.js';

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

interface Waiting {
  row: PreparedRow;
  resolve: (r: { id: string; seq: number }) => void;
  reject: (e: unknown) => void;
}

export class Outbox {
  private waiting: Waiting[] = [];
  private flushing = false;

  constructor(
    private readonly db: SqliteDb,
    private readonly opts: OutboxOptions = {},
  ) {}

  /** Inside a `db.transaction` that holds a larger business change (e.g. a ticket). */
  async insert(type: string, payload: Record<string, unknown>, options: EnqueueOptions | number = {}): Promise<{ id: string; seq: number }> {
    const row = await this.prepare(type, payload, options);
    const { lastID } = await this.db.run(`INSERT INTO outbox ${INSERT_COLUMNS} VALUES ${ROW_PLACEHOLDERS}`, rowParams(row));
    // No onCommitted here: the enclosing transaction has not committed (and may roll back);
    // its owner wakes the sync engine afterwards (TicketService.onEnqueued).
    return { id: row.id, seq: lastID };
  }

  /** Resolves once the row is durable (committed with synchronous=FULL). */
  async enqueue(type: string, payload: Record<string, unknown>, options: EnqueueOptions | number = {}): Promise<{ id: string; seq: number }> {
    const row = await this.prepare(type, payload, options);
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        // A microtask, so a lone enqueue costs no extra event-loop turn; enqueues issued together
        // still join (their continuations run first), and those arriving while a flush waits on
        // the disk form the next group. Detached: an enqueue made inside someone's open
        // transaction must not join that transaction.
        this.db.detached(() => queueMicrotask(() => void this.flush()));
      }
    });
  }

  private async prepare(type: string, payload: Record<string, unknown>, options: EnqueueOptions | number): Promise<PreparedRow> {
    const o: EnqueueOptions = typeof options === 'number' ? { schemaVersion: options } : options;
    assertNoCardData(payload);
    const amountMinor = o.amountMinor ?? null;
    if (!o.bypassAdmission && this.opts.admit) await this.opts.admit({ type, amountMinor });
    const id = uuidv7();
    const fields = this.opts.sensitiveFields?.(type) ?? [];
    const sealed = this.opts.cipher && fields.length > 0 ? await this.opts.cipher.seal(id, payload, fields) : payload;
    return { id, type, schemaVersion: o.schemaVersion ?? 1, payload: JSON.stringify(sealed), amountMinor, createdAt: new Date().toISOString() };
  }

  private async flush(): Promise<void> {
    const max = this.opts.maxGroup ?? 500;
    while (this.waiting.length > 0) {
      const group = this.waiting.splice(0, max);
      try {
        const values = group.map(() => ROW_PLACEHOLDERS).join(',');
        const returned = await this.db.allPrepared<{ id: string; seq: number }>(`INSERT INTO outbox ${INSERT_COLUMNS} VALUES ${values} RETURNING id, seq`, group.flatMap((w) => rowParams(w.row)));
        const seqOf = new Map(returned.map((r) => [r.id, r.seq]));
        this.committed(group.length);
        for (const w of group) w.resolve({ id: w.row.id, seq: seqOf.get(w.row.id) ?? -1 });
      } catch (err) {
        // The statement is atomic: none of the group was stored, so each caller may retry.
        for (const w of group) w.reject(err);
      }
    }
    this.flushing = false;
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
    const row = await this.db.get<{ n: number }>(`SELECT (SELECT COUNT(*) FROM outbox WHERE state = 'pending') + (SELECT COUNT(*) FROM outbox WHERE state = 'sending') AS n`);
    return row?.n ?? 0;
  }

  /** Oldest unsettled rows first, sensitive fields opened for sending. */
  async pending(limit: number, afterSeq = 0): Promise<OutboxRow[]> {
    // One ordered index range per state, each stopping after `limit`: `state IN (…) ORDER BY
    // seq` would sort the whole backlog for every batch, quadratic over a 100,000-row drain.
    const raw = await this.db.all<RawRow>(
      `SELECT * FROM (SELECT * FROM outbox WHERE state = 'sending' AND seq > ?2 ORDER BY seq LIMIT ?1)
       UNION ALL SELECT * FROM (SELECT * FROM outbox WHERE state = 'pending' AND seq > ?2 ORDER BY seq LIMIT ?1)
       ORDER BY seq LIMIT ?1`,
      [limit, afterSeq],
    );
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

  /** The row as stored (sensitive fields still sealed). */
  async byId(id: string): Promise<OutboxRow | undefined> {
    const row = await this.db.get<RawRow>('SELECT * FROM outbox WHERE id = ?', [id]);
    return row ? toRow(row) : undefined;
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
    const row = await this.db.get<{ n: number; amount: number }>(`SELECT COUNT(*) AS n, COALESCE(SUM(amount_minor), 0) AS amount FROM outbox WHERE type = ? AND state IN ('pending','sending')`, [type]);
    return { count: row?.n ?? 0, amountMinor: row?.amount ?? 0 };
  }

  async stats(): Promise<OutboxStats> {
    const row = await this.db.get<{ pending: number; rejected: number; oldest: string | null }>(
      // Index lookups only: this runs after every sync round, with backlogs of 100,000 rows.
      `SELECT (SELECT COUNT(*) FROM outbox WHERE state IN ('pending','sending')) AS pending,
              (SELECT COUNT(*) FROM outbox WHERE state = 'rejected') AS rejected,
              (SELECT created_at FROM outbox WHERE seq = (SELECT MIN(m) FROM (SELECT MIN(seq) AS m FROM outbox WHERE state = 'pending'
                                                                   UNION ALL SELECT MIN(seq) FROM outbox WHERE state = 'sending'))) AS oldest`,
    );
    return { pending: row?.pending ?? 0, rejected: row?.rejected ?? 0, oldestPendingAt: row?.oldest ?? null };
  }
}
