import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { FieldCipher, fieldKey } from './field-crypto.node.js';
import { openLocalStore } from './local-store.node.js';
import { migrations } from './migrations.js';
import { SensitiveDataError } from './outbox-guard.js';
import { journalOf } from './outbox-journal-store.node.js';
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
    await outbox.markSendingRange(a.seq, b.seq);
    await outbox.markRejected(b.id, 'INVALID_ITEM', 'payload.amount: required');
    await outbox.markAckedRange(a.seq, b.seq);
    expect(await outbox.byId(a.id)).toMatchObject({ state: 'acked', attempts: 1 });
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

describe('outbox group commit', () => {
  it('commits concurrent enqueues in shared INSERTs and resolves each with its own seq', async () => {
    const db = await openLocalStore(tmp());
    const outbox = new Outbox(db);
    const all = vi.spyOn(db, 'allPrepared');
    const results = await Promise.all(Array.from({ length: 200 }, (_, n) => outbox.enqueue('t', { n })));
    const inserts = all.mock.calls.filter(([sql]) => sql.startsWith('INSERT INTO outbox'));
    expect(inserts.length).toBeLessThan(10);
    expect(new Set(results.map((r) => r.seq)).size).toBe(200);
    const rows = await outbox.pending(500);
    expect(rows).toHaveLength(200);
    // Each caller's seq is the seq of the row holding its payload.
    for (const [n, r] of results.entries()) expect(rows.find((row) => row.id === r.id)?.payload).toEqual({ n });
    expect(await outbox.backlog()).toBe(200);
    await db.close();
  });

  it('keeps concurrent callers in shared journal writes round after round (a lone write only for a lone caller)', async () => {
    const db = await openLocalStore(tmp());
    const outbox = new Outbox(db);
    const writes = vi.spyOn(journalOf(db)!, 'write');
    const callers = 16;
    const rounds = 5;
    await Promise.all(
      Array.from({ length: callers }, async (_, c) => {
        for (let r = 0; r < rounds; r++) await outbox.enqueue('t', { c, r });
      }),
    );
    // Each round's rows arrive together and share one write (the very first may go alone).
    expect(writes.mock.calls.length).toBeLessThanOrEqual(rounds + 2);
    expect(writes.mock.calls.reduce((n, [records]) => n + records.length, 0)).toBe(callers * rounds);
    writes.mockClear();
    // One caller at a time: one write each, none waiting for company.
    for (let i = 0; i < 3; i++) await outbox.enqueue('t', { alone: i });
    expect(writes.mock.calls.map(([records]) => records.length)).toEqual([1, 1, 1]);
    await db.close();
  });

  it('keeps a ticket transaction isolated from a concurrent sync read', async () => {
    const db = await openLocalStore(tmp());
    const outbox = new Outbox(db);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const business = db.transaction(async () => {
      await outbox.insert('t', { inTx: true });
      await gate;
      throw new Error('printer exploded');
    });
    // Queued behind the open transaction, so it can never see (and send) the doomed row.
    const read = outbox.pending(10);
    release();
    await expect(business).rejects.toThrow('printer exploded');
    expect(await read).toEqual([]);
    await db.close();
  });

  it('refuses full card numbers and track data with a typed error, storing nothing', async () => {
    const db = await openLocalStore(tmp());
    const outbox = new Outbox(db);
    await expect(outbox.enqueue('bill.payment', { card: '4111 1111 1111 1111' })).rejects.toMatchObject({ name: 'SensitiveDataError', code: 'PAN_DETECTED', path: 'card' });
    await expect(outbox.enqueue('t', { raw: ';6222020200112233445=2512101' })).rejects.toBeInstanceOf(SensitiveDataError);
    await expect(outbox.insert('t', { nested: { list: ['x', '6222020200112233446'] } })).rejects.toMatchObject({ code: 'PAN_DETECTED', path: 'nested.list[1]' });
    expect(await outbox.stats()).toMatchObject({ pending: 0 });
    await outbox.enqueue('t', { card: '411111******1111', at: 1763900000000 });
    expect(await outbox.backlog()).toBe(1);
    await db.close();
  });

  it('stores sensitive fields sealed with key id and nonce, and opens them for sending', async () => {
    const db = await openLocalStore(tmp());
    const key = fieldKey(randomBytes(32));
    const keys = { current: async () => key, byId: async (kid: string) => (kid === key.kid ? key.key : null) };
    const outbox = new Outbox(db, { cipher: new FieldCipher(keys), sensitiveFields: (t) => (t === 'account.open' ? ['idNumber'] : []) });
    const { id } = await outbox.enqueue('account.open', { idNumber: '110101199003071234', branch: 'BR1' });
    const stored = await outbox.byId(id);
    expect(stored?.payload.branch).toBe('BR1');
    expect(stored?.payload.idNumber).toMatchObject({ $enc: 'A256GCM', kid: key.kid, iv: expect.any(String), ct: expect.any(String) });
    expect(JSON.stringify(stored?.payload)).not.toContain('110101199003071234');
    expect((await outbox.pending(10))[0]?.payload).toEqual({ idNumber: '110101199003071234', branch: 'BR1' });
    // A ciphertext moved to another row no longer opens: that row becomes a dead letter.
    const other = await outbox.enqueue('account.open', { idNumber: 'x' });
    await db.run('UPDATE outbox SET payload = ? WHERE id = ?', [JSON.stringify(stored?.payload), other.id]);
    expect((await outbox.pending(10)).map((r) => r.id)).toEqual([id]);
    expect(await outbox.byId(other.id)).toMatchObject({ state: 'rejected', rejectCode: 'UNDECRYPTABLE' });
    await db.close();
  });
});

describe('outbox and open transactions', () => {
  it('never lets an enqueue or a commit listener started inside a transaction join it', async () => {
    const db = await openLocalStore(tmp());
    let sawDoomedRow: boolean | null = null;
    let listenerRead: () => void = () => undefined;
    const listenerHasRead = new Promise<void>((resolve) => (listenerRead = resolve));
    const outbox = new Outbox(db, {
      // What the sync engine does on a commit: read the backlog.
      onCommitted: () =>
        void outbox.pending(10).then((rows) => {
          sawDoomedRow ??= rows.some((r) => r.payload.doomed === true);
          listenerRead();
        }),
    });
    let queued: Promise<unknown> = Promise.resolve();
    await expect(
      db.transaction(async () => {
        await outbox.insert('t', { doomed: true });
        queued = outbox.enqueue('t', { alert: true }); // e.g. the storage alert, fired mid-transaction
        await new Promise((r) => setTimeout(r, 30)); // long enough for a flush to run, if it could
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await queued;
    await listenerHasRead;
    expect((await outbox.pending(10)).map((r) => r.payload)).toEqual([{ alert: true }]);
    expect(sawDoomedRow).toBe(false);
    await db.close();
  });
});
