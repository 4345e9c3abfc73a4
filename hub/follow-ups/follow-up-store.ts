// The follow-up cases staff work on: list (masked), detail (phone in full for the owner only,
// audited), take, note, status. State lives only in the database, each change in one
// statement guarded by its precondition, so two hub instances (or two staff members pressing
// "take" together) cannot both win.
import { FOLLOW_UP_MOVES, type FollowUpCase, type FollowUpDetail, type FollowUpListQuery, type FollowUpStatusRequest, type VoiceReportQuery, type VoiceReportRow } from '../../protocol/follow-ups.js';
import type { Clock } from '../assist/clock.js';
import type { Database, Queryable } from '../storage/queryable.js';
import { voiceReport } from './voice-report.js';
import { CASE_COLUMNS, CASE_FROM, toCase, toNote, type CaseDbRow, type NoteDbRow } from './follow-up-rows.js';

export type FollowUpOutcome<T> = { ok: true; value: T } | { ok: false; status: 404 | 409; code: 'NOT_FOUND' | 'CONFLICT'; message: string };

export interface FollowUpStore {
  list(query: FollowUpListQuery): Promise<FollowUpCase[]>;
  detail(caseId: string, viewerStaffId: string): Promise<FollowUpOutcome<FollowUpDetail>>;
  take(caseId: string, staffId: string): Promise<FollowUpOutcome<FollowUpCase>>;
  addNote(caseId: string, staffId: string, text: string): Promise<FollowUpOutcome<FollowUpDetail>>;
  setStatus(caseId: string, staffId: string, change: FollowUpStatusRequest): Promise<FollowUpOutcome<FollowUpCase>>;
  report(query: VoiceReportQuery): Promise<VoiceReportRow[]>;
}

const notFound = { ok: false, status: 404, code: 'NOT_FOUND', message: 'no such follow-up case' } as const;
const conflict = (message: string) => ({ ok: false, status: 409, code: 'CONFLICT', message }) as const;
const iso = (ms: number) => new Date(ms).toISOString();

async function caseRow(db: Queryable, caseId: string): Promise<CaseDbRow | null> {
  const { rows } = await db.query<CaseDbRow>(`SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} WHERE c.case_id = $1`, [caseId]);
  return rows[0] ?? null;
}

async function audit(db: Queryable, caseId: string, staffId: string, event: 'taken' | 'noted' | 'status' | 'phone-revealed', at: number, detail: object | null = null): Promise<void> {
  await db.query('INSERT INTO follow_up_audit (case_id, staff_id, event, at, detail) VALUES ($1, $2, $3, $4, $5)', [caseId, staffId, event, iso(at), detail === null ? null : JSON.stringify(detail)]);
}

export function createFollowUpStore(db: Database, clock: Pick<Clock, 'now'>): FollowUpStore {
  const detail = async (caseId: string, viewerStaffId: string): Promise<FollowUpOutcome<FollowUpDetail>> => {
    const now = clock.now();
    const row = await caseRow(db, caseId);
    if (!row) return notFound;
    const showPhone = row.phone !== null && row.owner_staff_id === viewerStaffId;
    // Showing a customer's number in full is a disclosure someone may have to account for.
    if (showPhone) await audit(db, caseId, viewerStaffId, 'phone-revealed', now);
    const { rows: notes } = await db.query<NoteDbRow>(
      `SELECT n.note_id, n.staff_id, s.display_name AS staff_name, n.text, n.at
       FROM follow_up_notes n LEFT JOIN staff_users s ON s.staff_id = n.staff_id WHERE n.case_id = $1 ORDER BY n.note_id`,
      [caseId],
    );
    return { ok: true, value: { ...toCase(row, now, showPhone), notes: notes.map(toNote) } };
  };

  return {
    async list({ status, breached, limit }) {
      const now = clock.now();
      const filters: string[] = [];
      const params: unknown[] = [];
      if (status) filters.push(`c.status = $${params.push(status)}`);
      if (breached !== undefined) {
        const nowParam = `$${params.push(iso(now))}::timestamptz`;
        const breach = `COALESCE(c.contacted_at, c.closed_at, ${nowParam}) > c.due_at`;
        filters.push(breached ? breach : `NOT (${breach})`);
      }
      const where = filters.length > 0 ? `WHERE ${filters.join(' AND ')}` : '';
      const { rows } = await db.query<CaseDbRow>(`SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} ${where} ORDER BY c.due_at, c.case_id LIMIT $${params.push(limit)}`, params);
      return rows.map((row) => toCase(row, now, false));
    },

    detail,

    report: (query) => voiceReport(db, query),

    async take(caseId, staffId) {
      const now = clock.now();
      const { rows } = await db.query<{ case_id: string }>(
        `UPDATE follow_up_cases SET owner_staff_id = $2, taken_at = $3
         WHERE case_id = $1 AND status <> 'closed' AND (owner_staff_id IS NULL OR owner_staff_id = $2) RETURNING case_id`,
        [caseId, staffId, iso(now)],
      );
      const row = await caseRow(db, caseId);
      if (!row) return notFound;
      if (rows.length === 0) return conflict(row.status === 'closed' ? 'this case is closed' : `this case is taken by ${row.owner_name ?? 'someone else'}`);
      await audit(db, caseId, staffId, 'taken', now);
      return { ok: true, value: toCase(row, now, false) };
    },

    async addNote(caseId, staffId, text) {
      const now = clock.now();
      if (!(await caseRow(db, caseId))) return notFound;
      await db.query('INSERT INTO follow_up_notes (case_id, staff_id, text, at) VALUES ($1, $2, $3, $4)', [caseId, staffId, text, iso(now)]);
      // The audit says a note was added; its text lives in the notes only.
      await audit(db, caseId, staffId, 'noted', now);
      return detail(caseId, staffId);
    },

    async setStatus(caseId, staffId, { status, resolution }) {
      const now = clock.now();
      const before = await caseRow(db, caseId);
      if (!before) return notFound;
      if (before.owner_staff_id !== staffId) return conflict('take the case before changing its status');
      if (!FOLLOW_UP_MOVES[before.status].includes(status)) return conflict(`a ${before.status} case cannot become ${status}`);
      const { rows } = await db.query<{ case_id: string }>(
        `UPDATE follow_up_cases SET status = $3,
           contacted_at = CASE WHEN $3 = 'contacted' THEN $4::timestamptz ELSE contacted_at END,
           closed_at = CASE WHEN $3 = 'closed' THEN $4::timestamptz ELSE closed_at END,
           resolution = CASE WHEN $3 = 'closed' THEN $5 ELSE resolution END
         WHERE case_id = $1 AND status = $2 AND owner_staff_id = $6 RETURNING case_id`,
        [caseId, before.status, status, iso(now), resolution ?? null, staffId],
      );
      if (rows.length === 0) return conflict('the case changed meanwhile; reload it');
      await audit(db, caseId, staffId, 'status', now, { from: before.status, to: status, ...(resolution ? { resolution } : {}) });
      const after = await caseRow(db, caseId);
      return after ? { ok: true, value: toCase(after, now, false) } : notFound;
    },
  };
}
