import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteDb } from './sqlite.node.js';

const open = () => SqliteDb.open(path.join(mkdtempSync(path.join(os.tmpdir(), 'bk-sqlite-sync-')), 'kiosk.sqlite'));
const level = async (db: SqliteDb) => (await db.get<{ synchronous: number }>('PRAGMA synchronous'))?.synchronous;

describe('sqlite durability levels', () => {
  it('runs relaxed work at NORMAL and every other statement at FULL again', async () => {
    const db = await open();
    await db.exec('CREATE TABLE t (x INTEGER)');
    expect(await level(db)).toBe(2);
    const inside = await db.relaxed(async () => {
      await db.run('INSERT INTO t VALUES (1)');
      return level(db);
    });
    expect(inside).toBe(1);
    // The next statement outside relaxed work, whatever it is, finds FULL restored first.
    expect(await level(db)).toBe(2);
    await db.relaxed(() => db.run('INSERT INTO t VALUES (2)'));
    expect(await db.transaction(() => level(db))).toBe(2);
    await db.close();
  });

  it('leaves a query after relaxed work at NORMAL (it commits nothing) and switches back before the next statement that may write', async () => {
    const db = await open();
    await db.exec('CREATE TABLE t (x INTEGER)');
    await db.relaxed(() => db.run('INSERT INTO t VALUES (1)'));
    // Read through a SELECT, which is a query: no PRAGMA round trip on the way.
    const seen = async () => (await db.get<{ synchronous: number }>('SELECT synchronous FROM pragma_synchronous'))?.synchronous;
    expect(await seen()).toBe(1);
    await db.run('INSERT INTO t VALUES (2)');
    expect(await seen()).toBe(2);
    await db.relaxed(() => db.run('INSERT INTO t VALUES (3)'));
    // A write through a CTE does not start with SELECT, so it is not taken for a query.
    await db.all('WITH v(x) AS (SELECT 4) INSERT INTO t SELECT x FROM v RETURNING x');
    expect(await seen()).toBe(2);
    await db.close();
  });

  it('runs close hooks before the connection closes', async () => {
    const db = await open();
    const seen: number[] = [];
    db.onClose(async () => void seen.push((await db.get<{ n: number }>('SELECT 1 AS n'))?.n ?? 0));
    await db.close();
    expect(seen).toEqual([1]);
  });
});
