// Database rows → wire shapes. The phone number leaves here masked unless the caller says the
// viewer may see it (the owner, on the detail), so a list can never show it by mistake.
import { maskPhone } from '../../protocol/call-back.js';
import { feedbackJourneySchema, feedbackReasonSchema } from '../../protocol/customer-feedback.js';
import { followUpResolutionSchema, type FollowUpCase, type FollowUpNote } from '../../protocol/follow-ups.js';
import { toIsoString, toSafeInteger } from '../storage/row-values.js';

export interface CaseDbRow {
  case_id: string;
  kind: FollowUpCase['kind'];
  kiosk_id: string;
  branch_id: string | null;
  opened_at: unknown;
  due_at: unknown;
  status: FollowUpCase['status'];
  owner_staff_id: string | null;
  owner_name: string | null;
  score: unknown;
  reason: string | null;
  comment: string | null;
  journey: string | null;
  service: string | null;
  reference: string | null;
  phone: string | null;
  contacted_at: unknown;
  closed_at: unknown;
  resolution: string | null;
}

export const CASE_COLUMNS = `c.case_id, c.kind, c.kiosk_id, c.branch_id, c.opened_at, c.due_at, c.status, c.owner_staff_id,
  s.display_name AS owner_name, c.score, c.reason, c.comment, c.journey, c.service, c.reference, c.phone,
  c.contacted_at, c.closed_at, c.resolution`;
export const CASE_FROM = 'follow_up_cases c LEFT JOIN staff_users s ON s.staff_id = c.owner_staff_id';

const isoOrNull = (value: unknown) => (value === null || value === undefined ? null : toIsoString(value));

/** Breached: the deadline passed before the customer was contacted (or closed without contact). */
export function isBreached(dueAtMs: number, contactedAtMs: number | null, closedAtMs: number | null, nowMs: number): boolean {
  return (contactedAtMs ?? closedAtMs ?? nowMs) > dueAtMs;
}

export function toCase(row: CaseDbRow, nowMs: number, showPhone: boolean): FollowUpCase {
  const dueAt = toIsoString(row.due_at);
  const contactedAt = isoOrNull(row.contacted_at);
  const closedAt = isoOrNull(row.closed_at);
  const reason = feedbackReasonSchema.safeParse(row.reason);
  const journey = feedbackJourneySchema.safeParse(row.journey);
  const resolution = followUpResolutionSchema.safeParse(row.resolution);
  return {
    caseId: row.case_id,
    kind: row.kind,
    kioskId: row.kiosk_id,
    branchId: row.branch_id,
    openedAt: toIsoString(row.opened_at),
    dueAt,
    status: row.status,
    breached: isBreached(Date.parse(dueAt), contactedAt ? Date.parse(contactedAt) : null, closedAt ? Date.parse(closedAt) : null, nowMs),
    owner: row.owner_staff_id ? { staffId: row.owner_staff_id, name: row.owner_name ?? '' } : null,
    score: row.score === null ? null : toSafeInteger(row.score),
    reason: reason.success ? reason.data : null,
    comment: row.comment,
    journey: journey.success ? journey.data : null,
    service: row.service,
    reference: row.reference,
    phone: row.phone === null ? null : showPhone ? row.phone : maskPhone(row.phone),
    phoneMasked: row.phone !== null && !showPhone,
    contactedAt,
    closedAt,
    resolution: resolution.success ? resolution.data : null,
  };
}

export interface NoteDbRow {
  note_id: unknown;
  staff_id: string;
  staff_name: string | null;
  text: string;
  at: unknown;
}

export const toNote = (row: NoteDbRow): FollowUpNote => ({ noteId: toSafeInteger(row.note_id), staffId: row.staff_id, staffName: row.staff_name ?? '', text: row.text, at: toIsoString(row.at) });
