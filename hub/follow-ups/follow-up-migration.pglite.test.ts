// Migration 14 on a database that already holds call-back requests (issue 12): each becomes a
// follow-up case with a 24 h deadline from its arrival, so staff have one list from the start.
// And HUB_FOLLOW_UP_SLA_HOURS: a bad value stops the hub instead of silently using 24 h.
import { describe, expect, it } from 'vitest';
import { migrate, migrations } from '../storage/migrations.js';
import { openTestPglite } from '../testing/test-databases.node.js';
import { DEFAULT_FOLLOW_UP_SLA_MS } from './follow-up-ingest.js';
import { followUpPolicyFromEnv } from './follow-up-config.js';

describe('migration 14', () => {
  it('turns call-backs synced before it into open call-back cases', async () => {
    const { db, dispose } = await openTestPglite();
    try {
      await migrate(db, migrations.slice(0, 13));
      await db.query(`INSERT INTO kiosks (kiosk_id, branch_id) VALUES ('K9', 'BR9')`);
      await db.query(
        `INSERT INTO kiosk_transactions (kiosk_id, tx_id, seq, type, schema_version, created_at, received_at, payload)
         VALUES ('K9', '0193a5e2-0000-7000-8000-0000000000c1', 1, 'assist.callback.requested', 1, '2026-12-01T08:00:00Z', '2026-12-01T08:00:05Z', $1),
                ('K9', '0193a5e2-0000-7000-8000-0000000000c2', 2, 'queue.ticket.issued', 1, '2026-12-01T08:01:00Z', '2026-12-01T08:01:05Z', '{}')`,
        [JSON.stringify({ reference: 'CB-ABCDEF', phone: '13812345678', locale: 'zh-CN', topic: 'cards', consent: true, requestedAt: '2026-12-01T08:00:00Z' })],
      );
      expect(await migrate(db, migrations.slice(0, 14))).toEqual([14]);
      const { rows } = await db.query<{ kind: string; branch_id: string; status: string; reference: string; phone: string; opened_at: Date; due_at: Date }>('SELECT kind, branch_id, status, reference, phone, opened_at, due_at FROM follow_up_cases');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: 'call-back', branch_id: 'BR9', status: 'open', reference: 'CB-ABCDEF', phone: '13812345678' });
      expect(new Date(rows[0]?.due_at ?? 0).getTime() - new Date(rows[0]?.opened_at ?? 0).getTime()).toBe(24 * 3600_000);
    } finally {
      await dispose();
    }
  }, 30_000);
});

describe('HUB_FOLLOW_UP_SLA_HOURS', () => {
  it('defaults to 24 h and takes fractional hours', () => {
    expect(followUpPolicyFromEnv({}).slaMs).toBe(DEFAULT_FOLLOW_UP_SLA_MS);
    expect(followUpPolicyFromEnv({ HUB_FOLLOW_UP_SLA_HOURS: '4.5' }).slaMs).toBe(4.5 * 3600_000);
  });

  it.each(['0', '-1', 'soon', '100000'])('refuses %s', (value) => {
    expect(() => followUpPolicyFromEnv({ HUB_FOLLOW_UP_SLA_HOURS: value })).toThrow(/HUB_FOLLOW_UP_SLA_HOURS/);
  });
});
