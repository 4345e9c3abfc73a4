import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLocalStore } from './local-store.node.js';
import { migrations } from './migrations.js';
import { Outbox } from './outbox.node.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'bk-outbox-'));

describe('outbox', () => {
  it('numbers rows in a strictly increasing per-kiosk sequence with UUIDv7 ids', async () => {
    const db = await openLocalStore(tmp());
    const outbox = new Outbox(db);
    const a = await outbox.enqueue('queue.ticket.issued', { n: 1 });
    const b = await outbox.enqueue('queue.ticket.issued', { n: 2 });
    expect(b.seq).toBe(a.seq + 1);
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await outbox.pending(10)).map((r) => r.payload)).toEqual([{ n: 1 }, { n: 2 }]);
    await db.close();
  });

  it('keeps rows across a reopen and runs each migration once', async () => {
    const dir = tmp();
    const first = await openLocalStore(dir);
    await new Outbox(first).enqueue('t', { kept: true });
    await first.close();
    const second = await openLocalStore(dir);
    const versions = await second.all<{ version: number }>('SELECT version FROM schema_migrations');
    expect(versions.map((v) => v.version)).toEqual(migrations.map((m) => m.version));
    expect((await new Outbox(second).pending(10))[0]?.payload).toEqual({ kept: true });
    const mode = await second.get<{ journal_mode: string }>('PRAGMA journal_mode');
    const sync = await second.get<{ synchronous: number }>('PRAGMA synchronous');
    expect(mode?.journal_mode).toBe('wal');
    expect(sync?.synchronous).toBe(2);
    await second.close();
  });

  it('moves rows to acked or to the visible rejected state, never deleting them', async () => {
    const db = await openLocalStore(tmp());
    const outbox = new Outbox(db);
    const a = await outbox.enqueue('t', {});
    const b = await outbox.enqueue('t', {});
    await outbox.markAttempt([a.id, b.id]);
    await outbox.markAcked([a.id]);
    await outbox.markRejected(b.id, 'INVALID_ITEM', 'payload.amount: required');
    expect(await outbox.pending(10)).toEqual([]);
    expect(await outbox.byId(b.id)).toMatchObject({ state: 'rejected', rejectCode: 'INVALID_ITEM', attempts: 1 });
    expect(await outbox.stats()).toEqual({ pending: 0, rejected: 1, oldestPendingAt: null });
    await db.close();
  });

  it('rolls back the whole business change when part of it fails', async () => {
    const db = await openLocalStore(tmp());
    const outbox = new Outbox(db);
    await expect(
      db.transaction(async () => {
        await outbox.insert('t', {});
        throw new Error('printer exploded');
      }),
    ).rejects.toThrow('printer exploded');
    expect(await outbox.stats()).toMatchObject({ pending: 0 });
    await db.close();
  });
});
