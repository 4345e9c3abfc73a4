// The demo bank's customer segments (hub/banking/README.md): 张伟 (C1001) and Emily Chen (C1003)
// are VIP customers; 李娜 (C1002) and 王芳 (C1004) are standard. Looked up from a sealed card with
// no PIN: only the segment leaves, for the branch queue's priority.
import type { SealedCard } from '../../../protocol/card-security.js';
import type { CustomerSegment } from '../../../protocol/customer-segment.js';
import type { Database } from '../../storage/queryable.js';
import { CardSealError, openSealedCard, type CardKeyPair } from '../card-seal.node.js';
import { panHmac } from './demo-crypto.node.js';
import { cardByPanHmac, isExpired } from './demo-queries.js';

export const DEMO_VIP_CUSTOMERS: ReadonlySet<string> = new Set(['C1001', 'C1003']);

export async function demoCustomerSegment(db: Database, cardKey: CardKeyPair, sealed: SealedCard, now: Date = new Date()): Promise<CustomerSegment> {
  let pan: string;
  try {
    pan = openSealedCard(cardKey, sealed).pan;
  } catch (error) {
    if (error instanceof CardSealError) return 'unknown';
    throw error;
  }
  const card = await cardByPanHmac(db, panHmac(pan));
  // A blocked or expired card still names its holder, but it does not open doors.
  if (!card || card.status !== 'active' || isExpired(card.expiry, now)) return 'unknown';
  return DEMO_VIP_CUSTOMERS.has(card.customer_id) ? 'vip' : 'standard';
}
