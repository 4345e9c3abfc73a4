// The update policy against a fake feed and a fake clock: when it installs (window, customer),
// what it refuses (bad hash, bad signature), and when it rolls back (crash loop, health check).
// A "restart" is a new UpdatePolicy over the same world, as the host's restart would be.
import { describe, expect, it } from 'vitest';
import { UpdatePolicy } from './update-policy.js';
import { fakeSha512, FakeUpdateWorld, offerOf, testHubKey } from './testing.js';

const hub = testHubKey();
/** 18:00 in Shanghai: outside the 02:00–05:00 window. */
const OUTSIDE = Date.UTC(2026, 11, 4, 10, 0);
/** 03:00 in Shanghai. */
const INSIDE = Date.UTC(2026, 11, 4, 19, 0);
const MINUTE = 60_000;

const release = (version: string, content = version) =>
  hub.sign({ version, channel: 'stable', url: `https://hub.example/releases/${version}.tar.gz`, sha512: fakeSha512(content), size: 1234 });

function worldWith(version = '1.1.0', now = OUTSIDE): FakeUpdateWorld {
  const world = new FakeUpdateWorld(hub.key, { now, current: '1.0.0' });
  world.offer = offerOf(release(version));
  return world;
}

async function installed(world: FakeUpdateWorld): Promise<void> {
  world.now = INSIDE;
  await new UpdatePolicy(world.ports()).tick();
  expect(world.current).toBe('1.1.0');
}

describe('update policy: when it installs', () => {
  it('outside the maintenance window it downloads, verifies and stages, then waits', async () => {
    const world = worldWith();
    const policy = new UpdatePolicy(world.ports());
    await policy.tick();
    await policy.tick();
    expect(policy.state).toBe('staged');
    expect(world.current).toBe('1.0.0');
    expect(world.downloads).toEqual(['1.1.0']);
    expect(world.states()).toEqual(['downloading', 'verifying', 'staged']);
  });

  it('inside the window with a customer present it waits, and installs once the customer has gone', async () => {
    const world = worldWith('1.1.0', INSIDE);
    world.presence.present = true;
    const policy = new UpdatePolicy(world.ports());
    await policy.tick();
    await policy.tick();
    expect(policy.state).toBe('staged');
    expect(world.current).toBe('1.0.0');
    world.presence.present = false;
    await policy.tick();
    expect(world.current).toBe('1.1.0');
    expect(world.restarts).toBe(1);
  });

  it('inside the window with nobody there: downloads, verifies, stages, installs, restarts', async () => {
    const world = worldWith('1.1.0', INSIDE);
    const policy = new UpdatePolicy(world.ports());
    await policy.tick();
    expect(world.states()).toEqual(['downloading', 'verifying', 'staged', 'installing', 'running-new']);
    expect(world.current).toBe('1.1.0');
    expect(world.previous).toBe('1.0.0');
    expect(world.ledger.watching).toEqual({ version: '1.1.0', previousVersion: '1.0.0', switchedAt: INSIDE });
    expect(world.restarts).toBe(1);
    expect(world.reports.at(-1)).toMatchObject({ currentVersion: '1.1.0', previousVersion: '1.0.0', targetVersion: '1.1.0' });
  });

  it('a rollout paused after staging installs nothing and lets the artifact go', async () => {
    const world = worldWith();
    const policy = new UpdatePolicy(world.ports());
    await policy.tick();
    world.offer = offerOf(release('1.1.0'), { paused: true });
    world.now = INSIDE;
    await policy.tick();
    expect(policy.state).toBe('idle');
    expect(world.current).toBe('1.0.0');
    expect(world.discarded).toEqual(['/downloads/1.1.0.tar.gz']);
  });

  it('a kiosk outside the rollout takes nothing', async () => {
    const world = worldWith('1.1.0', INSIDE);
    const policy = new UpdatePolicy(world.ports({ kioskId: 'K2001', branchId: 'BR999' }));
    await policy.tick();
    expect(world.downloads).toEqual([]);
    expect(world.reports).toEqual([]);
  });
});

describe('update policy: what it refuses', () => {
  it('an artifact whose sha512 does not match fails, is deleted, is reported, and is never installed', async () => {
    const world = worldWith('1.1.0', INSIDE);
    world.tamper = 'something else';
    const policy = new UpdatePolicy(world.ports());
    await policy.tick();
    expect(world.states()).toEqual(['downloading', 'verifying', 'failed:bad-hash']);
    expect(world.discarded).toEqual(['/downloads/1.1.0.tar.gz']);
    expect(world.staged.size).toBe(0);
    expect(world.current).toBe('1.0.0');
    await policy.tick();
    expect(world.downloads).toEqual(['1.1.0']);
  });

  it('a manifest with a bad signature is refused before any download', async () => {
    const world = worldWith('1.1.0', INSIDE);
    const signed = release('1.1.0');
    world.offer = offerOf({ ...signed, size: signed.size + 1 });
    const policy = new UpdatePolicy(world.ports());
    await policy.tick();
    expect(world.states()).toEqual(['failed:bad-signature']);
    expect(world.downloads).toEqual([]);
    expect(world.current).toBe('1.0.0');
  });

  it('a manifest signed by another key is refused', async () => {
    const world = worldWith('1.1.0', INSIDE);
    world.offer = offerOf(testHubKey().sign({ version: '1.1.0', channel: 'stable', url: 'https://evil.example/x.tar.gz', sha512: fakeSha512('1.1.0'), size: 1 }));
    await new UpdatePolicy(world.ports()).tick();
    expect(world.states()).toEqual(['failed:bad-signature']);
    expect(world.downloads).toEqual([]);
  });
});

describe('update policy: rollback', () => {
  it('3 crashes within 10 minutes after the switch roll back to the previous version, which is not retried', async () => {
    const world = worldWith();
    await installed(world);
    // Each crash is a new start of the host; the crash counter recorded it.
    for (let crash = 1; crash <= 3; crash += 1) {
      world.advance(MINUTE);
      world.crashes.push(world.now);
      await new UpdatePolicy(world.ports()).tick();
      if (crash < 3) expect(world.current).toBe('1.1.0');
    }
    expect(world.current).toBe('1.0.0');
    expect(world.states().slice(-1)).toEqual(['rolled-back:crash-loop']);
    expect(world.reports.at(-1)).toMatchObject({ currentVersion: '1.0.0', previousVersion: '1.1.0', targetVersion: '1.1.0' });
    expect(world.ledger).toEqual({ watching: null, rejected: ['1.1.0'] });
    const downloads = world.downloads.length;
    const after = new UpdatePolicy(world.ports());
    world.advance(MINUTE);
    await after.tick();
    expect(world.downloads).toHaveLength(downloads);
    expect(world.current).toBe('1.0.0');
  });

  it('crashes spread beyond the 10-minute watch keep the new version', async () => {
    const world = worldWith();
    await installed(world);
    world.advance(MINUTE);
    world.crashes.push(world.now);
    await new UpdatePolicy(world.ports()).tick();
    world.advance(10 * MINUTE);
    await new UpdatePolicy(world.ports()).tick();
    expect(world.ledger.watching).toBeNull();
    expect(world.reports.at(-1)).toMatchObject({ state: 'idle', currentVersion: '1.1.0', previousVersion: '1.0.0' });
    world.crashes.push(world.now + 1, world.now + 2);
    await new UpdatePolicy(world.ports()).tick();
    expect(world.current).toBe('1.1.0');
  });

  it('a failed health check within K seconds of start rolls back', async () => {
    const world = worldWith();
    await installed(world);
    world.healthy = false;
    world.advance(5_000);
    const restarted = new UpdatePolicy(world.ports(), { healthWindowMs: 30_000 });
    world.advance(10_000);
    await restarted.tick();
    expect(world.current).toBe('1.0.0');
    expect(world.states().slice(-2)).toEqual(['running-new', 'rolled-back:health-check']);
    expect(world.ledger.rejected).toEqual(['1.1.0']);
    expect(world.restarts).toBe(2);
  });

  it('a health check that passed in time is not asked again', async () => {
    const world = worldWith();
    await installed(world);
    const restarted = new UpdatePolicy(world.ports(), { healthWindowMs: 30_000 });
    await restarted.tick();
    world.healthy = false;
    world.advance(5_000);
    await restarted.tick();
    expect(world.current).toBe('1.1.0');
  });

  it('a host killed after saving the watch but before the switch keeps running the old version, unwatched', async () => {
    const world = worldWith();
    world.ledger = { watching: { version: '1.1.0', previousVersion: '1.0.0', switchedAt: OUTSIDE }, rejected: [] };
    world.offer = null;
    await new UpdatePolicy(world.ports()).tick();
    expect(world.ledger.watching).toBeNull();
    expect(world.current).toBe('1.0.0');
  });

  it('a port that throws mid-step ends the step as failed, and the next poll tries again', async () => {
    const world = worldWith('1.1.0', INSIDE);
    const ports = world.ports();
    let diskTrouble = true;
    const policy = new UpdatePolicy({
      ...ports,
      hasher: {
        sha512: async (artifact) => {
          if (diskTrouble) throw new Error('EIO');
          return ports.hasher.sha512(artifact);
        },
      },
    });
    await expect(policy.tick()).rejects.toThrow('EIO');
    expect(world.states()).toEqual(['downloading', 'verifying', 'failed:download-failed']);
    expect(world.ledger.rejected).toEqual([]);
    diskTrouble = false;
    await policy.tick();
    expect(world.current).toBe('1.1.0');
  });

  it('a report the hub did not take is sent again at the next tick', async () => {
    const world = worldWith();
    const ports = world.ports();
    let down = true;
    const policy = new UpdatePolicy({
      ...ports,
      report: async (report) => {
        if (down) throw new Error('hub away');
        await ports.report(report);
      },
    });
    await policy.tick();
    expect(world.reports).toEqual([]);
    down = false;
    await policy.tick();
    expect(world.states()).toEqual(['staged']);
  });
});
