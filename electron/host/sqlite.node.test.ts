import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteDb } from './sqlite.node.js';

const mode = (f: string) => statSync(f).mode & 0o777;

describe('sqlite store file modes', () => {
  it('creates the database and its -wal and -shm files 0600', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'bk-sqlite-')), 'kiosk.sqlite');
    const db = await SqliteDb.open(file);
    await db.exec('CREATE TABLE t (x INTEGER)');
    await db.run('INSERT INTO t VALUES (1)');
    expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual([0o600, 0o600, 0o600]);
    await db.close();
  });

  it('narrows a database an older version left 0644', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'bk-sqlite-')), 'kiosk.sqlite');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    const db = await SqliteDb.open(file);
    expect(mode(file)).toBe(0o600);
    await db.close();
  });
});
