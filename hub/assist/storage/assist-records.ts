// The assistance history in SQL: requests, the calls that served them, transfers, SLA
// breaches, dispositions, ratings and authorization decisions. Times are the hub clock's.
import type { Queryable } from '../../storage/queryable.js';
import type { CallEndReason, DispositionOutcome, HelpFlags, Language, PriorityClass, SlaKind, Topic } from '../../../protocol/assist-values.js';

const iso = (ms: number) => new Date(ms).toISOString();

export type RequestOutcome = 'served' | 'cancelled' | 'abandoned' | 'dropped';

export interface OpenedRequest {
  requestId: string;
  kioskId: string;
  language: Language;
  topic: Topic;
  priorityClass: PriorityClass;
  flags: HelpFlags;
  journeyStep: string;
  requestedAt: number;
}

export async function insertRequest(db: Queryable, r: OpenedRequest): Promise<void> {
  await db.query(
    `INSERT INTO assist_requests (request_id, kiosk_id, language, topic, priority_class, flags, journey_step, status, requested_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, 'waiting', $8::timestamptz)`,
    [r.requestId, r.kioskId, r.language, r.topic, r.priorityClass, JSON.stringify(r.flags), r.journeyStep, iso(r.requestedAt)],
  );
}

export interface StartedSession {
  sessionId: string;
  requestId: string;
  kioskId: string;
  staffId: string;
  startedAt: number;
  /** Since the customer (last) started waiting for this expert. */
  waitMs: number;
}

export async function insertSession(db: Queryable, s: StartedSession): Promise<void> {
  // The request's wait is the first one only: a transfer does not rewrite it.
  await db.query(
    `UPDATE assist_requests SET status = 'in-call', answered_at = COALESCE(answered_at, $2::timestamptz),
       wait_ms = COALESCE(wait_ms, (extract(epoch FROM $2::timestamptz - requested_at) * 1000)::bigint)
     WHERE request_id = $1`,
    [s.requestId, iso(s.startedAt)],
  );
  await db.query(
    `INSERT INTO assist_sessions (session_id, request_id, kiosk_id, staff_id, started_at, wait_ms)
     VALUES ($1, $2, $3, $4, $5::timestamptz, $6)`,
    [s.sessionId, s.requestId, s.kioskId, s.staffId, iso(s.startedAt), Math.round(s.waitMs)],
  );
}

export async function endSession(db: Queryable, sessionId: string, at: number, reason: CallEndReason): Promise<void> {
  await db.query(
    `UPDATE assist_sessions SET ended_at = $2::timestamptz, end_reason = $3,
       talk_ms = (extract(epoch FROM $2::timestamptz - started_at) * 1000)::bigint
     WHERE session_id = $1 AND ended_at IS NULL`,
    [sessionId, iso(at), reason],
  );
}

export async function markWaiting(db: Queryable, requestId: string): Promise<void> {
  await db.query(`UPDATE assist_requests SET status = 'waiting' WHERE request_id = $1 AND status <> 'closed'`, [requestId]);
}

export async function closeRequest(db: Queryable, requestId: string, at: number, outcome: RequestOutcome, abandonReason?: string): Promise<void> {
  await db.query(
    `UPDATE assist_requests SET status = 'closed', closed_at = $2::timestamptz, outcome = $3, abandon_reason = $4,
       wait_ms = COALESCE(wait_ms, (extract(epoch FROM $2::timestamptz - requested_at) * 1000)::bigint)
     WHERE request_id = $1 AND status <> 'closed'`,
    [requestId, iso(at), outcome, abandonReason ?? null],
  );
}

export interface TransferRecord {
  requestId: string;
  fromSessionId: string;
  fromStaffId: string;
  /** Null: any supervisor. */
  toStaffId: string | null;
  note?: string | undefined;
  at: number;
}

export async function insertTransfer(db: Queryable, t: TransferRecord): Promise<void> {
  await db.query(
    `INSERT INTO assist_transfers (request_id, from_session_id, from_staff_id, to_staff_id, note, transferred_at)
     VALUES ($1, $2, $3, $4, $5, $6::timestamptz)`,
    [t.requestId, t.fromSessionId, t.fromStaffId, t.toStaffId, t.note ?? null, iso(t.at)],
  );
}

export interface BreachRecord {
  requestId: string;
  ruleId: string;
  kind: SlaKind;
  dueAt: number;
  breachedAt: number;
}

export async function insertBreach(db: Queryable, b: BreachRecord): Promise<void> {
  await db.query(
    `INSERT INTO assist_sla_breaches (request_id, rule_id, kind, due_at, breached_at)
     VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz) ON CONFLICT DO NOTHING`,
    [b.requestId, b.ruleId, b.kind, iso(b.dueAt), iso(b.breachedAt)],
  );
}

/** False when the session is not this expert's. */
export type DispositionResult = 'recorded' | 'not-yours' | 'already-recorded';

/**
 * Once only: a recorded outcome and notes are what the expert said at the time, so a later
 * write (the expert, or someone holding their session) cannot rewrite the record.
 */
export async function setDisposition(db: Queryable, sessionId: string, staffId: string, outcome: DispositionOutcome, notes: string, at: number): Promise<DispositionResult> {
  const { rows } = await db.query<{ session_id: string }>(
    `UPDATE assist_sessions SET outcome = $3, notes = $4, disposed_at = $5::timestamptz
     WHERE session_id = $1 AND staff_id = $2 AND disposed_at IS NULL RETURNING session_id`,
    [sessionId, staffId, outcome, notes, iso(at)],
  );
  if (rows.length === 1) return 'recorded';
  const existing = await db.query<{ session_id: string }>('SELECT session_id FROM assist_sessions WHERE session_id = $1 AND staff_id = $2', [sessionId, staffId]);
  return existing.rows.length === 1 ? 'already-recorded' : 'not-yours';
}

/** False when the session is not this kiosk's or was rated already. */
export async function setRating(db: Queryable, sessionId: string, kioskId: string, rating: number | null, nps: number | undefined, at: number): Promise<boolean> {
  const { rows } = await db.query<{ session_id: string }>(
    `UPDATE assist_sessions SET rating = $3, nps = $4, rated_at = $5::timestamptz
     WHERE session_id = $1 AND kiosk_id = $2 AND rated_at IS NULL RETURNING session_id`,
    [sessionId, kioskId, rating, nps ?? null, iso(at)],
  );
  return rows.length === 1;
}

export interface DecisionRecord {
  decisionId: string;
  sessionId: string;
  authRequestId: string;
  staffId: string;
  kioskId: string;
  action: string;
  decision: 'approve' | 'decline';
  reason?: string | undefined;
  decidedAt: number;
  signature: string;
}

/** False when this authorization request was already decided. */
export async function insertDecision(db: Queryable, d: DecisionRecord): Promise<boolean> {
  const { rows } = await db.query<{ decision_id: string }>(
    `INSERT INTO assist_decisions (decision_id, session_id, auth_request_id, staff_id, kiosk_id, action, decision, reason, decided_at, signature)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz, $10)
     ON CONFLICT (session_id, auth_request_id) DO NOTHING RETURNING decision_id`,
    [d.decisionId, d.sessionId, d.authRequestId, d.staffId, d.kioskId, d.action, d.decision, d.reason ?? null, iso(d.decidedAt), d.signature],
  );
  return rows.length === 1;
}
