// The journal's tail: rows acknowledged on the strength of their journal record alone, moved
// into sqlite afterwards in batches (outbox.node.ts, outbox-journal-store.node.ts).
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openLocalStore, STORE_FILE } from './local-store.node.js';
import { DRAIN_ROWS, journalOf } from './outbox-journal-store.node.js';
import { Outbox } from './outbox.node.js';
import { DiskFullError, SqliteDb, type SqlValue } from './sqlite.node.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'bk-tail-'));
const until = async (ok: () => boolean, ms = 2_000) => {
  for (const end = Date.now() + ms; !ok(); ) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** Rows as a second connection sees them in the store file (what a crash would leave of sqlite). */
async function storedSeqs(dir: string): Promise<number[]> {
  const raw = await SqliteDb.open(path.join(dir, STORE_FILE));
  const rows = await raw.all<{ seq: number }>('SELECT seq FROM outbox ORDER BY seq');
  await raw.close();
  return rows.map((r) => r.seq);
}

describe('outbox journal tail', () => {
  it('acknowledges after the journal write alone; the row reaches sqlite in the background, once', async () => {
    const dir = tmp();
    const db = await openLocalStore(dir);
    const outbox = new Outbox(db);
    const journal = journalOf(db)!;
    journal.drainIdleMs = 200;
    const a = await outbox.enqueue('t', { n: 1 });
    expect(journal.tail.map((e) => e.seq)).toEqual([a.seq]);
    expect(await storedSeqs(dir)).toEqual([]);
    await until(() => journal.tail.length === 0);
    expect(journal.drainError).toBeNull();
    expect(await storedSeqs(dir)).toEqual([a.seq]);
    await db.close();
  });

  it('lets every statement see the tail first: readers, raw SQL, and a business transaction numbered after it', async () => {
    const db = await openLocalStore(tmp());
    const outbox = new Outbox(db);
    journalOf(db)!.drainIdleMs = 60_000;
    const a = await outbox.enqueue('t', { n: 1 });
    expect((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM outbox'))?.n).toBe(1);
    const b = await outbox.enqueue('t', { n: 2 });
    // BEGIN moves the tail in its own commit, so the rollback cannot take it along.
    await expect(
      db.transaction(async () => {
        expect((await outbox.insert('t', { n: 'doomed' })).seq).toBe(b.seq + 1);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const c = await db.transaction(() => outbox.insert('t', { n: 3 }));
    const d = await outbox.enqueue('t', { n: 4 });
    // An insert outside a transaction moves the tail in first, then numbers its row after it.
    expect(journalOf(db)!.tail).toHaveLength(1);
    const e = await outbox.insert('t', { n: 5 });
    const f = await outbox.enqueue('t', { n: 6 });
    expect([a.seq, b.seq, c.seq, d.seq, e.seq, f.seq]).toEqual([0, 1, 2, 3, 4, 5].map((i) => a.seq + i));
    expect((await outbox.pending(10)).map((r) => r.payload)).toEqual([1, 2, 3, 4, 5, 6].map((n) => ({ n })));
    expect(journalOf(db)!.drainError).toBeNull();
    await db.close();
  });

  it('moves a long tail in batches, the background drain and a reader never inserting a row twice', async () => {
    const db = await openLocalStore(tmp());
    const outbox = new Outbox(db);
    const journal = journalOf(db)!;
    const written: number[] = [];
    for (let i = 0; i < DRAIN_ROWS * 2 + 7; i++) written.push((await outbox.enqueue('t', { n: i })).seq);
    await until(() => journal.tail.length === 0);
    expect(journal.drainError).toBeNull();
    expect(await outbox.backlog()).toBe(written.length);
    for (let i = 0; i < 60; i++) {
      written.push((await outbox.enqueue('t', { n: i })).seq);
      if (i % 20 === 0) expect(await outbox.backlog()).toBe(written.length);
    }
    expect((await outbox.pending(1_000)).map((r) => r.seq)).toEqual(written);
    await db.close();
  });

  it('keeps acknowledging while the background drain holds the connection; a reader queued behind it sees every row acknowledged before it asked', async () => {
    const db = await openLocalStore(tmp());
    const outbox = new Outbox(db);
    const journal = journalOf(db)!;
    journal.drainIdleMs = 60_000;
    // The drain's INSERT held at the gate: the connection stays busy with background work.
    let open = () => undefined as void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let drainStarted = false;
    const realAll = db.allPrepared.bind(db);
    vi.spyOn(db, 'allPrepared').mockImplementation(async <T,>(sql: string, params?: readonly SqlValue[]) => {
      if (sql.includes('json_each')) {
        drainStarted = true;
        await gate;
      }
      return realAll<T>(sql, params);
    });
    const first: number[] = [];
    for (let i = 0; i < DRAIN_ROWS; i++) first.push((await outbox.enqueue('t', { n: i })).seq);
    await until(() => drainStarted);
    // Acknowledged on their journal write while the drain waits at the gate.
    for (let i = 0; i < 3; i++) first.push((await outbox.enqueue('t', { n: 'during' })).seq);
    expect(journal.tail.map((e) => e.seq)).toEqual(first);
    const read = outbox.pending(1_000);
    // Asked after the reader: waits its turn behind it, so the reader's view is exact.
    const late = outbox.enqueue('t', { n: 'late' });
    open();
    expect((await read).map((r) => r.seq)).toEqual(first);
    expect((await late).seq).toBe(first.at(-1)! + 1);
    const all = await outbox.pending(1_000);
    expect(all.map((r) => r.seq)).toEqual([...first, first.at(-1)! + 1]);
    expect(journal.drainError).toBeNull();
    await db.close();
  });

  it('lets timers and the background drain run while a caller enqueues in a tight loop', async () => {
    const db = await openLocalStore(tmp());
    const outbox = new Outbox(db);
    const journal = journalOf(db)!;
    journal.drainIdleMs = 60_000;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    let written = 0;
    let longestTail = 0;
    const started = Date.now();
    // Back-to-back enqueues for 100 ms and five drains' worth at least: with no event-loop turn
    // in between, neither the timer nor the urgent drain (every DRAIN_ROWS rows) would run
    // until the loop ends.
    while (Date.now() - started < 100 || written < DRAIN_ROWS * 5) {
      await outbox.enqueue('t', { n: 1 });
      written++;
      longestTail = Math.max(longestTail, journal.tail.length);
    }
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(20);
    // Moved into sqlite while the loop ran (no statement of ours asked for it): the tail stayed short.
    expect(longestTail).toBeLessThan(DRAIN_ROWS * 4);
    await db.close();
  });

  it('moves each row into sqlite exactly as it was journaled (types, text, amounts)', async () => {
    const db = await openLocalStore(tmp());
    const outbox = new Outbox(db);
    const payload = { name: '张伟 "quoted" \\ back', emoji: '🏦', n: 1.5, nested: { ok: true } };
    const a = await outbox.enqueue('bill.payment', payload, { amountMinor: 12_345, schemaVersion: 3 });
    const b = await outbox.enqueue('queue.ticket.issued', { n: 2 });
    const rows = await db.all<{ seq: number; id: string; type: string; schema_version: unknown; payload: unknown; amount_minor: unknown; created_at: string; updated_at: string; state: string }>('SELECT * FROM outbox ORDER BY seq');
    expect(rows.map((r) => [r.seq, r.id, r.type, r.schema_version, r.amount_minor, r.state])).toEqual([
      [a.seq, a.id, 'bill.payment', 3, 12_345, 'pending'],
      [b.seq, b.id, 'queue.ticket.issued', 1, null, 'pending'],
    ]);
    expect(rows[0]!.payload).toBe(JSON.stringify(payload));
    expect(rows[0]!.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(rows[0]!.updated_at).toBe(rows[0]!.created_at);
    // The same types a FULL insert stores (typeof() in sqlite, not just JavaScript's view).
    expect(await db.get('SELECT typeof(seq) AS s, typeof(schema_version) AS v, typeof(amount_minor) AS m, typeof(payload) AS p FROM outbox WHERE seq = ?', [a.seq])).toEqual({ s: 'integer', v: 'integer', m: 'integer', p: 'text' });
    await db.close();
  });

  it('keeps acknowledged rows that never reached sqlite: a crash before the drain loses nothing', async () => {
    const dir = tmp();
    const db = await openLocalStore(dir);
    const outbox = new Outbox(db);
    journalOf(db)!.drainIdleMs = 60_000;
    const written = [];
    for (let i = 0; i < 5; i++) written.push(await outbox.enqueue('t', { n: i }));
    expect(journalOf(db)!.tail).toHaveLength(5);
    // The files as a kill -9 right now would leave them (the copy is taken before any drain).
    const crashed = tmp();
    cpSync(dir, crashed, { recursive: true });
    await db.close();
    expect(await storedSeqs(crashed)).toEqual([]);
    const again = await openLocalStore(crashed);
    expect((await new Outbox(again).pending(10)).map((r) => [r.seq, r.id])).toEqual(written.map((w) => [w.seq, w.id]));
    await again.close();
  });

  it('when sqlite is full: acknowledged rows stay in the journal, readers count them, nothing is numbered over them, a reopen puts them back', async () => {
    const dir = tmp();
    const db = await openLocalStore(dir);
    const outbox = new Outbox(db);
    const journal = journalOf(db)!;
    const first = await outbox.enqueue('t', { n: 0 });
    await outbox.backlog(); // drained
    const pages = await db.get<{ page_count: number }>('PRAGMA page_count');
    await db.exec(`PRAGMA max_page_count = ${pages?.page_count ?? 0}`);
    const held = [await outbox.enqueue('t', { n: 1, pad: 'x'.repeat(5_000) }, { amountMinor: 700 }), await outbox.enqueue('t', { n: 2 })];
    expect(await outbox.backlog()).toBe(3);
    expect(journal.tail).toHaveLength(2);
    expect(journal.drainError).toBeInstanceOf(DiskFullError);
    expect((await outbox.pending(10)).map((r) => r.seq)).toEqual([first.seq, ...held.map((h) => h.seq)]);
    expect((await outbox.pending(10, first.seq)).map((r) => r.seq)).toEqual(held.map((h) => h.seq));
    expect(await outbox.stats()).toMatchObject({ pending: 3 });
    expect(await outbox.exposure('t')).toEqual({ count: 3, amountMinor: 700 });
    expect(await outbox.byId(held[1]!.id)).toMatchObject({ seq: held[1]!.seq, state: 'pending', payload: { n: 2 } });
    // The sync engine sends only what sqlite holds: the held rows follow once they are in.
    expect((await outbox.batch(10))?.ids).toEqual([first.id]);
    // A business transaction cannot number a row while lower seqs wait outside sqlite.
    await expect(db.transaction(() => outbox.insert('t', { n: 'ticket' }))).rejects.toBeInstanceOf(DiskFullError);
    await db.close();
    const again = await openLocalStore(dir);
    expect((await new Outbox(again).pending(10)).map((r) => r.seq)).toEqual([first.seq, ...held.map((h) => h.seq)]);
    expect((await new Outbox(again).enqueue('t', { n: 3 })).seq).toBe(held[1]!.seq + 1);
    await again.close();
  });
});
