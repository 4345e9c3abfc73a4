// Software updates in the shared database: releases (signed once, at publication), rollouts
// (started, paused, resumed, widened — each change audited with who and when), and the
// kiosks' update reports (the latest per kiosk, and the history).
import { kioskInRollout } from '../../../protocol/rollout-eligibility.js';
import {
  releaseSchema,
  signedReleaseSchema,
  updateFailureSchema,
  type ChangeRolloutRequest,
  type Release,
  type Rollout,
  type SignedRelease,
  type UpdateOffer,
  type UpdateReport,
  type VersionsResponse,
} from '../../../protocol/software-updates.js';
import type { Database, Queryable } from '../../storage/queryable.js';
import { toIsoString } from '../../storage/row-values.js';

const jsonOf = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

interface RolloutRow {
  rollout_id: string;
  version: string;
  branches: unknown;
  percentage: number;
  window_from: string;
  window_to: string;
  time_zone: string;
  starts_at: unknown;
  paused: boolean;
}

const ROLLOUT_COLUMNS = 'rollout_id, version, branches, percentage, window_from, window_to, time_zone, starts_at, paused';

function toRollout(row: RolloutRow): Rollout {
  return {
    rolloutId: row.rollout_id,
    version: row.version,
    target: { branches: jsonOf(row.branches) as string[], percentage: Number(row.percentage) },
    window: { from: row.window_from, to: row.window_to, timeZone: row.time_zone },
    startsAt: toIsoString(row.starts_at),
    paused: row.paused,
  };
}

export async function insertRelease(db: Queryable, signed: SignedRelease, by: string, at: Date): Promise<Release | null> {
  const { rows } = await db.query<{ version: string }>(
    'INSERT INTO software_releases (version, channel, signed, created_by, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (version) DO NOTHING RETURNING version',
    [signed.version, signed.channel, JSON.stringify(signed), by, at],
  );
  if (rows.length === 0) return null;
  const { rows: names } = await db.query<{ display_name: string }>('SELECT display_name FROM staff_users WHERE staff_id::text = $1', [by]);
  return { ...signed, createdBy: by, createdByName: names[0]?.display_name ?? null, createdAt: at.toISOString() };
}

export async function listReleases(db: Queryable, limit = 50): Promise<Release[]> {
  const { rows } = await db.query<{ signed: unknown; created_by: string; created_by_name: string | null; created_at: unknown }>(
    `SELECT r.signed, r.created_by, s.display_name AS created_by_name, r.created_at
     FROM software_releases r LEFT JOIN staff_users s ON s.staff_id::text = r.created_by
     ORDER BY r.created_at DESC LIMIT $1`,
    [limit],
  );
  return rows.map((row) => releaseSchema.parse({ ...(jsonOf(row.signed) as object), createdBy: row.created_by, createdByName: row.created_by_name, createdAt: toIsoString(row.created_at) }));
}

async function releaseOf(db: Queryable, version: string): Promise<SignedRelease | null> {
  const { rows } = await db.query<{ signed: unknown }>('SELECT signed FROM software_releases WHERE version = $1', [version]);
  return rows[0] ? signedReleaseSchema.parse(jsonOf(rows[0].signed)) : null;
}

async function audit(tx: Queryable, rolloutId: string, event: 'started' | 'paused' | 'resumed' | 'widened', actor: string, at: Date, detail: object): Promise<void> {
  await tx.query('INSERT INTO software_rollout_audit (rollout_id, event, actor, at, detail) VALUES ($1, $2, $3, $4, $5)', [rolloutId, event, actor, at, JSON.stringify(detail)]);
}

/** Null when no release has this version. */
export async function insertRollout(db: Database, rollout: Rollout, by: string, at: Date): Promise<Rollout | null> {
  return db.transaction(async (tx) => {
    if (!(await releaseOf(tx, rollout.version))) return null;
    await tx.query(
      `INSERT INTO software_rollouts (${ROLLOUT_COLUMNS}, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [rollout.rolloutId, rollout.version, JSON.stringify(rollout.target.branches), rollout.target.percentage, rollout.window.from, rollout.window.to, rollout.window.timeZone, rollout.startsAt, rollout.paused, by, at],
    );
    await audit(tx, rollout.rolloutId, 'started', by, at, { version: rollout.version, ...rollout.target });
    return rollout;
  });
}

export async function listRollouts(db: Queryable, limit = 50): Promise<Rollout[]> {
  const { rows } = await db.query<RolloutRow>(`SELECT ${ROLLOUT_COLUMNS} FROM software_rollouts ORDER BY created_at DESC, rollout_id LIMIT $1`, [limit]);
  return rows.map(toRollout);
}

export type RolloutChange = { ok: true; rollout: Rollout } | { ok: false; why: 'unknown' | 'narrowing' };

/**
 * Pause, resume, widen. Narrowing is refused: kiosks already updated would stay updated while
 * the console claimed otherwise. Pausing is how a rollout stops.
 */
export async function changeRollout(db: Database, rolloutId: string, change: ChangeRolloutRequest, by: string, at: Date): Promise<RolloutChange> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<RolloutRow>(`SELECT ${ROLLOUT_COLUMNS} FROM software_rollouts WHERE rollout_id = $1 FOR UPDATE`, [rolloutId]);
    const row = rows[0];
    if (!row) return { ok: false, why: 'unknown' };
    const before = toRollout(row);
    if (change.percentage !== undefined && change.percentage < before.target.percentage) return { ok: false, why: 'narrowing' };
    const branches = [...new Set([...before.target.branches, ...(change.addBranches ?? [])])];
    const percentage = change.percentage ?? before.target.percentage;
    const paused = change.paused ?? before.paused;
    await tx.query('UPDATE software_rollouts SET branches = $2, percentage = $3, paused = $4 WHERE rollout_id = $1', [rolloutId, JSON.stringify(branches), percentage, paused]);
    if (paused !== before.paused) await audit(tx, rolloutId, paused ? 'paused' : 'resumed', by, at, {});
    if (percentage !== before.target.percentage || branches.length !== before.target.branches.length) {
      await audit(tx, rolloutId, 'widened', by, at, { from: before.target, to: { branches, percentage } });
    }
    return { ok: true, rollout: { ...before, target: { branches, percentage }, paused } };
  });
}

/**
 * What the feed offers a kiosk: the newest rollout that reaches it decides. When that one is
 * paused or has not started the answer is none, not an older rollout's release — pausing a
 * rollout must hold its kiosks where they are, not send them back to the previous release.
 */
export async function offerFor(db: Queryable, kioskId: string, now: Date): Promise<UpdateOffer | null> {
  const { rows: kiosks } = await db.query<{ branch_id: string | null }>(
    'SELECT COALESCE((SELECT branch_id FROM kiosks WHERE kiosk_id = $1), (SELECT branch_id FROM kiosk_keys WHERE kiosk_id = $1)) AS branch_id',
    [kioskId],
  );
  const kiosk = { kioskId, branchId: kiosks[0]?.branch_id ?? null };
  // Rollouts are few (a handful a month); reach is decided here by the same function the kiosk uses.
  const { rows } = await db.query<RolloutRow>(`SELECT ${ROLLOUT_COLUMNS} FROM software_rollouts ORDER BY created_at DESC, rollout_id LIMIT 200`);
  const rollout = rows.map(toRollout).find((candidate) => kioskInRollout(candidate, kiosk));
  if (!rollout || rollout.paused || Date.parse(rollout.startsAt) > now.getTime()) return null;
  const release = await releaseOf(db, rollout.version);
  return release ? { release, rollout } : null;
}

export async function recordReport(db: Database, kioskId: string, report: UpdateReport, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('INSERT INTO kiosk_update_reports (kiosk_id, report, received_at) VALUES ($1, $2, $3)', [kioskId, JSON.stringify(report), now]);
    // Reports may arrive out of order (one resent after the hub was away): the latest by the kiosk's time wins.
    await tx.query(
      `INSERT INTO kiosk_update_state (kiosk_id, current_version, previous_version, target_version, state, reason, reported_at, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (kiosk_id) DO UPDATE SET current_version = EXCLUDED.current_version, previous_version = EXCLUDED.previous_version,
         target_version = EXCLUDED.target_version, state = EXCLUDED.state, reason = EXCLUDED.reason, reported_at = EXCLUDED.reported_at, received_at = EXCLUDED.received_at
       WHERE kiosk_update_state.reported_at <= EXCLUDED.reported_at`,
      [kioskId, report.currentVersion, report.previousVersion, report.targetVersion, report.state, report.reason ?? null, report.at, now],
    );
  });
}

/** Who runs what, per branch: kiosks that never reported count under the version their health report names. */
export async function versionsByBranch(db: Queryable): Promise<VersionsResponse> {
  const { rows } = await db.query<{ branch_id: string | null; version: string | null; kiosks: unknown; rolled_back: unknown; failed: unknown }>(
    `SELECT COALESCE(k.branch_id, kk.branch_id) AS branch_id, COALESCE(s.current_version, h.version, k.version) AS version, count(*) AS kiosks,
            count(*) FILTER (WHERE s.state = 'rolled-back') AS rolled_back, count(*) FILTER (WHERE s.state = 'failed') AS failed
     FROM (SELECT kiosk_id FROM kiosks UNION SELECT kiosk_id FROM kiosk_update_state) ids
     LEFT JOIN kiosks k ON k.kiosk_id = ids.kiosk_id
     LEFT JOIN kiosk_keys kk ON kk.kiosk_id = ids.kiosk_id
     LEFT JOIN kiosk_update_state s ON s.kiosk_id = ids.kiosk_id
     LEFT JOIN fleet_kiosk_health h ON h.kiosk_id = ids.kiosk_id
     GROUP BY 1, 2
     ORDER BY 1 NULLS LAST, 2 NULLS LAST`,
  );
  const branches = new Map<string | null, VersionsResponse['branches'][number]>();
  for (const row of rows) {
    const entry = branches.get(row.branch_id) ?? { branchId: row.branch_id, versions: [], trouble: [] };
    entry.versions.push({ version: row.version ?? 'unknown', kiosks: Number(row.kiosks), rolledBack: Number(row.rolled_back), failed: Number(row.failed) });
    branches.set(row.branch_id, entry);
  }
  // The kiosks behind the rolled-back and failed counts, so the console can name them.
  const { rows: troubled } = await db.query<{ branch_id: string | null; kiosk_id: string; state: 'rolled-back' | 'failed'; reason: string | null; current_version: string; target_version: string | null; reported_at: unknown }>(
    `SELECT COALESCE(k.branch_id, kk.branch_id) AS branch_id, s.kiosk_id, s.state, s.reason, s.current_version, s.target_version, s.reported_at
     FROM kiosk_update_state s
     LEFT JOIN kiosks k ON k.kiosk_id = s.kiosk_id
     LEFT JOIN kiosk_keys kk ON kk.kiosk_id = s.kiosk_id
     WHERE s.state IN ('rolled-back', 'failed')
     ORDER BY s.reported_at DESC, s.kiosk_id
     LIMIT 500`,
  );
  for (const row of troubled) {
    const reason = updateFailureSchema.safeParse(row.reason);
    branches.get(row.branch_id)?.trouble.push({
      kioskId: row.kiosk_id,
      state: row.state,
      reason: reason.success ? reason.data : null,
      currentVersion: row.current_version,
      targetVersion: row.target_version,
      reportedAt: toIsoString(row.reported_at),
    });
  }
  return { branches: [...branches.values()] };
}
