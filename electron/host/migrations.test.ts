import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLocalStore } from './local-store.node.js';
import { migrations } from './migrations.js';
import { Outbox } from './outbox.node.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'bk-migrate-'));

describe('kiosk store migrations', () => {
  it('are numbered 1, 2, … in order', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('upgrade a version-1 store with rows in every state, keeping them and their seqs', async () => {
    const dir = tmp();
    const v1 = await openLocalStore(dir, migrations.slice(0, 1));
    const now = new Date().toISOString();
    for (const [seq, state] of [[1, 'acked'], [2, 'sending'], [3, 'pending'], [4, 'rejected']] as const) {
      await v1.run(`INSERT INTO outbox (seq, id, type, schema_version, payload, state, attempts, created_at, updated_at) VALUES (?, ?, 'queue.ticket.issued', 1, ?, ?, 1, ?, ?)`, [seq, `0190a1b2-0000-7000-8000-00000000000${seq}`, JSON.stringify({ n: seq }), state, now, now]);
    }
    await v1.close();

    const db = await openLocalStore(dir);
    expect((await db.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    const outbox = new Outbox(db);
    expect((await outbox.pending(10)).map((r) => [r.seq, r.payload, r.amountMinor])).toEqual([[2, { n: 2 }, null], [3, { n: 3 }, null]]);
    expect(await outbox.stats()).toMatchObject({ pending: 2, rejected: 1 });
    // The sequence continues after the old rows: a seq is never reused.
    expect((await outbox.enqueue('bill.payment', {}, { amountMinor: 500 })).seq).toBe(5);
    expect(await outbox.exposure('bill.payment')).toEqual({ count: 1, amountMinor: 500 });
    expect(await db.get('SELECT COUNT(*) AS n FROM sync_cursor')).toEqual({ n: 0 });
    await db.close();
  });

  it('refuses a store written by a newer host', async () => {
    const dir = tmp();
    const db = await openLocalStore(dir);
    await db.run(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', '')`);
    await db.close();
    await expect(openLocalStore(dir)).rejects.toThrow(/newer than this host knows/);
  });
});
