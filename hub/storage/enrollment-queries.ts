// Enrollment codes and kiosk keys. Codes arrive here already hashed: the hub never stores
// or compares a code in clear.
import type { Queryable } from './queryable.js';
import { toIsoString } from './row-values.js';

export type RedeemOutcome =
  | { status: 'enrolled'; enrolledAt: string; replacedKey: boolean }
  | { status: 'invalid' | 'used' | 'expired' };

export interface RedeemInput {
  kioskId: string;
  codeHash: string;
  publicKey: string;
}

/**
 * Stores a new code and retires the kiosk's earlier unused ones, so only the latest code
 * handed out can enroll it. Returns when the new code expires.
 */
export async function insertEnrollmentCode(db: Queryable, kioskId: string, codeHash: string, ttlSeconds: number, branchId: string | null): Promise<string> {
  await db.query('UPDATE enrollment_codes SET expires_at = now() WHERE kiosk_id = $1 AND used_at IS NULL AND expires_at > now()', [kioskId]);
  const { rows } = await db.query<{ expires_at: unknown }>(
    `INSERT INTO enrollment_codes (code_hash, kiosk_id, expires_at, branch_id)
     VALUES ($1, $2, now() + make_interval(secs => $3), $4)
     RETURNING expires_at`,
    [codeHash, kioskId, ttlSeconds, branchId],
  );
  const row = rows[0];
  if (!row) throw new Error('enrollment code was not stored');
  return toIsoString(row.expires_at);
}

/**
 * Run inside a transaction: the code's row stays locked until commit, so two kiosks
 * racing with one code cannot both enroll.
 */
export async function redeemEnrollmentCode(tx: Queryable, input: RedeemInput): Promise<RedeemOutcome> {
  const { rows } = await tx.query<{ kiosk_id: string; used: boolean; expired: boolean; branch_id: string | null }>(
    `SELECT kiosk_id, used_at IS NOT NULL AS used, expires_at <= now() AS expired, branch_id
     FROM enrollment_codes WHERE code_hash = $1 FOR UPDATE`,
    [input.codeHash],
  );
  const code = rows[0];
  // A code for another kiosk is "invalid", not "used": it stays usable by its own kiosk.
  if (!code || code.kiosk_id !== input.kioskId) return { status: 'invalid' };
  if (code.used) return { status: 'used' };
  if (code.expired) return { status: 'expired' };

  await tx.query('UPDATE enrollment_codes SET used_at = now() WHERE code_hash = $1', [input.codeHash]);
  const before = await tx.query<{ kiosk_id: string }>('SELECT kiosk_id FROM kiosk_keys WHERE kiosk_id = $1', [input.kioskId]);
  // A code issued without a branch keeps the branch the kiosk already has.
  const { rows: keys } = await tx.query<{ enrolled_at: unknown }>(
    `INSERT INTO kiosk_keys (kiosk_id, public_key, branch_id) VALUES ($1, $2, $3)
     ON CONFLICT (kiosk_id) DO UPDATE SET public_key = EXCLUDED.public_key, enrolled_at = now(),
       branch_id = COALESCE(EXCLUDED.branch_id, kiosk_keys.branch_id)
     RETURNING enrolled_at`,
    [input.kioskId, input.publicKey, code.branch_id],
  );
  const key = keys[0];
  if (!key) throw new Error('kiosk key was not stored');
  return { status: 'enrolled', enrolledAt: toIsoString(key.enrolled_at), replacedKey: before.rows.length > 0 };
}

export async function kioskPublicKey(db: Queryable, kioskId: string): Promise<string | null> {
  const { rows } = await db.query<{ public_key: string }>('SELECT public_key FROM kiosk_keys WHERE kiosk_id = $1', [kioskId]);
  return rows[0]?.public_key ?? null;
}

/** Forgets the kiosk's key and retires its unused codes; false when it had no key. */
export async function revokeKiosk(db: Queryable, kioskId: string): Promise<boolean> {
  await db.query('UPDATE enrollment_codes SET expires_at = now() WHERE kiosk_id = $1 AND used_at IS NULL AND expires_at > now()', [kioskId]);
  const { rows } = await db.query<{ kiosk_id: string }>('DELETE FROM kiosk_keys WHERE kiosk_id = $1 RETURNING kiosk_id', [kioskId]);
  return rows.length > 0;
}
