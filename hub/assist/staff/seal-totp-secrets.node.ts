// At every start, before staff can sign in: seal the TOTP secrets an older hub stored in
// clear, and refuse to run with a key that cannot open the sealed ones (a second hub
// instance that generated its own key file instead of sharing HUB_SECRET_KEY).
import type { Logger } from 'pino';
import { SecretKeyError, type HubSecretKey } from '../../auth/hub-secret-key.node.js';
import type { Database } from '../../storage/queryable.js';
import * as accounts from './staff-accounts.js';
import { sealTotpSecret } from './totp-secret-box.node.js';

/** Rewrites the table and its files without the clear rows; best effort (rights, engine). */
async function dropOldRowVersions(db: Database, logger: Logger): Promise<void> {
  for (const statement of ['VACUUM (FULL) staff_users', 'CHECKPOINT']) {
    await db.exec(statement).catch((error: unknown) =>
      logger.warn({ statement, errMessage: error instanceof Error ? error.message : String(error) }, 'hub: could not compact staff_users after sealing TOTP secrets'),
    );
  }
}

/** Returns how many secrets this call sealed. */
export async function sealPlaintextTotpSecrets(db: Database, key: HubSecretKey, logger: Logger): Promise<number> {
  let sealed = 0;
  for (const { staffId, secret } of await accounts.plaintextTotpSecrets(db)) {
    if (await accounts.replaceTotpSecret(db, staffId, secret, sealTotpSecret(key, staffId, secret))) sealed += 1;
  }
  const foreign = await accounts.countSealedWithOtherKey(db, key.kid);
  if (foreign > 0) {
    throw new SecretKeyError(
      `${foreign} staff TOTP secret(s) are sealed with another hub secret key than this hub's (${key.kid}, from ${key.file ?? key.source}): ` +
        'give every hub instance of this database the same HUB_SECRET_KEY, or restore the key file it was sealed with',
    );
  }
  if (sealed > 0) {
    await dropOldRowVersions(db, logger);
    // Old WAL segments may hold the clear values until they are reused.
    logger.warn({ sealed }, 'hub: sealed staff TOTP secrets that were stored in clear; consider re-enrolling those accounts’ authenticators');
  }
  return sealed;
}
