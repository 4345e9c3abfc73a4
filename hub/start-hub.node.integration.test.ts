// The hub on a real port, over real HTTP, with both engines.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { healthResponseSchema, listTransactionsResponseSchema, transactionBatchResponseSchema } from '../protocol/hub-api.js';
import { enrollLocalKiosk } from './auth/enroll-local.node.js';
import { startHub, type RunningHub } from './start-hub.node.js';
import { signedFetch, staffHeaders, TEST_TOKENS } from './testing/kiosk-auth.js';
import { createTestSchema, TEST_DATABASE_URL } from './testing/test-databases.node.js';
import { makeItems, uniqueKioskId } from './testing/transaction-items.js';

const auth = { tokens: TEST_TOKENS };

/** Enrolls and registers a kiosk, sends a signed batch and returns the kiosk id. */
async function syncOnce(hub: RunningHub): Promise<string> {
  const kioskId = uniqueKioskId();
  const credentials = await enrollLocalKiosk(hub, kioskId);
  const post = (url: string, payload: unknown) => signedFetch(hub.url, credentials, { method: 'POST', url, payload });
  expect((await post('/v1/kiosks/register', { kioskId, branchId: 'B-001' })).status).toBe(201);
  const unsigned = await fetch(`${hub.url}/v1/transactions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kioskId, items: makeItems(1) }) });
  expect(unsigned.status).toBe(401);
  const res = await post('/v1/transactions', { kioskId, items: makeItems(3) });
  expect(res.status).toBe(200);
  const { results } = transactionBatchResponseSchema.parse(await res.json());
  expect(results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored']);
  return kioskId;
}

async function storedSeqs(hub: RunningHub, kioskId: string): Promise<number[]> {
  const res = await fetch(`${hub.url}/v1/transactions?kioskId=${kioskId}`, { headers: staffHeaders() });
  expect(res.status).toBe(200);
  return listTransactionsResponseSchema.parse(await res.json()).items.map((t) => t.seq);
}

describe('startHub', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('serves PGlite from a data directory that survives a restart', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'hub-data-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));

    const first = await startHub({ port: 0, host: '127.0.0.1', dataDir: path.join(dataDir, 'nested'), auth });
    expect(first.port).toBeGreaterThan(0);
    expect(first.url).toBe(`http://127.0.0.1:${first.port}`);
    const health = healthResponseSchema.parse(await (await fetch(`${first.url}/health`)).json());
    expect(health).toMatchObject({ status: 'ok', db: 'pglite' });
    const kioskId = await syncOnce(first);
    await first.close();
    await expect(fetch(`${first.url}/health`)).rejects.toThrow();

    const second = await startHub({ port: 0, host: '127.0.0.1', dataDir: path.join(dataDir, 'nested'), auth });
    cleanups.push(() => second.close());
    expect(await storedSeqs(second, kioskId)).toEqual([1, 2, 3]);
  });

  it('serves PostgreSQL when given a database URL', async () => {
    const { schema, drop } = await createTestSchema();
    cleanups.push(drop);
    const databaseUrl = `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    // The data directory then holds only the hub secret key file.
    const keyDir = await mkdtemp(path.join(tmpdir(), 'hub-key-'));
    cleanups.push(() => rm(keyDir, { recursive: true, force: true }));
    const hub = await startHub({ port: 0, host: '127.0.0.1', databaseUrl, dataDir: keyDir, auth });
    cleanups.push(() => hub.close());
    const health = healthResponseSchema.parse(await (await fetch(`${hub.url}/health`)).json());
    expect(health).toMatchObject({ status: 'ok', db: 'postgres' });
    const kioskId = await syncOnce(hub);
    expect(await storedSeqs(hub, kioskId)).toEqual([1, 2, 3]);
  });

  it('refuses to run without authentication anywhere but on loopback', async () => {
    // Refused before the database is opened; auth off itself is tested in auth/kiosk-guard.test.ts.
    for (const host of ['0.0.0.0', '::', '192.168.1.10']) {
      await expect(startHub({ port: 0, host, dataDir: 'memory://', auth: { mode: 'off' } })).rejects.toThrow(/auth off is for local development/);
    }
  });

  it('fails to start, rather than serve, when PostgreSQL is unreachable', async () => {
    await expect(startHub({ port: 0, host: '127.0.0.1', databaseUrl: 'postgres://postgres@127.0.0.1:1/none' })).rejects.toThrow();
  });
});
