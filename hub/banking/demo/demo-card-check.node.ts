// Card + PIN verification of the demo bank, in the order a card issuer checks: open the sealed
// card, fallback rules (a chip card swiped is told to insert, before any PIN is tried), known
// card, status, expiry, then the PIN, counting wrong tries (3 → blocked). The PIN exists only as
// a Buffer wiped right after the comparison.
import type { PinBlock, SealedCard } from '../../../protocol/card-security.js';
import type { Declined } from '../../../protocol/core-banking.js';
import type { Database } from '../../storage/queryable.js';
import { CardSealError, openSealedCard, type CardKeyPair } from '../card-seal.node.js';
import { decryptPinBlock, panHmac, pinMatches } from './demo-crypto.node.js';
import { cardByPanHmac, isExpired, type CardRow } from './demo-queries.js';

export const MAX_WRONG_PIN = 3;

const declined = (reason: Declined['reason'], triesLeft?: number): Declined => ({ outcome: 'declined', reason, ...(triesLeft === undefined ? {} : { triesLeft }) });

/** Service code first digit 2 or 6: an ICC (chip) card, ISO/IEC 7813. */
const hasChip = (serviceCode: string | undefined): boolean => serviceCode !== undefined && (serviceCode.startsWith('2') || serviceCode.startsWith('6'));

export async function countWrongPin(db: Database, card: CardRow): Promise<Declined> {
  const { rows } = await db.query<{ wrong_pin_count: number; status: string }>(
    `UPDATE demo_bank_cards
     SET wrong_pin_count = wrong_pin_count + 1,
         status = CASE WHEN wrong_pin_count + 1 >= $2 THEN 'blocked' ELSE status END
     WHERE card_id = $1 AND status = 'active'
     RETURNING wrong_pin_count, status`,
    [card.card_id, MAX_WRONG_PIN],
  );
  const row = rows[0];
  // Blocked meanwhile by a concurrent try.
  if (!row) return declined('card-blocked');
  if (row.status === 'blocked') return declined('pin-tries-exceeded');
  return declined('wrong-pin', MAX_WRONG_PIN - row.wrong_pin_count);
}

/**
 * The key a PIN block names, as the kiosk that sent it may use it: that kiosk's own working key
 * (hub/banking/pinpad-keys.node.ts), 'shared-demo' for the published demo keys, or null (another
 * kiosk's key, a retired or unknown one) — the PIN block is then invalid.
 */
export type PinKeyLookup = (block: PinBlock) => Promise<Buffer | 'shared-demo' | null>;

export async function checkCardAndPin(db: Database, cardKey: CardKeyPair, sealed: SealedCard, pinBlock: PinBlock, now: Date, pinKey: PinKeyLookup = async () => 'shared-demo'): Promise<{ ok: true; card: CardRow } | { ok: false; declined: Declined }> {
  let pan: string;
  let serviceCode: string | undefined;
  try {
    const secret = openSealedCard(cardKey, sealed);
    pan = secret.pan;
    serviceCode = secret.serviceCode;
  } catch (error) {
    if (error instanceof CardSealError) return { ok: false, declined: declined('card-unreadable') };
    throw error;
  }
  const card = await cardByPanHmac(db, panHmac(pan));
  // The issuer's record of the service code counts too: a stripe may be re-encoded to hide the chip.
  if (sealed.entry === 'swipe' && (hasChip(serviceCode) || (card && hasChip(card.service_code)))) return { ok: false, declined: declined('insert-chip') };
  if (!card) return { ok: false, declined: declined('unknown-card') };
  if (card.status !== 'active') return { ok: false, declined: declined('card-blocked') };
  if (isExpired(card.expiry, now)) return { ok: false, declined: declined('card-expired') };

  const key = await pinKey(pinBlock);
  const pin = key === null ? null : decryptPinBlock(pinBlock, pan, key === 'shared-demo' ? undefined : key);
  if (!pin) return { ok: false, declined: declined('pin-block-invalid') };
  let matches: boolean;
  try {
    matches = pinMatches(pan, pin, card.pvv);
  } finally {
    pin.fill(0);
  }
  if (!matches) return { ok: false, declined: await countWrongPin(db, card) };
  if (card.wrong_pin_count > 0) await db.query("UPDATE demo_bank_cards SET wrong_pin_count = 0 WHERE card_id = $1 AND status = 'active'", [card.card_id]);
  return { ok: true, card };
}
