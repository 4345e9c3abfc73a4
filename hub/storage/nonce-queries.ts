// Replay protection shared by every hub instance: a (kiosk, nonce) pair is accepted once.
import { namedStatement, type Queryable } from './queryable.js';

/** A nonce to claim only while `publicKey`, which verified the request, is still the kiosk's. */
export interface NonceClaim {
  kioskId: string;
  nonce: string;
  expiresAt: Date;
  publicKey: string;
}

/** What a statement that claims the request's nonce itself answers when it did not claim it. */
export const NONCE_REFUSED = 'nonce-refused';
export type NonceRefused = typeof NONCE_REFUSED;

/**
 * True the first time the pair is seen; false for a replay. With `publicKey`, also false when
 * that is no longer the kiosk's key (revoked or replaced): the nonce is then not stored. One
 * statement for both, so a hub that verified a signature with a key it kept in memory learns
 * in the same round trip whether the key still stands (kiosk-verifier.node.ts).
 */
const CLAIM = namedStatement(
  'hub_claim_nonce',
  `INSERT INTO kiosk_request_nonces (kiosk_id, nonce, expires_at) VALUES ($1, $2, $3)
   ON CONFLICT DO NOTHING RETURNING nonce`,
);
// Every signed kiosk request runs this one: prepared once per connection (queryable.ts).
const CLAIM_WHILE_KEY_STANDS = namedStatement(
  'hub_claim_nonce_key',
  `INSERT INTO kiosk_request_nonces (kiosk_id, nonce, expires_at)
   SELECT $1, $2, $3 FROM kiosk_keys WHERE kiosk_id = $1 AND public_key = $4
   ON CONFLICT DO NOTHING RETURNING nonce`,
);

export async function claimNonce(db: Queryable, kioskId: string, nonce: string, expiresAt: Date, publicKey?: string): Promise<boolean> {
  if (publicKey === undefined) {
    const { rows } = await db.query<{ nonce: string }>(CLAIM, [kioskId, nonce, expiresAt.toISOString()]);
    return rows.length === 1;
  }
  const { rows } = await db.query<{ nonce: string }>(CLAIM_WHILE_KEY_STANDS, [kioskId, nonce, expiresAt.toISOString(), publicKey]);
  return rows.length === 1;
}

// Hub instances and the database do not share one clock: keep nonces a little past their
// window so a replay arriving at a hub whose clock runs slow is still caught.
const PRUNE_MARGIN_SECONDS = 120;

/** Deletes nonces whose request could no longer pass the timestamp check anyway. */
export async function pruneNonces(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: unknown }>(
    `WITH gone AS (DELETE FROM kiosk_request_nonces WHERE expires_at < now() - make_interval(secs => $1) RETURNING 1)
     SELECT count(*) AS n FROM gone`,
    [PRUNE_MARGIN_SECONDS],
  );
  return Number(rows[0]?.n ?? 0);
}
