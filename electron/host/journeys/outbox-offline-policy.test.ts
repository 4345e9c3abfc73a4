// Offline limits for a bill payment met with the hub away: judged offline whatever the last
// sync status said, against the outbox's unconfirmed bill payments and the time since the last sync.
import { describe, expect, it } from 'vitest';
import { defaultOfflineRules } from '../offline-rules.js';
import { outboxOfflinePolicy } from './outbox-offline-policy.node.js';

const NOW = Date.parse('2026-12-04T10:00:00Z');
const cny = (minor: number) => ({ minor, currency: 'CNY' as const });

function policy(exposure: { count: number; amountMinor: number }, lastSyncAt: string | null) {
  const asked: string[] = [];
  const p = outboxOfflinePolicy({ rules: defaultOfflineRules, outbox: { exposure: async (type) => (asked.push(type), exposure) }, lastSyncAt: () => lastSyncAt, now: () => NOW });
  return { p, asked };
}

describe('offline policy for bill payments', () => {
  it('allows a small payment soon after the last sync, and asks the outbox about bill payments only', async () => {
    const { p, asked } = policy({ count: 0, amountMinor: 0 }, '2026-12-04T09:30:00Z');
    expect(await p.mayPayOffline(cny(7_840))).toBe(true);
    expect(asked).toEqual(['bill.payment']);
  });

  it('refuses above the per-payment and total limits, past the count, too long offline, or never synced', async () => {
    const recent = '2026-12-04T09:30:00Z';
    expect(await policy({ count: 0, amountMinor: 0 }, recent).p.mayPayOffline(cny(200_001))).toBe(false);
    expect(await policy({ count: 3, amountMinor: 950_000 }, recent).p.mayPayOffline(cny(60_000))).toBe(false);
    expect(await policy({ count: 20, amountMinor: 0 }, recent).p.mayPayOffline(cny(100))).toBe(false);
    expect(await policy({ count: 0, amountMinor: 0 }, '2026-12-04T05:00:00Z').p.mayPayOffline(cny(100))).toBe(false);
    expect(await policy({ count: 0, amountMinor: 0 }, null).p.mayPayOffline(cny(100))).toBe(false);
  });
});
