// The hot statements of kiosk requests are prepared once per PostgreSQL connection and run
// from then on without being parsed and planned again (queryable.ts, issue 15). Needs the
// PostgreSQL at HUB_TEST_DATABASE_URL.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestSchema, TEST_DATABASE_URL } from '../testing/test-databases.node.js';
import { openPostgres } from './postgres.node.js';
import { namedStatement, type Database } from './queryable.js';

let db: Database;
let drop: () => Promise<void>;

beforeAll(async () => {
  const schema = await createTestSchema();
  drop = schema.drop;
  // One connection, so the session asked about its prepared statements is the one that ran them.
  db = await openPostgres({ connectionString: TEST_DATABASE_URL, searchPath: schema.schema, maxConnections: 1 });
});

afterAll(async () => {
  await db.close();
  await drop();
});

const prepared = async () => (await db.query<{ name: string }>('SELECT name FROM pg_prepared_statements ORDER BY name')).rows.map((r) => r.name);

it('runs a named statement as a statement the connection prepared once, with fresh parameters each time', async () => {
  const twice = namedStatement('test_twice', 'SELECT $1::int * 2 AS n');
  expect((await db.query<{ n: number }>(twice, [2])).rows).toEqual([{ n: 4 }]);
  expect((await db.query<{ n: number }>(twice, [21])).rows).toEqual([{ n: 42 }]);
  expect(await prepared()).toEqual(['test_twice']);
  // A plain string stays an unnamed statement.
  expect((await db.query<{ n: number }>('SELECT $1::int + 1 AS n', [1])).rows).toEqual([{ n: 2 }]);
  expect(await prepared()).toEqual(['test_twice']);
});

it('refuses a second text under a name already used (the connection would run the first)', () => {
  expect(namedStatement('test_once', 'SELECT 1')).toEqual({ name: 'test_once', text: 'SELECT 1' });
  expect(namedStatement('test_once', 'SELECT 1').text).toBe('SELECT 1');
  expect(() => namedStatement('test_once', 'SELECT 2')).toThrow(/already stands for another statement/);
});
