// Nonce claims commit without waiting for the WAL flush (hub-capacity, issue 15); everything
// else keeps a synchronous commit. Needs the PostgreSQL at HUB_TEST_DATABASE_URL.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestSchema, openTestPostgres, TEST_DATABASE_URL, type TestDatabase } from '../testing/test-databases.node.js';
import { openPostgres, withServerSettings } from './postgres.node.js';
import { createAuthStore } from './auth-store.js';
import { sqlText, type Database, type Queryable } from './queryable.js';

let test: TestDatabase;

beforeAll(async () => {
  test = await openTestPostgres();
});

afterAll(async () => {
  await test.dispose();
});

async function setting(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
  return rows[0]!.synchronous_commit;
}

it('the relaxed connections skip the WAL flush wait, in the same schema; the others do not', async () => {
  const { db } = test;
  expect(db.relaxed).toBeDefined();
  expect(await setting(db.relaxed!)).toBe('off');
  expect(await setting(db)).toBe('on');
  expect(await db.transaction((tx) => setting(tx))).toBe('on');
  const path = async (q: Queryable) => (await q.query<{ search_path: string }>('SHOW search_path')).rows[0]!.search_path;
  expect(await path(db.relaxed!)).toBe(await path(db));
});

it('keeps the setting when the connection string carries its own options (a search_path in DATABASE_URL)', async () => {
  const { schema, drop } = await createTestSchema();
  const db = await openPostgres({ connectionString: `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}` });
  try {
    expect(await setting(db.relaxed!)).toBe('off');
    expect(await setting(db)).toBe('on');
    const path = (await db.relaxed!.query<{ search_path: string }>('SHOW search_path')).rows[0]!.search_path;
    expect(path).toBe(schema);
  } finally {
    await db.close();
    await drop();
  }
});

it('nonce claims go through the relaxed connections and still refuse a replay', async () => {
  const statements: string[] = [];
  const relaxed = test.db.relaxed!;
  const spied: Database = {
    ...test.db,
    transaction: (work) => test.db.transaction(work),
    close: () => Promise.resolve(),
    relaxed: {
      query: (sql, params) => {
        statements.push(sqlText(sql).trim().split(/\s+/, 3).join(' '));
        return relaxed.query(sql, params);
      },
      exec: (sql) => relaxed.exec(sql),
    },
  };
  const store = await createAuthStore(spied);
  const expiresAt = new Date(Date.now() + 300_000);
  expect(await store.claimNonce({ kioskId: 'K-relaxed', nonce: 'n-1', expiresAt })).toBe(true);
  expect(await store.claimNonce({ kioskId: 'K-relaxed', nonce: 'n-1', expiresAt })).toBe(false);
  expect(statements).toEqual(['INSERT INTO kiosk_request_nonces', 'INSERT INTO kiosk_request_nonces']);
});

it('adds server settings to a URL’s own options, and beside a key=value connection string', () => {
  expect(withServerSettings('postgres://u@h:5432/db?options=-c%20search_path%3Ds1', ['-c synchronous_commit=off'])).toEqual({
    connectionString: 'postgres://u@h:5432/db?options=-c+search_path%3Ds1+-c+synchronous_commit%3Doff',
  });
  expect(new URL(withServerSettings('postgres://u@h/db', ['-c a=b']).connectionString).searchParams.get('options')).toBe('-c a=b');
  expect(withServerSettings('host=/run/postgresql dbname=db', ['-c a=b'])).toEqual({ connectionString: 'host=/run/postgresql dbname=db', options: '-c a=b' });
  expect(withServerSettings('postgres://u@h/db', [])).toEqual({ connectionString: 'postgres://u@h/db' });
});
