// A branch's counters: created and re-skilled by supervisors, opened and closed by tellers
// through counter-actions.ts.
import { randomUUID } from 'node:crypto';
import type { Counter, CreateCounterRequest, UpdateCounterRequest } from '../../protocol/branch-queue.js';
import type { Queryable } from '../storage/queryable.js';
import { COUNTER_COLUMNS, counterOf, type CounterRow } from './ticket-rows.js';

/** Counters change the estimates too: an event moves the branch queue's version (migration 12). */
export async function recordCounterChange(db: Queryable, counter: Pick<Counter, 'branchId' | 'counterId'>, tellerId: string | null, nowMs: number): Promise<void> {
  await db.query(
    `INSERT INTO branch_queue_events (branch_id, kind, counter_id, teller_id, at_ms) VALUES ($1, 'counter-changed', $2, $3, $4)`,
    [counter.branchId, counter.counterId, tellerId, nowMs],
  );
}

export type CounterWrite = { ok: true; counter: Counter } | { ok: false; problem: 'NAME_TAKEN' | 'NOT_FOUND' };

export async function createCounter(db: Queryable, branchId: string, input: CreateCounterRequest, nowMs: number): Promise<CounterWrite> {
  const { rows } = await db.query<CounterRow>(
    `INSERT INTO branch_counters (counter_id, branch_id, name, services, updated_at_ms)
     VALUES ($1, $2, $3, $4::jsonb, $5)
     ON CONFLICT (branch_id, name) DO NOTHING RETURNING ${COUNTER_COLUMNS}`,
    [randomUUID(), branchId, input.name, JSON.stringify([...new Set(input.services)]), nowMs],
  );
  if (!rows[0]) return { ok: false, problem: 'NAME_TAKEN' };
  const counter = counterOf(rows[0]);
  await recordCounterChange(db, counter, null, nowMs);
  return { ok: true, counter };
}

export async function updateCounter(db: Queryable, counterId: string, patch: UpdateCounterRequest, nowMs: number): Promise<CounterWrite> {
  try {
    const { rows } = await db.query<CounterRow>(
      `UPDATE branch_counters SET name = COALESCE($2, name), services = COALESCE($3::jsonb, services), updated_at_ms = $4
       WHERE counter_id = $1 RETURNING ${COUNTER_COLUMNS}`,
      [counterId, patch.name ?? null, patch.services ? JSON.stringify([...new Set(patch.services)]) : null, nowMs],
    );
    if (!rows[0]) return { ok: false, problem: 'NOT_FOUND' };
    const counter = counterOf(rows[0]);
    await recordCounterChange(db, counter, null, nowMs);
    return { ok: true, counter };
  } catch (err) {
    // 23505: the new name is another counter's at this branch.
    if (typeof err === 'object' && err !== null && 'code' in err && err.code === '23505') return { ok: false, problem: 'NAME_TAKEN' };
    throw err;
  }
}

export async function listCounters(db: Queryable, branchId: string): Promise<Counter[]> {
  const { rows } = await db.query<CounterRow>(`SELECT ${COUNTER_COLUMNS} FROM branch_counters WHERE branch_id = $1 ORDER BY name`, [branchId]);
  return rows.map(counterOf);
}

export async function counterById(db: Queryable, counterId: string, forUpdate = false): Promise<Counter | null> {
  const { rows } = await db.query<CounterRow>(`SELECT ${COUNTER_COLUMNS} FROM branch_counters WHERE counter_id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [counterId]);
  return rows[0] ? counterOf(rows[0]) : null;
}
