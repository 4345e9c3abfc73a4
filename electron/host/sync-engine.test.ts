import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../bridge/contract.js';
import { openLocalStore } from './local-store.node.js';
import { silentLogger } from './log.node.js';
import { Outbox } from './outbox.node.js';
import { fullJitterDelay, type SyncClock } from './sync-backoff.js';
import { SyncEngine, type SyncEngineOptions } from './sync-engine.node.js';
import { FakeHub } from './sync-fake-hub.js';
import { PulledState } from './sync-pull.node.js';

async function setup(over: Partial<SyncEngineOptions> = {}) {
  const db = await openLocalStore(mkdtempSync(path.join(os.tmpdir(), 'bk-sync-')));
  const outbox = new Outbox(db);
  const hub = new FakeHub();
  const statuses: SyncStatus[] = [];
  const engine = new SyncEngine({ hubUrl: 'http://hub.test', kioskId: 'K1', branchId: 'B1', version: 't', outbox, log: silentLogger(), intervalMs: 1000, fetchImpl: hub.fetch, onStatus: (s) => statuses.push(s), ...over });
  const enqueue = async (n: number) => {
    for (let i = 0; i < n; i++) await outbox.enqueue('t', { i });
  };
  return { db, outbox, hub, engine, statuses, enqueue };
}

describe('full-jitter backoff', () => {
  it('draws uniformly below an exponential ceiling that stops at the cap', () => {
    const p = { baseMs: 100, capMs: 1000 };
    expect(fullJitterDelay(1, p, () => 0.999)).toBe(99);
    expect(fullJitterDelay(3, p, () => 0.5)).toBe(200);
    expect(fullJitterDelay(30, p, () => 0.999)).toBe(999);
    expect(fullJitterDelay(4, p, () => 0)).toBe(0);
  });

  it('schedules retries from the injected clock and random source, back to the interval after success', async () => {
    const delays: number[] = [];
    const pending: (() => void)[] = [];
    const clock: SyncClock = { now: () => 0, setTimeout: (fn, ms) => (delays.push(ms), pending.push(fn), pending.length), clearTimeout: () => undefined };
    const { engine, hub, enqueue } = await setup({ clock, random: () => 0.5, backoff: { baseMs: 1000, capMs: 8000 } });
    await enqueue(1);
    hub.down = true;
    engine.start();
    // Fires the next timer and waits until its round has scheduled the one after.
    const tick = async () => {
      const before = delays.length;
      pending.shift()?.();
      // 10 s is a ceiling for a loaded machine; the round is waited for, not timed.
      for (const end = Date.now() + 10_000; delays.length === before && Date.now() < end; ) await new Promise((r) => setTimeout(r, 5));
    };
    for (let i = 0; i < 5; i++) await tick();
    expect(delays).toEqual([0, 500, 1000, 2000, 4000, 4000]);
    hub.down = false;
    await tick();
    expect(delays.at(-1)).toBe(1000);
    expect(hub.items('K1')).toHaveLength(1);
    await engine.stop();
  });
});

describe('sync engine against a fake hub', () => {
  it('pushes in seq order, registers first, reports status and backlog', async () => {
    const { engine, hub, enqueue, statuses } = await setup({ batchSize: 3 });
    await enqueue(7);
    await engine.runNow();
    expect(hub.items('K1').map((i) => i.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(hub.batches.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(statuses.at(-1)).toMatchObject({ online: true, backlog: 0, rejected: 0 });
    expect(engine.current().lastSyncAt).not.toBeNull();
  });

  it('counts duplicates as delivered after a lost response, and sends nothing twice to the store', async () => {
    const { engine, hub, enqueue, outbox } = await setup();
    await enqueue(3);
    hub.loseNextResponses = 1;
    await engine.runNow();
    expect(engine.current()).toMatchObject({ online: false, backlog: 3 });
    expect((await outbox.pending(10)).every((r) => r.state === 'sending')).toBe(true);
    await engine.runNow();
    expect(engine.current()).toMatchObject({ online: true, backlog: 0 });
    expect(hub.items('K1')).toHaveLength(3);
    expect(hub.batches).toHaveLength(2);
  });

  it('dead-letters an item the hub rejects, with its code and reason, and keeps going', async () => {
    const { engine, hub, enqueue, outbox } = await setup();
    await enqueue(3);
    const [, second] = await outbox.pending(3);
    hub.refuse.add(second!.id);
    await engine.runNow();
    expect(hub.items('K1').map((i) => i.seq)).toEqual([1, 3]);
    expect(await outbox.byId(second!.id)).toMatchObject({ state: 'rejected', rejectCode: 'CONFLICT', rejectReason: 'refused by test' });
    expect(engine.current()).toMatchObject({ backlog: 0, rejected: 1 });
    expect((await outbox.rejected()).map((r) => r.id)).toEqual([second!.id]);
  });

  it('splits a batch the hub finds too large, down to a dead letter for an item too large alone', async () => {
    const { engine, hub, enqueue, outbox } = await setup({ batchSize: 8 });
    await enqueue(8);
    hub.maxItems = 3;
    await engine.runNow();
    expect(hub.items('K1').map((i) => i.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Math.max(...hub.batches.map((b) => b.length))).toBeLessThanOrEqual(3);
    hub.maxItems = 0;
    await enqueue(1);
    await engine.runNow();
    expect((await outbox.rejected())[0]).toMatchObject({ seq: 9, rejectCode: 'PAYLOAD_TOO_LARGE' });
  });

  it('registers again when the hub answers UNKNOWN_KIOSK', async () => {
    const { engine, hub, enqueue } = await setup();
    await enqueue(1);
    await engine.runNow();
    hub.kiosks.clear();
    await enqueue(1);
    await engine.runNow();
    expect(hub.kiosks.has('K1')).toBe(true);
    expect(hub.items('K1')).toHaveLength(2);
    expect(engine.current().online).toBe(true);
  });

  it('pulls changes by cursor, keeps the newest version, and pauses when the hub lacks the route', async () => {
    const { engine, hub, db } = await setup({ pullEveryMs: 0 });
    const pulled = new PulledState(db);
    const withPull = new SyncEngine({ hubUrl: 'http://hub.test', kioskId: 'K1', branchId: 'B1', version: 't', outbox: new Outbox(db), log: silentLogger(), intervalMs: 1000, fetchImpl: hub.fetch, onStatus: () => undefined, pull: pulled, pullEveryMs: 0 });
    hub.changes = Array.from({ length: 450 }, (_, i) => ({ kind: 'catalog' as const, key: `svc${i % 5}`, version: i, value: { i } }));
    hub.changes.push({ kind: 'config', key: 'branch.name', version: 1, value: null });
    await withPull.runNow();
    expect(await pulled.cursor()).toBe('451');
    expect(await pulled.item('catalog', 'svc4')).toEqual({ version: 449, value: { i: 449 } });
    expect(await pulled.item('config', 'branch.name')).toEqual({ version: 1, value: null });
    hub.changes.push({ kind: 'ticket-counter', key: 'deposits:2026-11-23', version: 7, value: { last: 41 } });
    await withPull.runNow();
    expect(await pulled.item('ticket-counter', 'deposits:2026-11-23')).toMatchObject({ version: 7 });
    hub.servesChanges = false;
    await withPull.runNow();
    expect(withPull.current().online).toBe(true);
    await engine.stop();
  });

  it('is offline with no hub configured and keeps the backlog', async () => {
    const { engine, enqueue } = await setup({ hubUrl: null });
    await enqueue(2);
    await engine.runNow();
    expect(engine.current()).toMatchObject({ online: false, backlog: 2 });
  });
});
