// The account applications table (hub migration 25) and the decision that moves one. Personal
// data arrives and leaves sealed (application-seal.node.ts); these queries never see it in clear.
import type { ApplicationStatus, SignedDecision } from '../../protocol/account-opening.js';
import { ACCOUNT_OPEN_ACTION } from '../../protocol/account-opening.js';
import type { Queryable } from '../storage/queryable.js';
import { toIsoString } from '../storage/row-values.js';

export interface ApplicationRow {
  applicationId: string;
  kioskId: string;
  branchId: string;
  status: ApplicationStatus;
  locale: 'zh-CN' | 'en';
  sealed: string;
  filedAt: string;
  decision: SignedDecision | null;
  openClaimedAt: number | null;
  opened: { accountId: string; maskedAccount: string; reference: string } | null;
}

interface RawRow {
  application_id: string;
  kiosk_id: string;
  branch_id: string;
  status: ApplicationStatus;
  locale: 'zh-CN' | 'en';
  sealed: string;
  filed_at: unknown;
  open_claimed_at: unknown;
  opened: ApplicationRow['opened'] | string | null;
  decision_id: string | null;
  decision: 'approve' | 'decline' | null;
  decision_at: unknown;
  signature: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toRow(r: RawRow): ApplicationRow {
  const opened = typeof r.opened === 'string' ? (JSON.parse(r.opened) as ApplicationRow['opened']) : r.opened;
  return {
    applicationId: r.application_id,
    kioskId: r.kiosk_id,
    branchId: r.branch_id,
    status: r.status,
    locale: r.locale,
    sealed: r.sealed,
    filedAt: toIsoString(r.filed_at),
    decision:
      r.decision_id && r.decision && r.signature && r.decision_at !== null
        ? { decisionId: r.decision_id, decision: r.decision, decidedAt: toIsoString(r.decision_at), signature: r.signature }
        : null,
    openClaimedAt: r.open_claimed_at === null ? null : Date.parse(toIsoString(r.open_claimed_at)),
    opened,
  };
}

const SELECT = `SELECT a.application_id, a.kiosk_id, a.branch_id, a.status, a.locale, a.sealed, a.filed_at, a.open_claimed_at, a.opened,
  d.decision_id, d.decision, d.decided_at AS decision_at, d.signature
  FROM account_applications a LEFT JOIN assist_decisions d ON d.decision_id = a.decision_id`;

export async function applicationById(db: Queryable, applicationId: string): Promise<ApplicationRow | null> {
  if (!UUID.test(applicationId)) return null;
  const { rows } = await db.query<RawRow>(`${SELECT} WHERE a.application_id = $1`, [applicationId]);
  return rows[0] ? toRow(rows[0]) : null;
}

export interface NewApplication {
  applicationId: string;
  kioskId: string;
  documentKind: 'cn-id' | 'passport';
  locale: 'zh-CN' | 'en';
  sealed: string;
  filedAt: Date;
}

/** False when the id was filed already (by this kiosk or another). The branch is the kiosk's enrolled one. */
export async function insertApplication(db: Queryable, a: NewApplication): Promise<boolean> {
  const { rows } = await db.query<{ application_id: string }>(
    `INSERT INTO account_applications (application_id, kiosk_id, branch_id, status, document_kind, locale, sealed, filed_at)
     VALUES ($1, $2, COALESCE((SELECT branch_id FROM kiosks WHERE kiosk_id = $2), (SELECT branch_id FROM kiosk_keys WHERE kiosk_id = $2), ''), 'filed', $3, $4, $5, $6)
     ON CONFLICT (application_id) DO NOTHING RETURNING application_id`,
    [a.applicationId, a.kioskId, a.documentKind, a.locale, a.sealed, a.filedAt.toISOString()],
  );
  return rows.length === 1;
}

/** Filed or approved, and not being opened right now (a claim older than `staleBefore` is dead): withdrawn. */
export async function withdrawApplication(db: Queryable, applicationId: string, kioskId: string, reason: string, at: Date, staleBefore: Date): Promise<void> {
  await db.query(
    `UPDATE account_applications SET status = 'withdrawn', withdrawn_at = $4, withdraw_reason = $3
     WHERE application_id = $1 AND kiosk_id = $2 AND status IN ('filed', 'approved') AND (open_claimed_at IS NULL OR open_claimed_at < $5)`,
    [applicationId, kioskId, reason, at.toISOString(), staleBefore.toISOString()],
  );
}

/** Takes the right to ask the bank: an approved application nobody is opening (or whose opener died). */
export async function claimOpening(db: Queryable, applicationId: string, at: Date, staleBefore: Date): Promise<boolean> {
  const { rows } = await db.query<{ application_id: string }>(
    `UPDATE account_applications SET open_claimed_at = $2
     WHERE application_id = $1 AND status = 'approved' AND (open_claimed_at IS NULL OR open_claimed_at < $3) RETURNING application_id`,
    [applicationId, at.toISOString(), staleBefore.toISOString()],
  );
  return rows.length === 1;
}

export async function releaseOpening(db: Queryable, applicationId: string): Promise<void> {
  await db.query(`UPDATE account_applications SET open_claimed_at = NULL WHERE application_id = $1 AND status = 'approved'`, [applicationId]);
}

export async function markOpened(db: Queryable, applicationId: string, opened: NonNullable<ApplicationRow['opened']>, at: Date): Promise<void> {
  await db.query(`UPDATE account_applications SET status = 'opened', opened = $2, opened_at = $3, open_claimed_at = NULL WHERE application_id = $1 AND status = 'approved'`, [
    applicationId,
    JSON.stringify(opened),
    at.toISOString(),
  ]);
}

export async function recordView(db: Queryable, applicationId: string, staffId: string, at: Date): Promise<void> {
  await db.query('INSERT INTO account_application_views (application_id, staff_id, viewed_at) VALUES ($1, $2, $3)', [applicationId, staffId, at.toISOString()]);
}

/**
 * The recorded expert decision moves a filed application, in the transaction that records it
 * (called by the assistance store with that transaction's client): approve → approved, decline →
 * declined. Only the first decision counts, only for its own kiosk's application, and a
 * withdrawn application stays withdrawn — an approval after the customer left opens nothing.
 */
export async function applyApplicationDecision(tx: Queryable, d: { decisionId: string; authRequestId: string; kioskId: string; action: string; decision: 'approve' | 'decline'; decidedAt: number }): Promise<void> {
  if (d.action !== ACCOUNT_OPEN_ACTION || !UUID.test(d.authRequestId)) return;
  await tx.query(
    `UPDATE account_applications SET status = $4, decision_id = $2, decided_at = $5
     WHERE application_id = $1 AND kiosk_id = $3 AND status = 'filed'`,
    [d.authRequestId, d.decisionId, d.kioskId, d.decision === 'approve' ? 'approved' : 'declined', new Date(d.decidedAt).toISOString()],
  );
}
