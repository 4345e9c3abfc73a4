// ID card + PIN verification of the demo bank (statements by China ID card, issue 10): open the
// sealed identity, its validity, the customer it names, the card whose PIN is the account
// password (status, expiry), then the PIN — from a block bound to the hub's one-time binding
// instead of a PAN — counting wrong tries on that card (3 → blocked), as a card sign-in does.
// A real bank checks the account password in its HSM; the shapes are the same.
import type { PinBlock, SealedIdentity } from '../../../protocol/card-security.js';
import type { Declined } from '../../../protocol/core-banking.js';
import type { Database } from '../../storage/queryable.js';
import { CardSealError, openSealedIdentity, type CardKeyPair } from '../card-seal.node.js';
import { countWrongPin, MAX_WRONG_PIN, type PinKeyLookup } from './demo-card-check.node.js';
import { decryptPinBlock, idNumberHmac, pinMatches } from './demo-crypto.node.js';
import { cardById, isExpired, type CardRow } from './demo-queries.js';

const declined = (reason: Declined['reason']): Declined => ({ outcome: 'declined', reason });

/** YYYYMMDD of `now` in China (UTC+8), the calendar an ID card's validity is written in. */
const chinaDate = (now: Date): string => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');

/** Wrong tries on a card already blocked as lost: counted all the same, three end the ID sign-in too. */
async function countWrongPinOfBlocked(db: Database, card: CardRow): Promise<Declined> {
  const { rows } = await db.query<{ wrong_pin_count: number }>('UPDATE demo_bank_cards SET wrong_pin_count = wrong_pin_count + 1 WHERE card_id = $1 RETURNING wrong_pin_count', [card.card_id]);
  const count = rows[0]?.wrong_pin_count ?? MAX_WRONG_PIN;
  return count >= MAX_WRONG_PIN ? { outcome: 'declined', reason: 'pin-tries-exceeded' } : { outcome: 'declined', reason: 'wrong-pin', triesLeft: MAX_WRONG_PIN - count };
}

export async function checkIdentityAndPin(
  db: Database,
  cardKey: CardKeyPair,
  sealed: SealedIdentity,
  pinBlock: PinBlock,
  binding: string,
  now: Date,
  pinKey: PinKeyLookup,
): Promise<{ ok: true; card: CardRow } | { ok: false; declined: Declined }> {
  let idNumber: string;
  let validTo: string;
  try {
    ({ idNumber, validTo } = openSealedIdentity(cardKey, sealed));
  } catch (error) {
    if (error instanceof CardSealError) return { ok: false, declined: declined('card-unreadable') };
    throw error;
  }
  // Valid through its last day.
  if (validTo !== 'long-term' && validTo < chinaDate(now)) return { ok: false, declined: declined('id-expired') };
  const { rows } = await db.query<{ card_id: string; pvv: string }>('SELECT card_id, pvv FROM demo_bank_identities WHERE id_number_hmac = $1', [idNumberHmac(idNumber)]);
  const identity = rows[0];
  const card = identity ? await cardById(db, identity.card_id) : null;
  if (!identity || !card) return { ok: false, declined: declined('unknown-customer') };
  // The account password outlives a card blocked as lost or stolen (that customer is here to
  // replace it); a card blocked for wrong PINs refuses, as does one never issued.
  if (card.wrong_pin_count >= MAX_WRONG_PIN || (card.status !== 'active' && card.status !== 'blocked')) return { ok: false, declined: declined('card-blocked') };
  if (card.status === 'active' && isExpired(card.expiry, now)) return { ok: false, declined: declined('card-expired') };

  const key = await pinKey(pinBlock);
  const pin = key === null ? null : decryptPinBlock(pinBlock, binding, key === 'shared-demo' ? undefined : key);
  if (!pin) return { ok: false, declined: declined('pin-block-invalid') };
  let matches: boolean;
  try {
    matches = pinMatches(idNumber, pin, identity.pvv);
  } finally {
    pin.fill(0);
  }
  if (!matches) return { ok: false, declined: card.status === 'active' ? await countWrongPin(db, card) : await countWrongPinOfBlocked(db, card) };
  if (card.wrong_pin_count > 0) await db.query('UPDATE demo_bank_cards SET wrong_pin_count = 0 WHERE card_id = $1', [card.card_id]);
  return { ok: true, card };
}
