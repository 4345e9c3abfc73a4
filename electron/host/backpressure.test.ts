// Admission's cost on the enqueue path: the backlog is counted once per check interval, not
// per enqueue (a COUNT would also force the outbox journal's tail into sqlite each time), and
// the limit still holds exactly between counts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Backpressure } from './backpressure.node.js';
import type { SqliteDb } from './sqlite.node.js';

function setup(maxBacklog: number, rows: { n: number }) {
  const dbFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'bk-bp-')), 'kiosk.sqlite');
  writeFileSync(dbFile, '');
  const db = { get: async (sql: string) => (sql.includes('page_count') ? { page_count: 1 } : { page_size: 4096 }) } as unknown as SqliteDb;
  const clock = { now: 1_000 };
  const counts = { backlog: 0 };
  const alerts: string[] = [];
  const bp = new Backpressure({
    db,
    dbFile,
    limits: { maxBacklog, maxDbBytes: 1e12, minFreeDiskBytes: 0 },
    backlog: async () => {
      counts.backlog += 1;
      return rows.n;
    },
    onLimitReached: (reason) => alerts.push(reason),
    diskCheckEveryMs: 1_000,
    now: () => clock.now,
  });
  return { bp, clock, counts, alerts };
}

describe('back-pressure on the enqueue path', () => {
  it('counts the backlog once per interval and adds what it admitted since', async () => {
    const rows = { n: 10 };
    const t = setup(15, rows);
    for (let i = 0; i < 5; i++) await t.bp.admit();
    expect(t.counts.backlog).toBe(1);
    // 10 counted + 5 admitted = the limit: the sixth is refused without another count.
    await expect(t.bp.admit()).rejects.toMatchObject({ code: 'STORAGE_FULL', reason: 'BACKLOG' });
    expect(t.counts.backlog).toBe(1);
    expect(t.alerts).toEqual(['BACKLOG']);
  });

  it('counts afresh after the interval, so rows the hub took make room again', async () => {
    const rows = { n: 14 };
    const t = setup(15, rows);
    await t.bp.admit();
    await expect(t.bp.admit()).rejects.toMatchObject({ reason: 'BACKLOG' });
    rows.n = 2;
    t.clock.now += 1_000;
    await t.bp.admit();
    expect(t.counts.backlog).toBe(2);
    expect((await t.bp.use()).backlog).toBe(3);
  });

  it('counts afresh at once after invalidate (the sync engine settled rows)', async () => {
    const rows = { n: 14 };
    const t = setup(15, rows);
    await t.bp.admit();
    await expect(t.bp.admit()).rejects.toMatchObject({ reason: 'BACKLOG' });
    rows.n = 0;
    t.bp.invalidate();
    await t.bp.admit();
    expect((await t.bp.use()).backlog).toBe(1);
  });
});
