// Read side of the assistance history: one request with everything that happened to it.
// Used by the quality route (who may report on a call) and by reports and tests.
import type { Queryable } from '../../storage/queryable.js';
import { toIsoString, toSafeInteger } from '../../storage/row-values.js';

const isoOrNull = (value: unknown) => (value === null || value === undefined ? null : toIsoString(value));
const intOrNull = (value: unknown) => (value === null || value === undefined ? null : toSafeInteger(value));

export interface SessionHistory {
  sessionId: string;
  staffId: string;
  startedAt: string;
  waitMs: number;
  endedAt: string | null;
  endReason: string | null;
  talkMs: number | null;
  outcome: string | null;
  notes: string | null;
  rating: number | null;
  nps: number | null;
}

export interface RequestHistory {
  requestId: string;
  kioskId: string;
  language: string;
  topic: string;
  priorityClass: string;
  status: string;
  requestedAt: string;
  answeredAt: string | null;
  closedAt: string | null;
  waitMs: number | null;
  outcome: string | null;
  abandonReason: string | null;
  sessions: SessionHistory[];
  transfers: { fromStaffId: string; toStaffId: string | null; note: string | null; at: string }[];
  slaBreaches: { ruleId: string; kind: string; dueAt: string; breachedAt: string }[];
  decisions: { decisionId: string; action: string; decision: string; signature: string }[];
}

type Row = Record<string, unknown>;

async function rowsOf(db: Queryable, sql: string, id: string): Promise<Row[]> {
  return (await db.query<Row>(sql, [id])).rows;
}

export async function requestHistory(db: Queryable, requestId: string): Promise<RequestHistory | null> {
  const [request] = await rowsOf(db, 'SELECT * FROM assist_requests WHERE request_id = $1', requestId);
  if (!request) return null;
  const sessions = await rowsOf(db, 'SELECT * FROM assist_sessions WHERE request_id = $1 ORDER BY started_at', requestId);
  const transfers = await rowsOf(db, 'SELECT * FROM assist_transfers WHERE request_id = $1 ORDER BY transfer_id', requestId);
  const breaches = await rowsOf(db, 'SELECT * FROM assist_sla_breaches WHERE request_id = $1 ORDER BY breached_at, rule_id', requestId);
  const decisions = await rowsOf(
    db,
    'SELECT d.* FROM assist_decisions d JOIN assist_sessions s ON s.session_id = d.session_id WHERE s.request_id = $1 ORDER BY d.decided_at',
    requestId,
  );
  return {
    requestId: String(request.request_id),
    kioskId: String(request.kiosk_id),
    language: String(request.language),
    topic: String(request.topic),
    priorityClass: String(request.priority_class),
    status: String(request.status),
    requestedAt: toIsoString(request.requested_at),
    answeredAt: isoOrNull(request.answered_at),
    closedAt: isoOrNull(request.closed_at),
    waitMs: intOrNull(request.wait_ms),
    outcome: (request.outcome as string | null) ?? null,
    abandonReason: (request.abandon_reason as string | null) ?? null,
    sessions: sessions.map((s) => ({
      sessionId: String(s.session_id),
      staffId: String(s.staff_id),
      startedAt: toIsoString(s.started_at),
      waitMs: toSafeInteger(s.wait_ms),
      endedAt: isoOrNull(s.ended_at),
      endReason: (s.end_reason as string | null) ?? null,
      talkMs: intOrNull(s.talk_ms),
      outcome: (s.outcome as string | null) ?? null,
      notes: (s.notes as string | null) ?? null,
      rating: intOrNull(s.rating),
      nps: intOrNull(s.nps),
    })),
    transfers: transfers.map((t) => ({
      fromStaffId: String(t.from_staff_id),
      toStaffId: (t.to_staff_id as string | null) ?? null,
      note: (t.note as string | null) ?? null,
      at: toIsoString(t.transferred_at),
    })),
    slaBreaches: breaches.map((b) => ({ ruleId: String(b.rule_id), kind: String(b.kind), dueAt: toIsoString(b.due_at), breachedAt: toIsoString(b.breached_at) })),
    decisions: decisions.map((d) => ({ decisionId: String(d.decision_id), action: String(d.action), decision: String(d.decision), signature: String(d.signature) })),
  };
}

export async function sessionParties(db: Queryable, sessionId: string): Promise<{ kioskId: string; staffId: string } | null> {
  const { rows } = await db.query<{ kiosk_id: string; staff_id: string }>('SELECT kiosk_id, staff_id FROM assist_sessions WHERE session_id = $1', [sessionId]);
  const row = rows[0];
  return row ? { kioskId: row.kiosk_id, staffId: row.staff_id } : null;
}
