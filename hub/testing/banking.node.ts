// What a kiosk's card reader and PIN pad would send, built from the demo seed: a card sealed to
// the hub's key and a PIN block under a demo PIN-encryption key.
import type { CardEntry, CardKey, PinBlock, SealedCard } from '../../protocol/card-security.js';
import { sealCard } from '../banking/card-seal.node.js';
import { DEMO_PIN_KEYS } from '../banking/demo/demo-keys.js';
import { SEED_CUSTOMERS, type SeedCard } from '../banking/demo/demo-seed-data.js';
import { encryptFormat0, encryptFormat4 } from '../banking/pin-block.node.js';

export function seedCard(cardId: string): SeedCard {
  for (const customer of SEED_CUSTOMERS) for (const card of customer.cards) if (card.cardId === cardId) return card;
  throw new Error(`no demo card ${cardId}`);
}

export function sealedSeedCard(cardKey: CardKey, cardId: string, entry: CardEntry = 'chip', override: Partial<Pick<SeedCard, 'pan' | 'expiry' | 'serviceCode'>> = {}): SealedCard {
  const card = { ...seedCard(cardId), ...override };
  return sealCard(cardKey, { pan: card.pan, expiry: card.expiry, entry, serviceCode: card.serviceCode });
}

export function pinBlock(pan: string, pin: string, format: 0 | 4 = 4): PinBlock {
  const key = DEMO_PIN_KEYS.find((candidate) => candidate.format === format);
  if (!key) throw new Error(`no demo key for format ${format}`);
  const keyBytes = Buffer.from(key.key, 'hex');
  const pinBytes = Buffer.from(pin, 'ascii');
  const block = format === 0 ? encryptFormat0(keyBytes, pinBytes, pan) : encryptFormat4(keyBytes, pinBytes, pan);
  const hex = block.toString('hex').toUpperCase();
  return format === 0 ? { format: 0, keyId: key.keyId, block: hex } : { format: 4, keyId: key.keyId, block: hex };
}

/** The seed card's PIN block, or one for `pin` instead of its own. */
export const seedPinBlock = (cardId: string, format: 0 | 4 = 4, pin?: string): PinBlock => {
  const card = seedCard(cardId);
  return pinBlock(card.pan, pin ?? card.pin, format);
};
