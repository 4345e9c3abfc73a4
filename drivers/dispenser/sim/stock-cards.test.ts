import { describe, expect, it } from 'vitest';
import { SEED_CUSTOMERS } from '../../../hub/banking/demo/demo-seed-data.js';
import { luhnValid } from '../../card/codec/luhn.js';
import { DEMO_STOCK_CARDS } from './stock-cards.js';

describe('demo stock cards', () => {
  it('are distinct valid-Luhn 622202 cards, expiry 3112, service code 201, PAN sequence 01', () => {
    const pans = DEMO_STOCK_CARDS.map((c) => c.chip.pan);
    expect(new Set(pans).size).toBe(pans.length);
    expect(pans.length).toBeGreaterThanOrEqual(3);
    for (const c of DEMO_STOCK_CARDS) {
      expect(luhnValid(c.chip.pan)).toBe(true);
      expect(c.chip).toMatchObject({ pan: expect.stringMatching(/^622202\d{13}$/), expiry: '3112', serviceCode: '201', panSequence: '01' });
      expect(c.fault).toBeUndefined();
    }
  });

  it('are none of the demo bank\u2019s seeded cards: a replacement card is a new card number', () => {
    const seeded = SEED_CUSTOMERS.flatMap((c) => c.cards.map((k) => k.pan));
    expect(seeded.length).toBeGreaterThan(0);
    for (const c of DEMO_STOCK_CARDS) expect(seeded).not.toContain(c.chip.pan);
  });
});
