// How feedback and call-back requests enter the hub's books: from the kiosk's synced
// transactions, inside the ingest transaction, so a case exists exactly when its transaction
// is stored (a hub killed in between loses neither). Keyed by (kiosk, transaction): a replay
// adds nothing. A payload that does not parse stays in the transaction log only.
import { CALLBACK_TRANSACTION_TYPE, callbackPayloadSchema } from '../../protocol/call-back.js';
import { FEEDBACK_TRANSACTION_TYPE, FOLLOW_UP_MAX_SCORE, feedbackPayloadSchema } from '../../protocol/customer-feedback.js';
import type { TransactionItem } from '../../protocol/hub-api.js';
import type { Queryable } from '../storage/queryable.js';

export const DEFAULT_FOLLOW_UP_SLA_MS = 24 * 3600_000;

export interface FollowUpPolicy {
  /** How long staff have to contact the customer after the case opens. */
  slaMs: number;
}

export const DEFAULT_FOLLOW_UP_POLICY: FollowUpPolicy = { slaMs: DEFAULT_FOLLOW_UP_SLA_MS };

/** A kiosk clock running ahead must not push a deadline later than the hub saw the case. */
const openedAt = (kioskTime: string, nowMs: number): number => Math.min(Date.parse(kioskTime), nowMs);
const iso = (ms: number) => new Date(ms).toISOString();

interface CaseRow {
  case_id: string;
  kind: 'detractor' | 'call-back';
  tx_id: string;
  opened_at: string;
  due_at: string;
  score: number | null;
  reason: string | null;
  comment: string | null;
  journey: string | null;
  service: string | null;
  reference: string | null;
  phone: string | null;
}

interface FeedbackRow {
  tx_id: string;
  feedback_id: string;
  journey: string;
  service: string;
  score: number;
  reason: string | null;
  comment: string | null;
  reference: string | null;
  locale: string;
  given_at: string;
}

function rowsOf(stored: readonly TransactionItem[], nowMs: number, policy: FollowUpPolicy): { feedback: FeedbackRow[]; cases: CaseRow[] } {
  const feedback: FeedbackRow[] = [];
  const cases: CaseRow[] = [];
  for (const item of stored) {
    if (item.type === FEEDBACK_TRANSACTION_TYPE) {
      const parsed = feedbackPayloadSchema.safeParse(item.payload);
      if (!parsed.success) continue;
      const p = parsed.data;
      feedback.push({ tx_id: item.id, feedback_id: p.feedbackId, journey: p.journey, service: p.service, score: p.score, reason: p.reason ?? null, comment: p.comment ?? null, reference: p.reference ?? null, locale: p.locale, given_at: p.givenAt });
      if (p.score <= FOLLOW_UP_MAX_SCORE) {
        const opened = openedAt(p.givenAt, nowMs);
        cases.push({ case_id: globalThis.crypto.randomUUID(), kind: 'detractor', tx_id: item.id, opened_at: iso(opened), due_at: iso(opened + policy.slaMs), score: p.score, reason: p.reason ?? null, comment: p.comment ?? null, journey: p.journey, service: p.service, reference: p.reference ?? null, phone: p.phone ?? null });
      }
    } else if (item.type === CALLBACK_TRANSACTION_TYPE) {
      const parsed = callbackPayloadSchema.safeParse(item.payload);
      if (!parsed.success) continue;
      const p = parsed.data;
      const opened = openedAt(p.requestedAt, nowMs);
      cases.push({ case_id: globalThis.crypto.randomUUID(), kind: 'call-back', tx_id: item.id, opened_at: iso(opened), due_at: iso(opened + policy.slaMs), score: null, reason: null, comment: null, journey: 'video-call', service: p.topic, reference: p.reference, phone: p.phone });
    }
  }
  return { feedback, cases };
}

/** Stores the feedback among a kiosk's newly stored items and opens their follow-up cases. */
export async function enterFeedbackAndCallbacks(
  db: Queryable,
  kioskId: string,
  stored: readonly TransactionItem[],
  nowMs: number,
  policy: FollowUpPolicy = DEFAULT_FOLLOW_UP_POLICY,
): Promise<{ feedback: number; cases: number }> {
  const { feedback, cases } = rowsOf(stored, nowMs, policy);
  if (feedback.length > 0) {
    await db.query(
      `INSERT INTO customer_feedback (kiosk_id, tx_id, feedback_id, branch_id, journey, service, score, reason, comment, reference, locale, given_at)
       SELECT $1, r.tx_id, r.feedback_id, (SELECT branch_id FROM kiosks WHERE kiosk_id = $1), r.journey, r.service, r.score, r.reason, r.comment, r.reference, r.locale, r.given_at
       FROM jsonb_to_recordset($2::jsonb) AS r(tx_id uuid, feedback_id uuid, journey text, service text, score smallint, reason text, comment text, reference text, locale text, given_at timestamptz)
       ON CONFLICT DO NOTHING`,
      [kioskId, JSON.stringify(feedback)],
    );
  }
  if (cases.length > 0) {
    await db.query(
      `INSERT INTO follow_up_cases (case_id, kind, kiosk_id, tx_id, branch_id, opened_at, due_at, score, reason, comment, journey, service, reference, phone)
       SELECT r.case_id, r.kind, $1, r.tx_id, (SELECT branch_id FROM kiosks WHERE kiosk_id = $1), r.opened_at, r.due_at, r.score, r.reason, r.comment, r.journey, r.service, r.reference, r.phone
       FROM jsonb_to_recordset($2::jsonb) AS r(case_id uuid, kind text, tx_id uuid, opened_at timestamptz, due_at timestamptz, score smallint, reason text, comment text, journey text, service text, reference text, phone text)
       ON CONFLICT DO NOTHING`,
      [kioskId, JSON.stringify(cases)],
    );
  }
  return { feedback: feedback.length, cases: cases.length };
}
