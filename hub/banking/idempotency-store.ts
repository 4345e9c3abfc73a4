// The hub's promise for money-moving calls (DESIGN §9): per kiosk and idempotency key (the
// kiosk's outbox row id), the first answer is kept for the retention period (≥ 24 h) and every
// replay gets it back, so a kiosk retrying after a lost reply never causes a second debit.
//
//  - The first call claims the key (an INSERT that only one caller wins, on either engine),
//    runs, then stores its answer. A concurrent call with the same key waits for that answer.
//  - The same key with a different request (operation or request hash) is a conflict.
//  - A claim whose holder died (hub killed mid-call) is taken over after `leaseMs` by one
//    conditional UPDATE; the adapter's own idempotency then answers without a second debit.
//  - An attempt that throws (bank unreachable) releases its claim: nothing was answered, so a
//    retry runs again.
import { createHash, randomUUID } from 'node:crypto';
import type { Queryable } from '../storage/queryable.js';
import { toIsoString } from '../storage/row-values.js';
import { IdempotencyConflictError } from './core-banking-adapter.js';

export const MIN_RETENTION_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_RETENTION_MS = 48 * 60 * 60 * 1000;

export class IdempotencyInProgressError extends Error {
  constructor(readonly idempotencyKey: string) {
    super(`the first call with idempotency key ${idempotencyKey} is still running`);
    this.name = 'IdempotencyInProgressError';
  }
}

export interface IdempotencyOptions {
  /** How long answers are kept; at least 24 h (MIN_RETENTION_MS). */
  retentionMs?: number;
  /** After this long without an answer a claim is presumed dead and taken over. */
  leaseMs?: number;
  /** How long a concurrent caller waits for the first call's answer before IN_PROGRESS. */
  waitMs?: number;
  pollMs?: number;
  now?: () => number;
}

export interface IdempotentCall<T> {
  kioskId: string;
  key: string;
  operation: string;
  /** What makes two calls "the same request": hashed, never stored. */
  request: unknown;
  run: () => Promise<T>;
}

export interface IdempotentAnswer<T> {
  answer: T;
  /** True when this is the stored answer of an earlier call. */
  replayed: boolean;
}

/** JSON with object keys sorted, so equal requests hash equally whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const requestHashOf = (operation: string, request: unknown): string => createHash('sha256').update(operation).update('\u0000').update(canonicalJson(request)).digest('hex');

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Row {
  operation: string;
  request_hash: string;
  answer: unknown;
  claim_token: string;
  claimed_at: unknown;
}

export class IdempotencyStore {
  readonly retentionMs: number;
  private readonly leaseMs: number;
  private readonly waitMs: number;
  private readonly pollMs: number;
  private readonly now: () => number;
  private lastPruneAt = 0;

  constructor(
    private readonly db: Queryable,
    options: IdempotencyOptions = {},
  ) {
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    if (this.retentionMs < MIN_RETENTION_MS) throw new RangeError(`idempotency retention must be at least 24 h (${MIN_RETENTION_MS} ms), got ${this.retentionMs}`);
    this.leaseMs = options.leaseMs ?? 60_000;
    this.waitMs = options.waitMs ?? 15_000;
    this.pollMs = options.pollMs ?? 50;
    this.now = options.now ?? Date.now;
  }

  async run<T>(call: IdempotentCall<T>): Promise<IdempotentAnswer<T>> {
    const hash = requestHashOf(call.operation, call.request);
    const deadline = this.now() + this.waitMs;
    this.pruneNowAndThen();
    for (;;) {
      const token = randomUUID();
      const claimedAt = new Date(this.now()).toISOString();
      const inserted = await this.db.query(
        `INSERT INTO banking_idempotency (kiosk_id, idem_key, operation, request_hash, claim_token, claimed_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (kiosk_id, idem_key) DO NOTHING RETURNING claim_token`,
        [call.kioskId, call.key, call.operation, hash, token, claimedAt],
      );
      if (inserted.rows.length > 0) return { answer: await this.runClaimed(call, token), replayed: false };

      const row = await this.read(call.kioskId, call.key);
      if (!row) {
        // Released (its attempt failed) between the INSERT and the SELECT: claim again.
        if (this.now() >= deadline) throw new IdempotencyInProgressError(call.key);
        continue;
      }
      if (row.operation !== call.operation || row.request_hash !== hash) throw new IdempotencyConflictError(call.key);
      if (row.answer !== null) return { answer: row.answer as T, replayed: true };
      if (Date.parse(toIsoString(row.claimed_at)) + this.leaseMs <= this.now()) {
        const taken = await this.db.query(
          'UPDATE banking_idempotency SET claim_token = $3, claimed_at = $4 WHERE kiosk_id = $1 AND idem_key = $2 AND claim_token = $5 AND answer IS NULL RETURNING claim_token',
          [call.kioskId, call.key, token, claimedAt, row.claim_token],
        );
        if (taken.rows.length > 0) return { answer: await this.runClaimed(call, token), replayed: false };
        continue;
      }
      if (this.now() >= deadline) throw new IdempotencyInProgressError(call.key);
      await sleep(this.pollMs);
    }
  }

  /** The stored answer for this key, without claiming it; null when there is none yet. Throws on a conflicting request. */
  async peek<T>(call: Omit<IdempotentCall<T>, 'run'>): Promise<T | null> {
    const row = await this.read(call.kioskId, call.key);
    if (!row) return null;
    if (row.operation !== call.operation || row.request_hash !== requestHashOf(call.operation, call.request)) throw new IdempotencyConflictError(call.key);
    return row.answer === null ? null : (row.answer as T);
  }

  /** The answer stored under this key whatever the request was; null when none. */
  async answerOf<T>(kioskId: string, key: string): Promise<T | null> {
    const row = await this.read(kioskId, key);
    return row && row.answer !== null ? (row.answer as T) : null;
  }

  /**
   * Where the call with this key stands: never made (or released after a failure), `running`
   * (claimed, no answer, lease not over), `abandoned` (claimed by a holder presumed dead), or
   * `answered`.
   */
  async claimOf(kioskId: string, key: string): Promise<'none' | 'running' | 'abandoned' | 'answered'> {
    const row = await this.read(kioskId, key);
    if (!row) return 'none';
    if (row.answer !== null) return 'answered';
    return Date.parse(toIsoString(row.claimed_at)) + this.leaseMs <= this.now() ? 'abandoned' : 'running';
  }

  /** Forgets answers older than the retention period; returns how many. */
  async prune(): Promise<number> {
    const cutoff = new Date(this.now() - this.retentionMs).toISOString();
    const { rows } = await this.db.query('DELETE FROM banking_idempotency WHERE claimed_at < $1 RETURNING idem_key', [cutoff]);
    return rows.length;
  }

  private async runClaimed<T>(call: IdempotentCall<T>, token: string): Promise<T> {
    let answer: T;
    try {
      answer = await call.run();
    } catch (error) {
      await this.db.query('DELETE FROM banking_idempotency WHERE kiosk_id = $1 AND idem_key = $2 AND claim_token = $3 AND answer IS NULL', [call.kioskId, call.key, token]).catch(() => undefined);
      throw error;
    }
    // If another attempt took the claim over meanwhile, its answer (the same one: the adapter is
    // idempotent too) is stored instead; this caller still gets what the bank said.
    await this.db.query('UPDATE banking_idempotency SET answer = $4, answered_at = $5 WHERE kiosk_id = $1 AND idem_key = $2 AND claim_token = $3', [
      call.kioskId,
      call.key,
      token,
      JSON.stringify(answer),
      new Date(this.now()).toISOString(),
    ]);
    return answer;
  }

  private async read(kioskId: string, key: string): Promise<Row | null> {
    const { rows } = await this.db.query<Row>('SELECT operation, request_hash, answer, claim_token, claimed_at FROM banking_idempotency WHERE kiosk_id = $1 AND idem_key = $2', [kioskId, key]);
    return rows[0] ?? null;
  }

  // Pruning rides on traffic (at most every 10 minutes) instead of a timer nobody stops.
  private pruneNowAndThen(): void {
    const now = this.now();
    if (now - this.lastPruneAt < 10 * 60_000) return;
    this.lastPruneAt = now;
    void this.prune().catch(() => undefined);
  }
}
