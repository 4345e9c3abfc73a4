// The hub's card-data key pair, generated once and kept in the database so every hub instance
// on it opens what any kiosk sealed. The private key is sealed at rest with the hub secret key
// (AES-256-GCM, the key id as additional data), like staff TOTP secrets: a stolen database
// backup without the key file / HUB_SECRET_KEY opens no card.
import { openWithHubKey, sealWithHubKey, SecretBoxError } from '../auth/hub-secret-box.node.js';
import type { HubSecretKey } from '../auth/hub-secret-key.node.js';
import type { Database } from '../storage/queryable.js';
import { CardSealError, exportPrivateKey, generateCardKeyPair, importCardKeyPair, type CardKeyPair } from './card-seal.node.js';

const aad = (keyId: string) => `card-key\u0000${keyId}`;

const seal = (secretKey: HubSecretKey, keyId: string, privateKeyRaw: string): string => sealWithHubKey(secretKey, aad(keyId), privateKeyRaw);

function open(secretKey: HubSecretKey, keyId: string, stored: string): string {
  try {
    return openWithHubKey(secretKey, aad(keyId), stored).toString('utf8');
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    if (error.failure === 'not-sealed') throw new CardSealError(`card key ${keyId}: the stored private key is not sealed`);
    if (error.failure === 'other-key') throw new CardSealError(`card key ${keyId} is sealed with hub secret key ${error.kid}, this hub has ${secretKey.kid}: give every hub instance the same HUB_SECRET_KEY`);
    throw new CardSealError(`card key ${keyId}: the stored private key does not open (altered)`);
  }
}

/** The key pair named `keyId`: the stored one, or a new one stored now (the first instance to insert wins). */
export async function loadOrCreateCardKey(db: Database, secretKey: HubSecretKey, keyId: string): Promise<CardKeyPair> {
  const fresh = generateCardKeyPair(keyId);
  await db.query('INSERT INTO banking_card_keys (key_id, public_key, private_key_sealed) VALUES ($1, $2, $3) ON CONFLICT (key_id) DO NOTHING', [
    keyId,
    fresh.publicKey,
    seal(secretKey, keyId, exportPrivateKey(fresh)),
  ]);
  const { rows } = await db.query<{ public_key: string; private_key_sealed: string }>('SELECT public_key, private_key_sealed FROM banking_card_keys WHERE key_id = $1', [keyId]);
  const row = rows[0];
  if (!row) throw new CardSealError(`card key ${keyId} was not stored`);
  return importCardKeyPair(keyId, row.public_key, open(secretKey, keyId, row.private_key_sealed));
}
