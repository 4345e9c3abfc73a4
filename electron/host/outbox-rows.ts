// Row shapes of the outbox table and their mapping; kept apart so the outbox stays small.
import { z } from 'zod';
import { maskedAccountSchema, signedDecisionSchema, withdrawReasonSchema } from '../../protocol/account-opening.js';

export type OutboxState = 'pending' | 'sending' | 'acked' | 'rejected';

/**
 * The bank's answer to a money-moving row, as the customer was told it: approved with the
 * reference on the receipt, declined with the bank's reason code, or pending (stored to forward).
 */
/**
 * How a card issue ended (card replacement): `activated` / `voided` as the bank confirmed, or
 * `send-taken` / `send-not-taken` while that completion still has to reach the bank.
 */
export const completionSchema = z.enum(['activated', 'voided', 'send-taken', 'send-not-taken']);
export type Completion = z.infer<typeof completionSchema>;

export const outboxAnswerSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('approved'), reference: z.string().regex(/^[A-Z0-9-]{6,40}$/), completion: completionSchema.optional() }).strict(),
  z.object({ outcome: z.literal('declined'), reason: z.string().regex(/^[a-z0-9-]{1,64}$/) }).strict(),
  z.object({ outcome: z.literal('pending'), completion: completionSchema.optional() }).strict(),
]);
export type OutboxAnswer = z.infer<typeof outboxAnswerSchema>;

/**
 * How far an account application got (an `account.opening` row, issue 11): ids, status, the
 * expert's signed decision and the bank's answer — never the personal data. `withdraw-pending`:
 * the kiosk gave up and the hub has not confirmed the withdrawal yet. `opened-unattended`: the
 * hub had opened it when the kiosk withdrew it (a kill between the opening and its answer).
 */
export const applicationProgressSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('filed') }).strict(),
  z.object({ status: z.literal('unknown') }).strict(),
  z.object({ status: z.literal('refused'), reason: z.string().regex(/^[a-z0-9-]{1,64}$/) }).strict(),
  z.object({ status: z.enum(['approved', 'declined']), decision: signedDecisionSchema }).strict(),
  z.object({ status: z.literal('opened'), reference: z.string().regex(/^[A-Z0-9-]{6,40}$/), maskedAccount: maskedAccountSchema, decision: signedDecisionSchema.optional() }).strict(),
  z.object({ status: z.literal('withdraw-pending'), reason: withdrawReasonSchema }).strict(),
  z.object({ status: z.literal('withdrawn') }).strict(),
  z.object({ status: z.literal('opened-unattended') }).strict(),
]);
export type ApplicationProgress = z.infer<typeof applicationProgressSchema>;
/** An application's ends: the row is never changed after one. */
export const FINAL_APPLICATION_STATUSES = ['opened', 'opened-unattended', 'withdrawn', 'declined', 'refused'] as const;

export interface OutboxRow {
  seq: number;
  id: string;
  type: string;
  schemaVersion: number;
  /** Parsed on first read: a 100,000-row drain sends the stored text and never needs objects. */
  readonly payload: Record<string, unknown>;
  /** The payload as stored (sensitive fields sealed) or, from `pending()`, as it will be sent. */
  payloadJson: string;
  state: OutboxState;
  attempts: number;
  createdAt: string;
  amountMinor: number | null;
  rejectCode: string | null;
  rejectReason: string | null;
  /** The bank's answer, once the journey had it; null for rows that move no money or before it. */
  answer: OutboxAnswer | null;
  answeredAt: string | null;
}

export interface RawRow {
  seq: number;
  id: string;
  type: string;
  schema_version: number;
  payload: string;
  state: OutboxState;
  attempts: number;
  created_at: string;
  amount_minor: number | null;
  reject_code: string | null;
  reject_reason: string | null;
  answer?: string | null;
  answered_at?: string | null;
}

/** A stored answer that no longer parses (a hand-edited store) reads as none rather than failing the row. */
const answerOf = (text: string | null | undefined): OutboxAnswer | null => {
  if (!text) return null;
  try {
    const parsed = outboxAnswerSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

export const toRow = (r: RawRow, payloadJson = r.payload): OutboxRow => {
  let parsed: Record<string, unknown> | null = null;
  return {
    seq: r.seq,
    id: r.id,
    type: r.type,
    schemaVersion: r.schema_version,
    get payload() {
      return (parsed ??= JSON.parse(payloadJson) as Record<string, unknown>);
    },
    payloadJson,
    state: r.state,
    attempts: r.attempts,
    createdAt: r.created_at,
    amountMinor: r.amount_minor,
    rejectCode: r.reject_code,
    rejectReason: r.reject_reason,
    answer: answerOf(r.answer),
    answeredAt: r.answered_at ?? null,
  };
};

export interface OutboxStats {
  pending: number;
  rejected: number;
  oldestPendingAt: string | null;
}

export interface EnqueueOptions {
  schemaVersion?: number;
  /** Amount in minor units (fen, cents), for offline cumulative limits; null when none. */
  amountMinor?: number | null;
  /** Skips admission (back-pressure): only for the small alert that reports the limit itself. */
  bypassAdmission?: boolean;
}

/** A row ready for INSERT: checked, sealed and numbered by id. */
export interface PreparedRow {
  id: string;
  type: string;
  schemaVersion: number;
  payload: string;
  amountMinor: number | null;
  createdAt: string;
}

export const INSERT_COLUMNS = '(id, type, schema_version, payload, state, amount_minor, created_at, updated_at)';
export const ROW_PLACEHOLDERS = "(?, ?, ?, ?, 'pending', ?, ?, ?)";
/** The same with the seq given: the journaled flush numbers its rows itself. */
export const SEQ_INSERT_COLUMNS = '(seq, id, type, schema_version, payload, state, amount_minor, created_at, updated_at)';
export const SEQ_ROW_PLACEHOLDERS = "(?, ?, ?, ?, ?, 'pending', ?, ?, ?)";
/** Whether a stored payload holds sealed fields: only those rows need parsing before sending. */
export const hasSealedFields = (payloadJson: string): boolean => payloadJson.includes('"$enc"');

export const rowParams = (r: PreparedRow) => [r.id, r.type, r.schemaVersion, r.payload, r.amountMinor, r.createdAt, r.createdAt];
