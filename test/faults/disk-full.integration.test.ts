// Disk full during enqueue, on a real (tiny tmpfs) file system: the enqueue fails with the
// STORAGE_FULL code, and the database still opens and holds every row acknowledged before.
// Also with sqlite's max_page_count, which simulates a full disk without mounting anything.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalStore } from '../../electron/host/local-store.node.js';
import { Outbox } from '../../electron/host/outbox.node.js';
import { DiskFullError } from '../../electron/host/sqlite.node.js';

const payload = (n: number) => ({ n, filler: 'x'.repeat(3_000) });

async function fillUntilFull(outbox: Outbox): Promise<{ acknowledged: number[]; error: unknown }> {
  const acknowledged: number[] = [];
  for (let n = 0; n < 100_000; n++) {
    try {
      await outbox.enqueue('t', payload(n));
      acknowledged.push(n);
    } catch (error) {
      return { acknowledged, error };
    }
  }
  throw new Error('the disk never filled');
}

async function expectIntact(dir: string, acknowledged: number[]): Promise<void> {
  const db = await openLocalStore(dir);
  expect(await db.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
  const rows = await new Outbox(db).pending(acknowledged.length + 10);
  expect(rows.map((r) => r.payload.n)).toEqual(acknowledged);
  await db.close();
}

describe('disk full during enqueue', () => {
  let mount = '';
  beforeAll(() => {
    mount = mkdtempSync(path.join(os.tmpdir(), 'bk-tmpfs-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mount]);
  });
  afterAll(() => {
    if (mount) execFileSync('umount', [mount]);
    rmSync(mount, { recursive: true, force: true });
  });

  it('on a full tmpfs: a clear STORAGE_FULL error, the database intact, writable once space is freed', async () => {
    const dir = path.join(mount, 'store');
    const filler = path.join(mount, 'filler');
    writeFileSync(filler, Buffer.alloc(1024 * 1024));
    const db = await openLocalStore(dir);
    const outbox = new Outbox(db);
    const { acknowledged, error } = await fillUntilFull(outbox);
    expect(error).toBeInstanceOf(DiskFullError);
    expect(error).toMatchObject({ code: 'STORAGE_FULL' });
    expect(acknowledged.length).toBeGreaterThan(50);
    await db.close().catch(() => undefined); // the final checkpoint may itself need space
    await expectIntact(dir, acknowledged);

    rmSync(filler);
    const again = await openLocalStore(dir);
    await new Outbox(again).enqueue('t', payload(-1));
    expect(await new Outbox(again).backlog()).toBe(acknowledged.length + 1);
    await again.close();
  });

  it('with max_page_count: the same refusal, and every earlier row survives a reopen', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-pagelimit-'));
    const db = await openLocalStore(dir);
    const pages = await db.get<{ page_count: number }>('PRAGMA page_count');
    await db.exec(`PRAGMA max_page_count = ${(pages?.page_count ?? 0) + 40}`);
    const outbox = new Outbox(db);
    const { acknowledged, error } = await fillUntilFull(outbox);
    expect(error).toBeInstanceOf(DiskFullError);
    expect(acknowledged.length).toBeGreaterThan(10);
    // The connection itself stays usable for reads after the refusal.
    expect(await outbox.backlog()).toBe(acknowledged.length);
    await db.close();
    await expectIntact(dir, acknowledged);
    // A fresh connection has no page cap: the kiosk writes again.
    const again = await openLocalStore(dir);
    await new Outbox(again).enqueue('t', payload(-1));
    await again.close();
  });
});
