// Model-based property test of the sync state machine (fast-check `commands`): random
// interleavings of enqueues, sync rounds, hub outages, lost replies, refusals, a hub that
// forgets the kiosk, 413 limits and kiosk restarts, against an in-memory hub. After every
// step: the hub holds only enqueued, unrefused transactions, stored in seq order; the kiosk
// sent each one once, or again only when the answer to it was lost (the fake hub records every
// delivery: it stores a duplicate once, as the real hub does, so its rows could not show one);
// every row the kiosk calls acked is there. At the end, healed: all of them are there.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openLocalStore } from './local-store.node.js';
import { silentLogger } from './log.node.js';
import { Outbox } from './outbox.node.js';
import type { SqliteDb } from './sqlite.node.js';
import { SyncEngine } from './sync-engine.node.js';
import { FakeHub } from './sync-fake-hub.js';

interface Model {
  enqueued: string[];
  refused: Set<string>;
}

class Real {
  outbox: Outbox;
  engine: SyncEngine;
  constructor(
    readonly db: SqliteDb,
    readonly hub: FakeHub,
  ) {
    this.outbox = new Outbox(db);
    this.engine = this.newEngine();
  }
  newEngine(): SyncEngine {
    return new SyncEngine({ hubUrl: 'http://hub.test', kioskId: 'K', branchId: 'B', version: 'p', outbox: this.outbox, log: silentLogger(), intervalMs: 1000, batchSize: 4, fetchImpl: this.hub.fetch, onStatus: () => undefined });
  }
}

async function checkInvariants(m: Model, r: Real): Promise<void> {
  const stored = r.hub.items('K');
  const enqueued = new Set(m.enqueued);
  expect(stored.every((s) => enqueued.has(s.id) && !m.refused.has(s.id))).toBe(true);
  expect(r.hub.needlessResends('K')).toEqual([]);
  expect(r.hub.deliveries.every((d) => enqueued.has(d.id))).toBe(true);
  for (let i = 1; i < stored.length; i++) expect(stored[i]!.seq).toBeGreaterThan(stored[i - 1]!.seq);
  const acked = await r.db.all<{ id: string }>(`SELECT id FROM outbox WHERE state = 'acked'`);
  const storedIds = new Set(stored.map((s) => s.id));
  expect(acked.every((a) => storedIds.has(a.id))).toBe(true);
  const rejected = await r.db.all<{ id: string }>(`SELECT id FROM outbox WHERE state = 'rejected'`);
  expect(rejected.every((x) => m.refused.has(x.id))).toBe(true);
}

type Cmd = fc.AsyncCommand<Model, Real>;
const cmd = (name: string, run: (m: Model, r: Real) => Promise<void>): Cmd => ({
  check: () => true,
  run: async (m, r) => {
    await run(m, r);
    await checkInvariants(m, r);
  },
  toString: () => name,
});

const commands = [
  fc.integer({ min: 1, max: 6 }).map((n) =>
    cmd(`enqueue(${n})`, async (m, r) => {
      const done = await Promise.all(Array.from({ length: n }, (_, i) => r.outbox.enqueue('p.tx', { i })));
      m.enqueued.push(...done.sort((a, b) => a.seq - b.seq).map((d) => d.id));
    }),
  ),
  fc.constant(
    cmd('sync', async (m, r) => {
      await r.engine.runNow();
      const healthy = !r.hub.down && r.hub.loseNextResponses === 0;
      if (healthy && r.engine.current().online) expect(await r.outbox.backlog()).toBe(0);
    }),
  ),
  fc.boolean().map((down) => cmd(down ? 'hubDown' : 'hubUp', async (_m, r) => void (r.hub.down = down))),
  fc.constant(cmd('loseNextResponse', async (_m, r) => void (r.hub.loseNextResponses = 1))),
  fc.constant(
    cmd('refuseOldestPending', async (m, r) => {
      const [first] = await r.outbox.pending(1);
      if (!first || r.hub.items('K').some((s) => s.id === first.id)) return;
      r.hub.refuse.add(first.id);
      m.refused.add(first.id);
    }),
  ),
  fc.constant(cmd('hubForgetsKiosk', async (_m, r) => void r.hub.kiosks.clear())),
  fc.integer({ min: 1, max: 5 }).map((k) => cmd(`hubMaxItems(${k})`, async (_m, r) => void (r.hub.maxItems = k))),
  fc.constant(
    cmd('restartKiosk', async (_m, r) => {
      await r.engine.stop();
      r.outbox = new Outbox(r.db);
      r.engine = r.newEngine();
    }),
  ),
];

describe('sync engine state machine (model-based)', () => {
  it('never loses, doubles or reorders, whatever the interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 30 }), async (cmds) => {
        const db = await openLocalStore(mkdtempSync(path.join(os.tmpdir(), 'bk-prop-')));
        const real = new Real(db, new FakeHub());
        const model: Model = { enqueued: [], refused: new Set() };
        try {
          await fc.asyncModelRun(() => ({ model, real }), cmds);
          Object.assign(real.hub, { down: false, loseNextResponses: 0, maxItems: Infinity });
          await real.engine.runNow();
          const delivered = model.enqueued.filter((id) => !model.refused.has(id));
          expect(real.hub.items('K').map((s) => s.id)).toEqual(delivered);
          expect(await real.outbox.backlog()).toBe(0);
        } finally {
          await real.engine.stop();
          await db.close();
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
