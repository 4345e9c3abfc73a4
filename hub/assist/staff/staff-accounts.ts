// Staff accounts and their sessions in SQL, over either engine. Times come from the caller's
// clock rather than `now()`, so expiry is testable on a fake clock and consistent across
// hub instances that agree on time.
import type { Queryable } from '../../storage/queryable.js';
import { toIsoString, toSafeInteger } from '../../storage/row-values.js';
import { languageSchema, topicSchema, type Language, type StaffRole, type Topic } from '../../../protocol/assist-values.js';

export interface StaffRecord {
  staffId: string;
  username: string;
  displayName: string;
  role: StaffRole;
  languages: Language[];
  topics: Topic[];
}

export interface StaffCredentials extends StaffRecord {
  passwordHash: string;
  totpSecret: string;
  totpLastStep: number;
}

interface StaffRow {
  staff_id: string;
  username: string;
  display_name: string;
  role: StaffRole;
  languages: unknown;
  topics: unknown;
}

interface CredentialRow extends StaffRow {
  password_hash: string;
  totp_secret: string;
  totp_last_step: unknown;
}

const STAFF_COLUMNS = 'u.staff_id, u.username, u.display_name, u.role, u.languages, u.topics';

function toRecord(row: StaffRow): StaffRecord {
  return {
    staffId: row.staff_id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    // Parsed, not cast: a hand-edited row must not smuggle an unknown skill into routing.
    languages: languageSchema.array().catch([]).parse(row.languages),
    topics: topicSchema.array().catch([]).parse(row.topics),
  };
}

/** An account as an admin's list shows it (never a hash or secret). */
export interface StaffListing extends StaffRecord {
  disabled: boolean;
  createdAt: string;
}

/** Every account, or the one `staffId` names. */
export async function listStaff(db: Queryable, staffId?: string): Promise<StaffListing[]> {
  const { rows } = await db.query<StaffRow & { disabled: boolean; created_at: unknown }>(
    `SELECT ${STAFF_COLUMNS}, u.disabled, u.created_at FROM staff_users u WHERE $1::uuid IS NULL OR u.staff_id = $1::uuid
     ORDER BY u.disabled, lower(u.display_name), u.username`,
    [staffId ?? null],
  );
  return rows.map((row) => ({ ...toRecord(row), disabled: row.disabled, createdAt: toIsoString(row.created_at) }));
}

/**
 * Disables or enables an account. 'last-admin': disabling the only enabled admin is refused
 * (nobody could manage accounts any more); checked in the same statement as the change.
 */
export async function setDisabled(db: Queryable, staffId: string, disabled: boolean): Promise<'changed' | 'not-found' | 'last-admin'> {
  const { rows } = await db.query<{ staff_id: string }>(
    `UPDATE staff_users u SET disabled = $2
     WHERE u.staff_id = $1
       AND (NOT $2 OR u.role <> 'admin' OR (SELECT count(*) FROM staff_users a WHERE a.role = 'admin' AND NOT a.disabled AND a.staff_id <> $1) > 0)
     RETURNING u.staff_id`,
    [staffId, disabled],
  );
  if (rows.length === 1) return 'changed';
  const { rows: exists } = await db.query<{ staff_id: string }>('SELECT staff_id FROM staff_users WHERE staff_id = $1', [staffId]);
  return exists.length === 1 ? 'last-admin' : 'not-found';
}

/** A new password and authenticator secret (the code counter starts again); false: no such account. */
export async function replaceSignIn(db: Queryable, staffId: string, passwordHash: string, sealedTotpSecret: string): Promise<boolean> {
  const { rows } = await db.query<{ staff_id: string }>(
    'UPDATE staff_users SET password_hash = $2, totp_secret = $3, totp_last_step = 0 WHERE staff_id = $1 RETURNING staff_id',
    [staffId, passwordHash, sealedTotpSecret],
  );
  return rows.length === 1;
}

/** Ends every live session of an account; returns their token hashes (to close their sockets). */
export async function revokeSessionsOf(db: Queryable, staffId: string, nowMs: number): Promise<string[]> {
  const { rows } = await db.query<{ token_hash: string }>(
    'UPDATE staff_sessions SET revoked_at = $2::timestamptz WHERE staff_id = $1 AND revoked_at IS NULL RETURNING token_hash',
    [staffId, new Date(nowMs).toISOString()],
  );
  return rows.map((row) => row.token_hash);
}

export async function insertStaff(db: Queryable, record: StaffRecord, passwordHash: string, totpSecret: string): Promise<boolean> {
  const { rows } = await db.query<{ staff_id: string }>(
    `INSERT INTO staff_users (staff_id, username, display_name, role, password_hash, totp_secret, languages, topics)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)
     ON CONFLICT (username) DO NOTHING RETURNING staff_id`,
    [record.staffId, record.username, record.displayName, record.role, passwordHash, totpSecret, JSON.stringify(record.languages), JSON.stringify(record.topics)],
  );
  return rows.length === 1;
}

export async function credentialsOf(db: Queryable, username: string): Promise<StaffCredentials | null> {
  const { rows } = await db.query<CredentialRow>(
    `SELECT ${STAFF_COLUMNS}, u.password_hash, u.totp_secret, u.totp_last_step
     FROM staff_users u WHERE u.username = $1 AND NOT u.disabled`,
    [username],
  );
  const row = rows[0];
  if (!row) return null;
  return { ...toRecord(row), passwordHash: row.password_hash, totpSecret: row.totp_secret, totpLastStep: toSafeInteger(row.totp_last_step) };
}

/** An enabled account (a disabled one too with `includeDisabled`, for the admin's changes). */
export async function staffById(db: Queryable, staffId: string, opts: { includeDisabled?: boolean } = {}): Promise<StaffRecord | null> {
  const { rows } = await db.query<StaffRow>(`SELECT ${STAFF_COLUMNS} FROM staff_users u WHERE u.staff_id = $1 AND ($2 OR NOT u.disabled)`, [staffId, opts.includeDisabled === true]);
  return rows[0] ? toRecord(rows[0]) : null;
}

/** Claims a TOTP step atomically; false when this or a later step was already used. */
export async function claimTotpStep(db: Queryable, staffId: string, step: number): Promise<boolean> {
  const { rows } = await db.query<{ staff_id: string }>(
    'UPDATE staff_users SET totp_last_step = $2 WHERE staff_id = $1 AND totp_last_step < $2 RETURNING staff_id',
    [staffId, step],
  );
  return rows.length === 1;
}

/** Accounts whose TOTP secret is still stored in clear (hubs before sealing). */
export async function plaintextTotpSecrets(db: Queryable): Promise<{ staffId: string; secret: string }[]> {
  const { rows } = await db.query<{ staff_id: string; totp_secret: string }>("SELECT staff_id, totp_secret FROM staff_users WHERE totp_secret NOT LIKE 'enc1:%'");
  return rows.map((row) => ({ staffId: row.staff_id, secret: row.totp_secret }));
}

/** Compare-and-set, so two hub instances sealing at once cannot overwrite each other. */
export async function replaceTotpSecret(db: Queryable, staffId: string, from: string, to: string): Promise<boolean> {
  const { rows } = await db.query<{ staff_id: string }>('UPDATE staff_users SET totp_secret = $3 WHERE staff_id = $1 AND totp_secret = $2 RETURNING staff_id', [staffId, from, to]);
  return rows.length === 1;
}

/** Sealed secrets this key cannot open: sealed by a hub with another key. */
export async function countSealedWithOtherKey(db: Queryable, kid: string): Promise<number> {
  const { rows } = await db.query<{ n: unknown }>("SELECT count(*) AS n FROM staff_users WHERE totp_secret LIKE 'enc1:%' AND split_part(totp_secret, ':', 2) <> $1", [kid]);
  return toSafeInteger(rows[0]?.n ?? 0);
}

export async function countAdmins(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: unknown }>("SELECT count(*) AS n FROM staff_users WHERE role = 'admin' AND NOT disabled");
  return toSafeInteger(rows[0]?.n ?? 0);
}

export async function insertSession(db: Queryable, tokenHash: string, staffId: string, nowMs: number, expiresAtMs: number): Promise<void> {
  await db.query(
    `INSERT INTO staff_sessions (token_hash, staff_id, created_at, expires_at, last_used_at)
     VALUES ($1, $2, $3::timestamptz, $4::timestamptz, $3::timestamptz)`,
    [tokenHash, staffId, new Date(nowMs).toISOString(), new Date(expiresAtMs).toISOString()],
  );
}

export interface SessionLookup {
  staff: StaffRecord;
  expiresAt: string;
  lastUsedAt: number;
}

/** The live session for a token hash: not revoked, not expired, not idle too long. */
export async function liveSession(db: Queryable, tokenHash: string, nowMs: number, idleMs: number): Promise<SessionLookup | null> {
  const { rows } = await db.query<StaffRow & { expires_at: unknown; last_used_at: unknown }>(
    `SELECT ${STAFF_COLUMNS}, s.expires_at, s.last_used_at
     FROM staff_sessions s JOIN staff_users u ON u.staff_id = s.staff_id
     WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND NOT u.disabled
       AND s.expires_at > $2::timestamptz AND s.last_used_at > $3::timestamptz`,
    [tokenHash, new Date(nowMs).toISOString(), new Date(nowMs - idleMs).toISOString()],
  );
  const row = rows[0];
  if (!row) return null;
  return { staff: toRecord(row), expiresAt: toIsoString(row.expires_at), lastUsedAt: Date.parse(toIsoString(row.last_used_at)) };
}

export async function touchSession(db: Queryable, tokenHash: string, nowMs: number): Promise<void> {
  await db.query('UPDATE staff_sessions SET last_used_at = $2::timestamptz WHERE token_hash = $1', [tokenHash, new Date(nowMs).toISOString()]);
}

export async function revokeSession(db: Queryable, tokenHash: string, nowMs: number): Promise<void> {
  await db.query('UPDATE staff_sessions SET revoked_at = $2::timestamptz WHERE token_hash = $1 AND revoked_at IS NULL', [
    tokenHash,
    new Date(nowMs).toISOString(),
  ]);
}
