// The kiosk's outbox: one durable row per business transaction, numbered by a per-kiosk
// sequence, waiting to reach the hub. Rows are never deleted here; the sync engine moves
// them to `acked` or to the visible dead-letter state `rejected`.
import { v7 as uuidv7 } from 'uuid';
import type { SqliteDb } from './sqlite.node.js';

export type OutboxState = 'pending' | 'sending' | 'acked' | 'rejected';

export interface OutboxRow {
  seq: number;
  id: string;
  type: string;
  schemaVersion: number;
  payload: Record<string, unknown>;
  state: OutboxState;
  attempts: number;
  createdAt: string;
  rejectCode: string | null;
  rejectReason: string | null;
}

interface RawRow {
  seq: number;
  id: string;
  type: string;
  schema_version: number;
  payload: string;
  state: OutboxState;
  attempts: number;
  created_at: string;
  reject_code: string | null;
  reject_reason: string | null;
}

const toRow = (r: RawRow): OutboxRow => ({
  seq: r.seq,
  id: r.id,
  type: r.type,
  schemaVersion: r.schema_version,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
  state: r.state,
  attempts: r.attempts,
  createdAt: r.created_at,
  rejectCode: r.reject_code,
  rejectReason: r.reject_reason,
});

export interface OutboxStats {
  pending: number;
  rejected: number;
  oldestPendingAt: string | null;
}

export class Outbox {
  constructor(private readonly db: SqliteDb) {}

  /** Must run inside a `db.transaction` when it belongs to a larger business change. */
  async insert(type: string, payload: Record<string, unknown>, schemaVersion = 1): Promise<{ id: string; seq: number }> {
    const id = uuidv7();
    const now = new Date().toISOString();
    const { lastID } = await this.db.run(
      `INSERT INTO outbox (id, type, schema_version, payload, state, created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)`,
      [id, type, schemaVersion, JSON.stringify(payload), now, now],
    );
    return { id, seq: lastID };
  }

  enqueue(type: string, payload: Record<string, unknown>, schemaVersion = 1): Promise<{ id: string; seq: number }> {
    return this.db.transaction(() => this.insert(type, payload, schemaVersion));
  }

  async pending(limit: number): Promise<OutboxRow[]> {
    const rows = await this.db.all<RawRow>(`SELECT * FROM outbox WHERE state IN ('pending', 'sending') ORDER BY seq LIMIT ?`, [limit]);
    return rows.map(toRow);
  }

  async byId(id: string): Promise<OutboxRow | undefined> {
    const row = await this.db.get<RawRow>('SELECT * FROM outbox WHERE id = ?', [id]);
    return row ? toRow(row) : undefined;
  }

  async markAttempt(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const marks = ids.map(() => '?').join(',');
    await this.db.run(`UPDATE outbox SET attempts = attempts + 1, state = 'sending', updated_at = ? WHERE id IN (${marks})`, [new Date().toISOString(), ...ids]);
  }

  async markAcked(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const marks = ids.map(() => '?').join(',');
    await this.db.run(`UPDATE outbox SET state = 'acked', updated_at = ? WHERE id IN (${marks})`, [new Date().toISOString(), ...ids]);
  }

  async markRejected(id: string, code: string, reason: string): Promise<void> {
    await this.db.run(`UPDATE outbox SET state = 'rejected', reject_code = ?, reject_reason = ?, updated_at = ? WHERE id = ?`, [code, reason.slice(0, 500), new Date().toISOString(), id]);
  }

  async stats(): Promise<OutboxStats> {
    const row = await this.db.get<{ pending: number; rejected: number; oldest: string | null }>(
      `SELECT SUM(state IN ('pending','sending')) AS pending, SUM(state = 'rejected') AS rejected,
              MIN(CASE WHEN state IN ('pending','sending') THEN created_at END) AS oldest FROM outbox`,
    );
    return { pending: row?.pending ?? 0, rejected: row?.rejected ?? 0, oldestPendingAt: row?.oldest ?? null };
  }
}
