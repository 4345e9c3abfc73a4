// The personalised cards in the simulated stacker, each with its own chip. The defaults are
// demo debit cards on the demo bank's BIN (622202) whose numbers the demo bank has NOT seeded
// (hub/banking/demo/demo-seed-data.ts holds 62220210000000000xx): a replacement card is a new
// card number that the journey links to the customer's account, never an existing card.
import type { ChipData } from '../codec/chip-data.js';

export interface StockCard {
  chip: ChipData;
  /**
   * A defect of this card's chip: 'mute' answers nothing when powered, 'no-application' answers
   * but holds no readable payment application.
   */
  fault?: 'mute' | 'no-application';
}

const demo = (pan: string): StockCard => ({ chip: { pan, expiry: '3112', panSequence: '01', serviceCode: '201' } });

/** Valid Luhn check digits (stock-cards.test.ts checks them and that none is seeded). */
export const DEMO_STOCK_CARDS: readonly StockCard[] = [
  demo('6222021000000100015'),
  demo('6222021000000100023'),
  demo('6222021000000100031'),
  demo('6222021000000100049'),
  demo('6222021000000100056'),
];
