// Needs the PostgreSQL at HUB_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
// The contract, and the race the table exists for: two hub instances (two connection pools)
// accepting the same customer at the same moment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../storage/postgres.node.js';
import type { Database } from '../../storage/queryable.js';
import { createTestSchema, openTestPostgres, TEST_DATABASE_URL } from '../../testing/test-databases.node.js';
import { DEFAULT_PRIORITY_POLICY } from '../queue/priority.js';
import { contractExpert, describeQueueStoreContract, waiting } from '../queue/queue-store.contract.js';
import type { QueueStore } from '../queue/queue-store.js';
import { createSqlQueueStore } from './queue-rows.js';

describeQueueStoreContract('postgres', async () => {
  const { db, dispose } = await openTestPostgres();
  return { store: await createSqlQueueStore(db, DEFAULT_PRIORITY_POLICY), dispose };
});

describe('two instances claiming from one waiting room on PostgreSQL', () => {
  let dbs: Database[] = [];
  let a: QueueStore;
  let b: QueueStore;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const schema = await createTestSchema();
    drop = schema.drop;
    dbs = await Promise.all([0, 1].map(() => openPostgres({ connectionString: TEST_DATABASE_URL, searchPath: schema.schema })));
    a = await createSqlQueueStore(dbs[0]!, DEFAULT_PRIORITY_POLICY);
    b = await createSqlQueueStore(dbs[1]!, DEFAULT_PRIORITY_POLICY);
  });
  afterAll(async () => {
    for (const db of dbs) await db.close();
    await drop?.();
  });

  it('gives one customer to exactly one of two simultaneous accepts, 200 times out of 200', async () => {
    const rounds = 200;
    let aWon = 0;
    for (let i = 0; i < rounds; i++) {
      const r = waiting();
      await (i % 2 ? a : b).enqueue(r);
      const [fromA, fromB] = await Promise.all([a.claim(r.requestId), b.claim(r.requestId)]);
      expect([fromA, fromB].filter(Boolean)).toEqual([r]);
      if (fromA) aWon += 1;
    }
    // Both sides win sometimes: the race is real, not one pool always first.
    expect(aWon).toBeGreaterThan(0);
    expect(aWon).toBeLessThan(rounds);
  });

  it('hands 40 customers to 40 concurrent "next" accepts from two instances, each customer once', async () => {
    const requests = Array.from({ length: 40 }, (_, i) => waiting({ requestedAt: Date.UTC(2026, 11, 3, 9) + i }));
    for (const r of requests) await a.enqueue(r);
    const expert = contractExpert();
    const claims = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).claimNext(expert)));
    const ids = claims.map((c) => c?.requestId);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(40);
    expect(await a.list()).toEqual([]);
  });

  it('lets an accept on one instance and a cancel on the other race: one of them gets the request', async () => {
    for (let i = 0; i < 50; i++) {
      const r = waiting();
      await a.enqueue(r);
      const [accepted, cancelled] = await Promise.all([a.claimNext(contractExpert()), b.claim(r.requestId)]);
      expect([accepted, cancelled].filter(Boolean)).toHaveLength(1);
    }
  });
});
