// The webhook outbox: one row per alert event, written with the alert change itself, sent by
// whichever instance claims it first (a lease in claimed_until; SKIP LOCKED so instances do
// not queue behind each other). One alert's events leave in order: a row waits while an
// earlier one of the same alert is still pending.
import type { AlertNotice, WebhookBody } from '../../protocol/fleet-alerts.js';
import type { Queryable } from '../storage/queryable.js';
import { toSafeInteger } from '../storage/row-values.js';

export interface ClaimedDelivery {
  seq: number;
  deliveryId: string;
  body: string;
  attempts: number;
}

export async function enqueueDelivery(tx: Queryable, notice: AlertNotice, at: Date): Promise<string> {
  const deliveryId = globalThis.crypto.randomUUID();
  const body: WebhookBody = { deliveryId, ...notice };
  await tx.query(
    `INSERT INTO fleet_webhook_deliveries (delivery_id, alert_id, body, state, created_at, next_attempt_at) VALUES ($1, $2, $3, 'pending', $4, $4)`,
    [deliveryId, notice.alert.alertId, JSON.stringify(body), at],
  );
  return deliveryId;
}

export async function claimDue(db: Queryable, now: Date, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
  const { rows } = await db.query<{ seq: unknown; delivery_id: string; body: string; attempts: unknown }>(
    `UPDATE fleet_webhook_deliveries SET claimed_until = $2
     WHERE seq IN (
       SELECT x.seq FROM fleet_webhook_deliveries x
       WHERE x.state = 'pending' AND x.next_attempt_at <= $1 AND (x.claimed_until IS NULL OR x.claimed_until < $1)
         AND NOT EXISTS (SELECT 1 FROM fleet_webhook_deliveries y WHERE y.alert_id = x.alert_id AND y.state = 'pending' AND y.seq < x.seq)
       ORDER BY x.seq LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING seq, delivery_id, body, attempts`,
    [now, new Date(now.getTime() + leaseMs), limit],
  );
  return rows.map((row) => ({ seq: toSafeInteger(row.seq), deliveryId: row.delivery_id, body: row.body, attempts: toSafeInteger(row.attempts) }));
}

export async function markDelivered(db: Queryable, seq: number, at: Date): Promise<void> {
  await db.query(`UPDATE fleet_webhook_deliveries SET state = 'delivered', delivered_at = $2, attempts = attempts + 1, claimed_until = NULL, last_error = NULL WHERE seq = $1`, [seq, at]);
}

/** `retryAt` null: out of attempts, the row stays as `failed` for an operator to look at. */
export async function markAttemptFailed(db: Queryable, seq: number, retryAt: Date | null, error: string): Promise<void> {
  await db.query(
    `UPDATE fleet_webhook_deliveries SET attempts = attempts + 1, claimed_until = NULL, last_error = $3,
       state = CASE WHEN $2::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
       next_attempt_at = COALESCE($2::timestamptz, next_attempt_at)
     WHERE seq = $1`,
    [seq, retryAt, error.slice(0, 500)],
  );
}

export async function deliveryCounts(db: Queryable): Promise<Record<'pending' | 'delivered' | 'failed', number>> {
  const { rows } = await db.query<{ state: 'pending' | 'delivered' | 'failed'; n: unknown }>('SELECT state, count(*) AS n FROM fleet_webhook_deliveries GROUP BY state');
  const counts = { pending: 0, delivered: 0, failed: 0 };
  for (const row of rows) counts[row.state] = toSafeInteger(row.n);
  return counts;
}

/** Delivered rows older than `before` go (failed ones stay for an operator). Idempotent. */
export async function pruneDelivered(db: Queryable, before: Date): Promise<void> {
  await db.query(`DELETE FROM fleet_webhook_deliveries WHERE state = 'delivered' AND delivered_at < $1`, [before]);
}
