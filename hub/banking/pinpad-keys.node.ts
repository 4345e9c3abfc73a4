// Per-kiosk PIN pad keys, the hub's side of what an HSM's key management does for a bank's
// terminals. Each kiosk's PIN pad has its own terminal master key (TMK) from a key ceremony
// (enrollMasterKey: the custodians' components, XORed, the same ones keyed into the pad); the
// hub issues the kiosk an AES-128 PIN working key, wrapped under that TMK as a TR-31 / X9.143
// version D key block (drivers/pinpad/tr31-key-block.node.ts) the host loads into the pad. A
// PIN block is then checked with the key of the kiosk that sent it — a key id issued to another
// kiosk, retired or unknown gives no key. TMKs and working keys are stored sealed with the hub
// secret key (AES-256-GCM, kiosk and key id as additional data), like banking_card_keys: a
// database backup alone opens nothing. Only the KCV ever leaves in clear.
import { createHash, randomBytes } from 'node:crypto';
import { aesKcv, wrapPinWorkingKey } from '../../drivers/pinpad/tr31-key-block.node.js';
import { openWithHubKey, sealWithHubKey, SecretBoxError } from '../auth/hub-secret-box.node.js';
import type { HubSecretKey } from '../auth/hub-secret-key.node.js';
import type { Database } from '../storage/queryable.js';

export type PinPadKeyErrorCode = 'NO_MASTER_KEY' | 'BAD_COMPONENTS' | 'UNKNOWN_KEY' | 'KCV_MISMATCH' | 'SEALED_ELSEWHERE';

export class PinPadKeyError extends Error {
  override readonly name = 'PinPadKeyError';
  constructor(
    readonly code: PinPadKeyErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const seal = (secretKey: HubSecretKey, aad: string, clear: Buffer): string => sealWithHubKey(secretKey, aad, clear);

function open(secretKey: HubSecretKey, aad: string, stored: string): Buffer {
  try {
    return openWithHubKey(secretKey, aad, stored);
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    if (error.failure === 'not-sealed') throw new PinPadKeyError('SEALED_ELSEWHERE', 'a stored PIN pad key is not sealed');
    if (error.failure === 'other-key') throw new PinPadKeyError('SEALED_ELSEWHERE', `PIN pad keys are sealed with hub secret key ${error.kid}, this hub has ${secretKey.kid}`);
    throw new PinPadKeyError('SEALED_ELSEWHERE', 'a stored PIN pad key does not open (altered, or moved to another kiosk)');
  }
}

/** How long a replaced key still opens PIN blocks: the oldest stored-offline payment the kiosk may forward. */
export const RETIRED_GRACE = '7 days';

const tmkAad = (kioskId: string) => `pinpad-tmk\u0000${kioskId}`;
const keyAad = (kioskId: string, keyId: string) => `pinpad-pek\u0000${kioskId}\u0000${keyId}`;

/** What a kiosk is sent: the key block and what it may show (id, KCV); never the key. */
export interface IssuedPinKey {
  keyId: string;
  format: 4;
  keyBlock: string;
  kcv: string;
}


export class PinPadKeyStore {
  constructor(
    private readonly db: Database,
    private readonly secretKey: HubSecretKey,
  ) {}

  /**
   * The hub's half of the key ceremony: the TMK is the XOR of the components (two or more,
   * 16 or 32 bytes each). Returns its KCV for the custodians to compare with the pad's. A new
   * ceremony replaces the TMK; working keys issued under the old one stay valid until rotated.
   */
  async enrollMasterKey(kioskId: string, components: readonly Buffer[]): Promise<{ kcv: string }> {
    const first = components[0];
    if (components.length < 2 || !first || ![16, 32].includes(first.length) || components.some((c) => c.length !== first.length)) {
      throw new PinPadKeyError('BAD_COMPONENTS', 'a TMK is two or more components of 16 or 32 bytes');
    }
    const tmk = Buffer.alloc(first.length);
    for (const c of components) for (let i = 0; i < tmk.length; i++) tmk[i] = (tmk[i] ?? 0) ^ (c[i] ?? 0);
    try {
      const kcv = aesKcv(tmk);
      await this.db.query(
        `INSERT INTO banking_pinpad_tmks (kiosk_id, tmk_sealed, kcv) VALUES ($1, $2, $3)
         ON CONFLICT (kiosk_id) DO UPDATE SET tmk_sealed = EXCLUDED.tmk_sealed, kcv = EXCLUDED.kcv, enrolled_at = now()`,
        [kioskId, seal(this.secretKey, tmkAad(kioskId), tmk), kcv],
      );
      return { kcv };
    } finally {
      tmk.fill(0);
    }
  }

  async hasMasterKey(kioskId: string): Promise<boolean> {
    const { rows } = await this.db.query('SELECT 1 FROM banking_pinpad_tmks WHERE kiosk_id = $1', [kioskId]);
    return rows.length > 0;
  }

  /**
   * A new PIN working key for the kiosk, wrapped under its TMK. The kiosk's earlier keys stay
   * usable until the pad confirms this one (confirmLoaded), so a load that fails leaves the
   * kiosk working with its old key.
   */
  async issueWorkingKey(kioskId: string): Promise<IssuedPinKey> {
    const { rows } = await this.db.query<{ tmk_sealed: string }>('SELECT tmk_sealed FROM banking_pinpad_tmks WHERE kiosk_id = $1', [kioskId]);
    const row = rows[0];
    if (!row) throw new PinPadKeyError('NO_MASTER_KEY', `kiosk ${kioskId} has no PIN pad master key (key ceremony not done)`);
    const tmk = open(this.secretKey, tmkAad(kioskId), row.tmk_sealed);
    const key = randomBytes(16);
    // The id names the kiosk without giving it away and is unique: a PIN block says which key.
    const keyId = `pek-${createHash('sha256').update(kioskId).digest('hex').slice(0, 8)}-${randomBytes(4).toString('hex')}`;
    try {
      const kcv = aesKcv(key);
      const keyBlock = wrapPinWorkingKey(tmk, keyId, key);
      await this.db.query("INSERT INTO banking_pinpad_keys (key_id, kiosk_id, key_sealed, kcv, state) VALUES ($1, $2, $3, $4, 'issued')", [keyId, kioskId, seal(this.secretKey, keyAad(kioskId, keyId), key), kcv]);
      return { keyId, format: 4, keyBlock, kcv };
    } finally {
      key.fill(0);
      tmk.fill(0);
    }
  }

  /** The pad loaded `keyId` and reported `kcv`: it becomes the kiosk's key, every other one is retired. */
  async confirmLoaded(kioskId: string, keyId: string, kcv: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      // One confirmation per kiosk at a time (two hub instances, two keys): else both could
      // end active, or deadlock retiring each other.
      await tx.query('SELECT 1 FROM banking_pinpad_tmks WHERE kiosk_id = $1 FOR UPDATE', [kioskId]);
      const { rows } = await tx.query<{ kcv: string }>("SELECT kcv FROM banking_pinpad_keys WHERE key_id = $1 AND kiosk_id = $2 AND state <> 'retired'", [keyId, kioskId]);
      const row = rows[0];
      if (!row) throw new PinPadKeyError('UNKNOWN_KEY', `no live PIN key ${keyId} for kiosk ${kioskId}`);
      if (row.kcv !== kcv.toUpperCase()) throw new PinPadKeyError('KCV_MISMATCH', `the pad reports KCV ${kcv} for ${keyId}, the hub issued ${row.kcv}`);
      await tx.query("UPDATE banking_pinpad_keys SET state = 'active' WHERE key_id = $1", [keyId]);
      await tx.query("UPDATE banking_pinpad_keys SET state = 'retired', retired_at = now() WHERE kiosk_id = $1 AND key_id <> $2 AND state <> 'retired'", [kioskId, keyId]);
    });
  }

  /** The kiosk's active key (id and KCV, for diagnostics), or null before its pad confirmed one. */
  async activeKey(kioskId: string): Promise<{ keyId: string; kcv: string } | null> {
    const { rows } = await this.db.query<{ key_id: string; kcv: string }>("SELECT key_id, kcv FROM banking_pinpad_keys WHERE kiosk_id = $1 AND state = 'active'", [kioskId]);
    const row = rows[0];
    return row ? { keyId: row.key_id, kcv: row.kcv } : null;
  }

  /**
   * The working key `keyId` if it was issued to `kioskId` and is live, or was retired less than
   * RETIRED_GRACE ago (a payment stored offline under it may still be on its way); null
   * otherwise: another kiosk's key, an older one, an unknown id. The caller wipes it after use.
   */
  async keyFor(kioskId: string, keyId: string): Promise<Buffer | null> {
    const { rows } = await this.db.query<{ key_sealed: string }>(
      `SELECT key_sealed FROM banking_pinpad_keys
        WHERE key_id = $1 AND kiosk_id = $2 AND (state <> 'retired' OR retired_at > now() - $3::interval)`,
      [keyId, kioskId, RETIRED_GRACE],
    );
    const row = rows[0];
    return row ? open(this.secretKey, keyAad(kioskId, keyId), row.key_sealed) : null;
  }
}
