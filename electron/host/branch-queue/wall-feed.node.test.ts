// The wall feed's long poll against a scripted hub: version passed on, hub away → stale but
// kept, back → connected again; nothing is published twice for the same version.
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../protocol/branch-queue.js';
import type { WallFeed } from '../../bridge/wall-contract.js';
import type { HubReply } from '../hub-send.node.js';
import { silentLogger } from '../log.node.js';
import { WallFeedLoop } from './wall-feed.node.js';

const snap = (seq: number): Snapshot => ({ branchId: 'BR001', at: `2026-12-03T10:00:0${seq}Z`, seq, atCounters: [], lastCalls: [], waits: [] });

describe('wall feed', () => {
  it('long-polls with the last version, keeps the last snapshot while the hub is away, and reconnects by itself', async () => {
    const script: (() => HubReply)[] = [
      () => ({ status: 200, json: async () => snap(1) }),
      () => {
        throw new Error('connect ECONNREFUSED');
      },
      () => ({ status: 503, json: async () => ({}) }),
      () => ({ status: 200, json: async () => snap(2) }),
    ];
    const paths: string[] = [];
    const feeds: WallFeed[] = [];
    const sleeps: number[] = [];
    let loop: WallFeedLoop | null = null;
    const done = new Promise<void>((resolve) => {
      loop = new WallFeedLoop({
        kioskId: 'K 1',
        log: silentLogger(),
        waitMs: 5,
        sleep: async (ms) => void sleeps.push(ms),
        send: async (_method, path) => {
          paths.push(path);
          const next = script.shift();
          if (!next) {
            loop?.stop();
            resolve();
            return new Promise<HubReply>(() => undefined);
          }
          return next();
        },
        onFeed: (feed) => feeds.push(feed),
      });
    });
    const wall = loop as unknown as WallFeedLoop;
    wall.start();
    wall.start(); // a second page: still one loop
    await done;
    expect(paths[0]).toBe('/v1/kiosks/K%201/branch-queue/snapshot?waitMs=5');
    expect(paths[1]).toBe('/v1/kiosks/K%201/branch-queue/snapshot?waitMs=5&after=1');
    expect(paths[3]).toContain('after=1');
    expect(feeds.map((f) => [f.connected, f.snapshot?.seq ?? null])).toEqual([
      [true, 1],
      [false, 1],
      [true, 2],
    ]);
    expect(sleeps).toEqual([1_000, 2_000]);
    expect(wall.current()).toMatchObject({ connected: true, snapshot: { seq: 2 } });
  });

  it('cancels its open long poll when stopped, instead of leaving it to run out', async () => {
    let cancelled: unknown = null;
    const loop = new WallFeedLoop({
      kioskId: 'K1',
      log: silentLogger(),
      onFeed: () => undefined,
      send: (_method, _path, _body, options) =>
        new Promise<HubReply>((_resolve, reject) => {
          options?.signal?.addEventListener('abort', () => {
            cancelled = options.signal?.reason;
            reject(new Error('aborted'));
          });
        }),
    });
    loop.start();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(cancelled).toBeNull();
    loop.stop();
    expect(cancelled).toBeInstanceOf(Error);
    expect((cancelled as Error).message).toBe('wall feed stopped');
  });
});
