import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../storage/migrations.js';
import { openTestPglite, type TestDatabase } from '../testing/test-databases.node.js';
import { IdempotencyConflictError } from './core-banking-adapter.js';
import { DEFAULT_RETENTION_MS, IdempotencyInProgressError, IdempotencyStore, MIN_RETENTION_MS, requestHashOf } from './idempotency-store.js';

let testDb: TestDatabase;
let clock = Date.parse('2026-12-03T12:00:00Z');
const now = () => clock;

beforeAll(async () => {
  testDb = await openTestPglite();
  await migrate(testDb.db);
}, 60_000);
afterAll(async () => {
  await testDb?.dispose();
});

const call = (key: string, request: unknown, run: () => Promise<unknown>) => ({ kioskId: 'k1', key, operation: 'bill.pay', request, run });

describe('IdempotencyStore', () => {
  it('runs once and replays the first answer, whatever the key order of the request', async () => {
    const store = new IdempotencyStore(testDb.db, { now });
    const key = randomUUID();
    let runs = 0;
    const run = async () => ({ outcome: 'approved', n: ++runs });
    expect(await store.run(call(key, { a: 1, b: 2 }, run))).toEqual({ answer: { outcome: 'approved', n: 1 }, replayed: false });
    expect(await store.run(call(key, { b: 2, a: 1 }, run))).toEqual({ answer: { outcome: 'approved', n: 1 }, replayed: true });
    expect(runs).toBe(1);
    // Another kiosk's key of the same value is another payment.
    expect((await store.run({ ...call(key, { a: 1, b: 2 }, run), kioskId: 'k2' })).answer).toEqual({ outcome: 'approved', n: 2 });
  });

  it('refuses the same key for a different request or operation', async () => {
    const store = new IdempotencyStore(testDb.db, { now });
    const key = randomUUID();
    await store.run(call(key, { amount: 100 }, async () => 'ok'));
    await expect(store.run(call(key, { amount: 101 }, async () => 'ok'))).rejects.toBeInstanceOf(IdempotencyConflictError);
    await expect(store.run({ ...call(key, { amount: 100 }, async () => 'ok'), operation: 'card.block' })).rejects.toBeInstanceOf(IdempotencyConflictError);
    await expect(store.peek({ kioskId: 'k1', key, operation: 'bill.pay', request: { amount: 101 } })).rejects.toBeInstanceOf(IdempotencyConflictError);
    expect(await store.peek({ kioskId: 'k1', key, operation: 'bill.pay', request: { amount: 100 } })).toBe('ok');
  });

  it('says where a call stands: none, running, abandoned after the lease, answered', async () => {
    const store = new IdempotencyStore(testDb.db, { now, leaseMs: 60_000 });
    const key = randomUUID();
    expect(await store.claimOf('k1', key)).toBe('none');
    let release!: () => void;
    const running = store.run(call(key, { amount: 1 }, () => new Promise((resolve) => (release = () => resolve('ok')))));
    for (let i = 0; i < 100 && (await store.claimOf('k1', key)) === 'none'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await store.claimOf('k1', key)).toBe('running');
    clock += 60_000;
    expect(await store.claimOf('k1', key)).toBe('abandoned');
    release();
    await running;
    expect(await store.claimOf('k1', key)).toBe('answered');
    expect(await store.claimOf('k2', key)).toBe('none');
  });

  it('releases the key when the call throws, so a retry runs', async () => {
    const store = new IdempotencyStore(testDb.db, { now });
    const key = randomUUID();
    await expect(store.run(call(key, {}, async () => Promise.reject(new Error('bank down'))))).rejects.toThrow('bank down');
    expect(await store.run(call(key, {}, async () => 'second try'))).toEqual({ answer: 'second try', replayed: false });
  });

  it('makes a concurrent caller wait for the first answer instead of running again', async () => {
    const store = new IdempotencyStore(testDb.db, { now: Date.now, pollMs: 5 });
    const key = randomUUID();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = store.run(call(key, {}, async () => (await gate, ++runs)));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const second = store.run(call(key, {}, async () => ++runs));
    await new Promise((resolve) => setTimeout(resolve, 30));
    release();
    expect(await Promise.all([first, second])).toEqual([
      { answer: 1, replayed: false },
      { answer: 1, replayed: true },
    ]);
    expect(runs).toBe(1);
  });

  it('says IN_PROGRESS when the first call outlasts the wait, and takes over a claim whose holder died', async () => {
    const store = new IdempotencyStore(testDb.db, { now, waitMs: 0, leaseMs: 60_000 });
    const key = randomUUID();
    // A claim with no answer, as left by a hub killed mid-call.
    await testDb.db.query("INSERT INTO banking_idempotency (kiosk_id, idem_key, operation, request_hash, claim_token, claimed_at) VALUES ('k1', $1, 'bill.pay', $2, $3, $4)", [
      key,
      requestHashOf('bill.pay', {}),
      randomUUID(),
      new Date(clock).toISOString(),
    ]);
    await expect(store.run(call(key, {}, async () => 'x'))).rejects.toBeInstanceOf(IdempotencyInProgressError);
    clock += 60_000;
    expect(await store.run(call(key, {}, async () => 'taken over'))).toEqual({ answer: 'taken over', replayed: false });
    expect((await store.run(call(key, {}, async () => 'again'))).answer).toBe('taken over');
  });

  it('keeps answers for the retention period (48 h by default, never under 24 h), then forgets them', async () => {
    expect(DEFAULT_RETENTION_MS).toBeGreaterThanOrEqual(MIN_RETENTION_MS);
    expect(() => new IdempotencyStore(testDb.db, { retentionMs: MIN_RETENTION_MS - 1 })).toThrow(RangeError);
    const store = new IdempotencyStore(testDb.db, { now, retentionMs: MIN_RETENTION_MS });
    const key = randomUUID();
    await store.run(call(key, {}, async () => 'kept'));
    clock += MIN_RETENTION_MS - 1000;
    await store.prune();
    expect((await store.run(call(key, {}, async () => 'new'))).replayed).toBe(true);
    clock += 2000;
    expect(await store.prune()).toBeGreaterThanOrEqual(1);
    expect(await store.run(call(key, {}, async () => 'new'))).toEqual({ answer: 'new', replayed: false });
  });
});
