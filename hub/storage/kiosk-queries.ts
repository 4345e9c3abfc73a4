// The fleet registry: kiosks register themselves, then every sync marks them as seen.
import type { KioskSummary, RegisterKioskRequest, RegisterKioskResponse } from '../../protocol/hub-api.js';
import { namedStatement, type Queryable } from './queryable.js';
import { toIsoString, toSafeInteger } from './row-values.js';

interface RegisteredRow {
  kiosk_id: string;
  branch_id: string;
  registered_at: unknown;
}

interface SummaryRow extends RegisteredRow {
  name: string | null;
  version: string | null;
  last_seen_at: unknown;
  backlog_hint: number | null;
  last_seq: unknown;
}

export interface Registration {
  kiosk: RegisterKioskResponse;
  created: boolean;
}

function toRegistered(row: RegisteredRow): RegisterKioskResponse {
  return { kioskId: row.kiosk_id, branchId: row.branch_id, registeredAt: toIsoString(row.registered_at) };
}

// The branch decides which config and catalogs a kiosk pulls, so it is never the kiosk's to
// choose: it comes from the kiosk's enrollment (kiosk_keys.branch_id, set by the admin who
// issued the code). Only a kiosk enrolled without a branch (or a hub with auth off) names
// its branch, at its first registration, and cannot change it later; an admin moves a
// kiosk by enrolling it again with a code for the new branch.
const ENROLLED_BRANCH = '(SELECT branch_id FROM kiosk_keys WHERE kiosk_id = $1)';

/**
 * Insert-or-update in two statements rather than one upsert, so "was it new?" comes from
 * which statement matched instead of from system-column tricks.
 */
export async function registerKiosk(db: Queryable, input: RegisterKioskRequest): Promise<Registration> {
  const params = [input.kioskId, input.branchId, input.name ?? null, input.version ?? null];
  const inserted = await db.query<RegisteredRow>(
    `INSERT INTO kiosks (kiosk_id, branch_id, name, version) VALUES ($1, COALESCE(${ENROLLED_BRANCH}, $2), $3, $4)
     ON CONFLICT (kiosk_id) DO NOTHING
     RETURNING kiosk_id, branch_id, registered_at`,
    params,
  );
  if (inserted.rows[0]) return { kiosk: toRegistered(inserted.rows[0]), created: true };
  // Omitted optional fields keep what the hub already knows; the branch follows the
  // enrollment, whatever the kiosk sent.
  const updated = await db.query<RegisteredRow>(
    `UPDATE kiosks SET branch_id = COALESCE(${ENROLLED_BRANCH}, branch_id), name = COALESCE($2, name), version = COALESCE($3, version), last_seen_at = now()
     WHERE kiosk_id = $1
     RETURNING kiosk_id, branch_id, registered_at`,
    [input.kioskId, input.name ?? null, input.version ?? null],
  );
  const row = updated.rows[0];
  if (!row) throw new Error(`kiosk ${input.kioskId} vanished during registration`);
  return { kiosk: toRegistered(row), created: false };
}

/**
 * Marks the kiosk as seen and, inside a transaction, locks its row until commit: this is
 * what serialises concurrent batches of one kiosk. Returns false for an unknown kiosk.
 */
// Every transaction batch runs it (prepared per connection, queryable.ts).
const TOUCH = namedStatement(
  'hub_touch_kiosk',
  `UPDATE kiosks SET last_seen_at = now(), backlog_hint = COALESCE($2, backlog_hint)
   WHERE kiosk_id = $1 RETURNING kiosk_id`,
);

export async function touchKiosk(db: Queryable, kioskId: string, backlogHint: number | undefined): Promise<boolean> {
  const { rows } = await db.query<{ kiosk_id: string }>(TOUCH, [kioskId, backlogHint ?? null]);
  return rows.length === 1;
}

export async function kioskExists(db: Queryable, kioskId: string): Promise<boolean> {
  const { rows } = await db.query<{ kiosk_id: string }>('SELECT kiosk_id FROM kiosks WHERE kiosk_id = $1', [kioskId]);
  return rows.length === 1;
}

export async function listKiosks(db: Queryable): Promise<KioskSummary[]> {
  const { rows } = await db.query<SummaryRow>(
    `SELECT k.kiosk_id, k.branch_id, k.name, k.version, k.registered_at, k.last_seen_at, k.backlog_hint,
            COALESCE((SELECT max(t.seq) FROM kiosk_transactions t WHERE t.kiosk_id = k.kiosk_id), 0) AS last_seq
     FROM kiosks k ORDER BY k.kiosk_id`,
  );
  return rows.map((row) => ({
    ...toRegistered(row),
    name: row.name,
    version: row.version,
    lastSeenAt: toIsoString(row.last_seen_at),
    lastSeq: toSafeInteger(row.last_seq),
    ...(row.backlog_hint === null ? {} : { backlogHint: row.backlog_hint }),
  }));
}
