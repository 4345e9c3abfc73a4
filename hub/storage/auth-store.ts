// Storage for kiosk authentication over either engine: enrollment codes (hashed), kiosk
// public keys and the nonces of accepted requests.
import { insertEnrollmentCode, kioskPublicKey, redeemEnrollmentCode, revokeKiosk, type RedeemInput, type RedeemOutcome } from './enrollment-queries.js';
import { migrate } from './migrations.js';
import { claimNonce, pruneNonces } from './nonce-queries.js';
import type { Database } from './queryable.js';

export type { RedeemInput, RedeemOutcome } from './enrollment-queries.js';

export interface AuthStore {
  /** Returns the code's expiry (ISO, UTC). Earlier unused codes of the kiosk stop working. */
  /** `branchId`: the branch the kiosk is enrolled for (see kiosk-queries.registerKiosk). */
  createEnrollmentCode(input: { kioskId: string; codeHash: string; ttlSeconds: number; branchId?: string | undefined }): Promise<{ expiresAt: string }>;
  /** Uses the code at most once and stores the kiosk's public key, replacing an older one. */
  redeemEnrollmentCode(input: RedeemInput): Promise<RedeemOutcome>;
  /** base64url raw Ed25519 key, or null when the kiosk is not (or no longer) enrolled. */
  kioskPublicKey(kioskId: string): Promise<string | null>;
  revokeKiosk(kioskId: string): Promise<boolean>;
  /** False when this kiosk already used the nonce, or (`publicKey` given) that is no longer its key; then nothing is stored. */
  claimNonce(input: { kioskId: string; nonce: string; expiresAt: Date; publicKey?: string }): Promise<boolean>;
  pruneNonces(): Promise<number>;
  /** Prunes when the last prune is `pruneEveryMs` old: for requests whose nonce is claimed elsewhere (a pull claims its own). */
  pruneNoncesIfDue(): Promise<void>;
}

export interface AuthStoreOptions {
  /** How often claimNonce also deletes expired nonces; default one minute. */
  pruneEveryMs?: number;
  now?: () => number;
}

export async function createAuthStore(db: Database, options: AuthStoreOptions = {}): Promise<AuthStore> {
  // Idempotent, and cheap when up to date: this store never meets an old schema.
  await migrate(db);
  const now = options.now ?? Date.now;
  const pruneEveryMs = options.pruneEveryMs ?? 60_000;
  let lastPrune = now();
  // Pruning rides on the requests themselves: no timer to start, stop or leak.
  const pruneNoncesIfDue = async () => {
    if (now() - lastPrune < pruneEveryMs) return;
    lastPrune = now();
    await pruneNonces(db);
  };
  return {
    createEnrollmentCode: async ({ kioskId, codeHash, ttlSeconds, branchId }) => ({
      expiresAt: await db.transaction((tx) => insertEnrollmentCode(tx, kioskId, codeHash, ttlSeconds, branchId ?? null)),
    }),
    redeemEnrollmentCode: (input) => db.transaction((tx) => redeemEnrollmentCode(tx, input)),
    kioskPublicKey: (kioskId) => kioskPublicKey(db, kioskId),
    revokeKiosk: (kioskId) => db.transaction((tx) => revokeKiosk(tx, kioskId)),
    claimNonce: async ({ kioskId, nonce, expiresAt, publicKey }) => {
      await pruneNoncesIfDue();
      return claimNonce(db.relaxed ?? db, kioskId, nonce, expiresAt, publicKey);
    },
    pruneNonces: () => pruneNonces(db),
    pruneNoncesIfDue,
  };
}
