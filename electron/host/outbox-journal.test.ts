import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openLocalStore, STORE_FILE } from './local-store.node.js';
import { migrations } from './migrations.js';
import { RECORD_HEADER_BYTES, scanRecords } from './outbox-journal-format.node.js';
import { journalOf, type JournalRecovery } from './outbox-journal-store.node.js';
import { JOURNAL_FILE } from './outbox-journal.node.js';
import { Outbox } from './outbox.node.js';
import { SqliteDb } from './sqlite.node.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'bk-journal-'));

/** Enqueues `n` rows one at a time (one journal record each) and closes the store. */
async function writeRows(dir: string, n: number): Promise<{ id: string; seq: number }[]> {
  const db = await openLocalStore(dir);
  const outbox = new Outbox(db);
  const out: { id: string; seq: number }[] = [];
  for (let i = 0; i < n; i++) out.push(await outbox.enqueue('t', { n: i }));
  await db.close();
  return out;
}

/**
 * What a power cut does to sqlite at synchronous=NORMAL: its unsynced tail of commits is gone.
 * Simulated on the closed store by removing the rows from `fromSeq` on (and their sequence).
 */
async function loseSqliteTail(dir: string, fromSeq: number): Promise<void> {
  const raw = await SqliteDb.open(path.join(dir, STORE_FILE));
  await raw.run('DELETE FROM outbox WHERE seq >= ?', [fromSeq]);
  await raw.run(`UPDATE sqlite_sequence SET seq = ? WHERE name = 'outbox'`, [fromSeq - 1]);
  await raw.close();
}

/** Start offsets of the journal's records, in order. */
function recordOffsets(dir: string, count: number): number[] {
  const buf = readFileSync(path.join(dir, JOURNAL_FILE));
  const offsets: number[] = [];
  for (let at = 0; offsets.length < count; at += RECORD_HEADER_BYTES + buf.readUInt32LE(at)) offsets.push(at);
  return offsets;
}

function damage(dir: string, at: number): void {
  const file = path.join(dir, JOURNAL_FILE);
  const buf = readFileSync(file);
  buf[at] = buf[at]! ^ 0xff;
  writeFileSync(file, buf);
}

async function reopen(dir: string): Promise<{ rows: { seq: number; id: string; payload: unknown }[]; problems: JournalRecovery[] }> {
  const problems: JournalRecovery[] = [];
  const db = await openLocalStore(dir, migrations, { onProblem: (r) => problems.push(r) });
  const rows = (await new Outbox(db).pending(100)).map((r) => ({ seq: r.seq, id: r.id, payload: r.payload }));
  await db.close();
  return { rows, problems };
}

describe('outbox journal', () => {
  it('makes an enqueue durable with one small journal record, not a sqlite fsync', async () => {
    const dir = tmp();
    const db = await openLocalStore(dir);
    const outbox = new Outbox(db);
    const before = readFileSync(path.join(dir, JOURNAL_FILE));
    const { id, seq } = await outbox.enqueue('t', { hello: 'world' });
    const journal = journalOf(db);
    expect(journal).toBeDefined();
    const scan = scanRecords(readFileSync(path.join(dir, JOURNAL_FILE)), journal!.stamp);
    expect(scan.entries).toMatchObject([{ id, seq, type: 't', payload: '{"hello":"world"}' }]);
    // Preallocated: the file's size never changes, so an append carries no size metadata.
    expect(readFileSync(path.join(dir, JOURNAL_FILE)).length).toBe(before.length);
    await db.close();
  });

  it('puts back every acknowledged row a power cut took from sqlite, with its seq and content', async () => {
    const dir = tmp();
    const written = await writeRows(dir, 5);
    await loseSqliteTail(dir, written[2]!.seq);
    const { rows, problems } = await reopen(dir);
    expect(rows.map((r) => [r.seq, r.id, r.payload])).toEqual(written.map((w, n) => [w.seq, w.id, { n }]));
    expect(problems).toEqual([]);
    // Idempotent: a second open finds the rows present and changes nothing.
    expect((await reopen(dir)).rows).toHaveLength(5);
  });

  it('ignores a torn last record (never acknowledged) and keeps the rows before it', async () => {
    const dir = tmp();
    const written = await writeRows(dir, 3);
    await loseSqliteTail(dir, written[1]!.seq);
    const offsets = recordOffsets(dir, 3);
    damage(dir, offsets[2]! + RECORD_HEADER_BYTES + 5); // the third record's body, half written
    const { rows, problems } = await reopen(dir);
    expect(rows.map((r) => r.id)).toEqual([written[0]!.id, written[1]!.id]);
    expect(problems).toEqual([]);
    // The store continues after the rows it holds, without a hole in the sequence.
    const db = await openLocalStore(dir);
    expect((await new Outbox(db).enqueue('t', {})).seq).toBe(written[1]!.seq + 1);
    await db.close();
  });

  it('reports a CRC-corrupt record followed by valid ones, keeps the journal aside, and replays up to it', async () => {
    const dir = tmp();
    const written = await writeRows(dir, 4);
    await loseSqliteTail(dir, written[0]!.seq);
    damage(dir, recordOffsets(dir, 4)[1]! + RECORD_HEADER_BYTES + 3);
    const { rows, problems } = await reopen(dir);
    expect(rows.map((r) => r.id)).toEqual([written[0]!.id]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ records: 1, restored: 1, stop: { kind: 'corrupt', reason: 'CRC mismatch' } });
    expect(existsSync(problems[0]!.keptAt ?? '')).toBe(true);
  });

  it('restarts when full, after a FULL commit made every row durable in sqlite; only the new generation replays', async () => {
    const dir = tmp();
    const db = await openLocalStore(dir, migrations, { bytes: 2048 });
    const outbox = new Outbox(db);
    const first = journalOf(db)!.stamp.generation;
    const written: { id: string; seq: number }[] = [];
    // About nine records fit in 2 KiB; 33 rows end three records into the fourth restart.
    for (let i = 0; i < 33; i++) written.push(await outbox.enqueue('t', { n: i, pad: 'x'.repeat(100) }));
    const stamp = journalOf(db)!.stamp;
    expect(stamp.generation).toBeGreaterThan(first + 2);
    await db.close();
    // Only the rows after the last restart are in the journal: everything before was made
    // durable by that restart's FULL commit, so that is all a power cut can take.
    const inJournal = scanRecords(readFileSync(path.join(dir, JOURNAL_FILE)), stamp).entries.map((e) => e.seq);
    expect(inJournal.length).toBeGreaterThan(0);
    expect(inJournal).toEqual(written.slice(-inJournal.length).map((w) => w.seq));
    await loseSqliteTail(dir, inJournal[0]!);
    const { rows } = await reopen(dir);
    expect(rows.map((r) => r.seq)).toEqual(written.map((w) => w.seq));
  });

  it('a failed journal write leaves nothing behind: no row, no seq gap, nothing replayed later', async () => {
    const dir = tmp();
    const db = await openLocalStore(dir);
    const outbox = new Outbox(db);
    const a = await outbox.enqueue('t', { n: 'a' });
    const journal = journalOf(db)!;
    const realWrite = journal.write.bind(journal);
    // The worst case: the record reaches the disk in full, then the write reports an error.
    vi.spyOn(journal, 'write').mockImplementationOnce((records) => {
      realWrite(records);
      throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
    });
    await expect(outbox.enqueue('t', { n: 'lost' })).rejects.toThrow('EIO');
    expect((await outbox.pending(10)).map((r) => r.id)).toEqual([a.id]);
    const b = await outbox.enqueue('t', { n: 'b' });
    expect(b.seq).toBe(a.seq + 1);
    await db.close();
    await loseSqliteTail(dir, a.seq);
    expect((await reopen(dir)).rows.map((r) => r.payload)).toEqual([{ n: 'a' }, { n: 'b' }]);
  });

  it('numbers a business transaction after the journaled rows, and journaled rows after it', async () => {
    const dir = tmp();
    const db = await openLocalStore(dir);
    const outbox = new Outbox(db);
    const a = await outbox.enqueue('t', { n: 1 });
    const t = await db.transaction(() => outbox.insert('t', { n: 2 }));
    await expect(db.transaction(async () => {
      await outbox.insert('t', { n: 'rolled back' });
      throw new Error('printer exploded');
    })).rejects.toThrow('printer exploded');
    const b = await outbox.enqueue('t', { n: 3 });
    expect([a.seq, t.seq, b.seq]).toEqual([a.seq, a.seq + 1, a.seq + 2]);
    expect((await outbox.pending(10)).map((r) => r.payload)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    await db.close();
  });

  it('ignores the records of a journal that belongs to another store', async () => {
    const dir = tmp();
    await writeRows(dir, 2);
    const other = tmp();
    await writeRows(other, 1);
    // The other store's journal, with valid records of its own, copied over this one's.
    writeFileSync(path.join(dir, JOURNAL_FILE), readFileSync(path.join(other, JOURNAL_FILE)));
    await loseSqliteTail(dir, 1);
    expect((await reopen(dir)).rows).toEqual([]);
  });
});
