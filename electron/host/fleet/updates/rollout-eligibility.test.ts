// Who a rollout reaches: listed branches always, a stable share of the rest by percentage,
// and widening never drops a kiosk that was already in (property, fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kioskInRollout, rolloutBucket } from '../../../../protocol/rollout-eligibility.js';
import { offerEligibility } from './rollout-eligibility.js';
import { windowOpen } from './maintenance-window.js';
import { fakeSha512, offerOf, testHubKey } from './testing.js';

const kioskId = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
const rolloutId = fc.uuid();

describe('rollout reach', () => {
  it('widening the percentage keeps every kiosk that was in', () => {
    fc.assert(
      fc.property(rolloutId, kioskId, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (id, kiosk, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const inAt = (percentage: number) => kioskInRollout({ rolloutId: id, target: { branches: [], percentage } }, { kioskId: kiosk, branchId: null });
        if (inAt(low)) expect(inAt(high)).toBe(true);
      }),
    );
  });

  it('0 % reaches nobody outside the listed branches, 100 % everybody', () => {
    fc.assert(
      fc.property(rolloutId, kioskId, (id, kiosk) => {
        expect(kioskInRollout({ rolloutId: id, target: { branches: [], percentage: 0 } }, { kioskId: kiosk, branchId: 'BR1' })).toBe(false);
        expect(kioskInRollout({ rolloutId: id, target: { branches: [], percentage: 100 } }, { kioskId: kiosk, branchId: 'BR1' })).toBe(true);
        expect(kioskInRollout({ rolloutId: id, target: { branches: ['BR1'], percentage: 0 } }, { kioskId: kiosk, branchId: 'BR1' })).toBe(true);
      }),
    );
  });

  it('10 % of 2,000 kiosks is close to 200', () => {
    const id = '0193a7c0-0000-7000-8000-00000000abcd';
    const reached = Array.from({ length: 2000 }, (_, i) => `K${i}`).filter((kiosk) => kioskInRollout({ rolloutId: id, target: { branches: [], percentage: 10 } }, { kioskId: kiosk, branchId: null }));
    expect(reached.length).toBeGreaterThan(150);
    expect(reached.length).toBeLessThan(250);
  });

  it('the bucket is the same on every call (hub and kiosk agree)', () => {
    expect(rolloutBucket('r', 'K1001')).toBe(rolloutBucket('r', 'K1001'));
    expect(rolloutBucket('r', 'K1001')).toBeLessThan(10_000);
  });
});

describe('offer eligibility on the kiosk', () => {
  const hub = testHubKey();
  const release = hub.sign({ version: '2.0.0', channel: 'stable', url: 'https://hub.example/2.0.0.tar.gz', sha512: fakeSha512('2.0.0'), size: 10 });
  const kiosk = { kioskId: 'K1001', branchId: 'BR001' };
  const now = Date.UTC(2026, 11, 4);
  const context = { now, currentVersion: '1.0.0', rejected: [] };

  it('says why an offer is not taken', () => {
    expect(offerEligibility(offerOf(release), kiosk, context)).toEqual({ eligible: true });
    expect(offerEligibility(offerOf(release), kiosk, { ...context, currentVersion: '2.0.0' })).toEqual({ eligible: false, why: 'already-running' });
    expect(offerEligibility(offerOf(release), kiosk, { ...context, rejected: ['2.0.0'] })).toEqual({ eligible: false, why: 'rejected-before' });
    expect(offerEligibility(offerOf(release, { paused: true }), kiosk, context)).toEqual({ eligible: false, why: 'paused' });
    expect(offerEligibility(offerOf(release, { startsAt: '2027-01-01T00:00:00Z' }), kiosk, context)).toEqual({ eligible: false, why: 'not-started' });
    expect(offerEligibility(offerOf(release, { target: { branches: ['BR002'], percentage: 0 } }), kiosk, context)).toEqual({ eligible: false, why: 'not-targeted' });
  });
});

describe('maintenance window', () => {
  const shanghai = (from: string, to: string) => ({ from, to, timeZone: 'Asia/Shanghai' });

  it('is read in the branch time zone', () => {
    // 19:00 UTC is 03:00 in Shanghai.
    expect(windowOpen(shanghai('02:00', '05:00'), Date.UTC(2026, 11, 4, 19, 0))).toBe(true);
    expect(windowOpen(shanghai('02:00', '05:00'), Date.UTC(2026, 11, 4, 3, 0))).toBe(false);
    expect(windowOpen(shanghai('02:00', '05:00'), Date.UTC(2026, 11, 4, 21, 0))).toBe(false);
  });

  it('may span midnight', () => {
    expect(windowOpen(shanghai('22:00', '04:00'), Date.UTC(2026, 11, 4, 15, 30))).toBe(true);
    expect(windowOpen(shanghai('22:00', '04:00'), Date.UTC(2026, 11, 4, 18, 0))).toBe(true);
    expect(windowOpen(shanghai('22:00', '04:00'), Date.UTC(2026, 11, 4, 20, 0))).toBe(false);
  });
});
