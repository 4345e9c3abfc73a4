// The version switch on a temp dir with two real builds (each a directory with a runnable
// entry that prints its version): switch, crash loop counted across "restarts", rollback,
// and a switch killed before its rename leaving `current` whole.
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CrashCounter } from './crash-counter.node.js';
import { fileLedger } from './update-ledger.node.js';
import { VersionSwitch } from './version-switch.node.js';

let root: string;

async function build(version: string): Promise<void> {
  const dir = path.join(root, 'versions', version);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'host.mjs'), `console.log(${JSON.stringify(version)});\n`);
}

/** What the service would start: the entry behind `current`. */
const running = () => execFileSync(process.execPath, [path.join(root, 'current', 'host.mjs')], { encoding: 'utf8' }).trim();

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'bk-versions-'));
  await build('1.0.0');
  await build('1.1.0');
  await new VersionSwitch(root).switchTo('1.0.0');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('version switch', () => {
  it('switches current to the new build and keeps the old one as previous', async () => {
    const versions = new VersionSwitch(root);
    expect(running()).toBe('1.0.0');
    expect(await versions.previous()).toBeNull();
    await versions.switchTo('1.1.0');
    expect(running()).toBe('1.1.0');
    expect(await versions.current()).toBe('1.1.0');
    expect(await versions.previous()).toBe('1.0.0');
    // Relative links: the root can move.
    expect(await readlink(path.join(root, 'current'))).toBe(path.join('versions', '1.1.0'));
  });

  it('refuses a version that is not installed, or that is not a version name', async () => {
    const versions = new VersionSwitch(root);
    await expect(versions.switchTo('9.9.9')).rejects.toThrow(/not installed/);
    await expect(versions.switchTo('../..')).rejects.toThrow(/not a version/);
    expect(running()).toBe('1.0.0');
  });

  it('a crash loop after the switch is counted across restarts, and rollback restores current → previous', async () => {
    const versions = new VersionSwitch(root);
    const crashes = new CrashCounter(root);
    const switchedAt = Date.UTC(2026, 11, 4, 19, 0);
    await crashes.started(switchedAt - 60_000, '1.0.0');
    await crashes.exitedCleanly();
    await versions.switchTo('1.1.0');
    // Start, die without a clean exit, start again… each a fresh CrashCounter, as a new process.
    expect(await new CrashCounter(root).started(switchedAt, '1.1.0')).toBe(false);
    for (let i = 1; i <= 3; i += 1) expect(await new CrashCounter(root).started(switchedAt + i * 60_000, '1.1.0')).toBe(true);
    expect(await new CrashCounter(root).since(switchedAt)).toBe(3);
    expect(await versions.rollBack()).toBe('1.0.0');
    expect(running()).toBe('1.0.0');
    expect(await versions.previous()).toBeNull();
    await expect(versions.rollBack()).rejects.toThrow(/no previous/);
  });

  it('a clean exit is not a crash', async () => {
    const crashes = new CrashCounter(root);
    await crashes.started(1_000, '1.0.0');
    await crashes.exitedCleanly();
    expect(await crashes.started(2_000, '1.0.0')).toBe(false);
    expect(await crashes.since(0)).toBe(0);
  });

  it('a switch killed before the rename leaves current on the old build, and the next switch completes', async () => {
    const killed = new VersionSwitch(root, {
      beforePublish: (link) => {
        if (link === 'current') throw new Error('killed');
      },
    });
    await expect(killed.switchTo('1.1.0')).rejects.toThrow('killed');
    expect(running()).toBe('1.0.0');
    const versions = new VersionSwitch(root);
    expect(await versions.current()).toBe('1.0.0');
    await versions.switchTo('1.1.0');
    expect(running()).toBe('1.1.0');
    expect(await versions.previous()).toBe('1.0.0');
  });

  it('a stale temp link from an earlier kill is replaced, not followed', async () => {
    await symlink(path.join('versions', '1.1.0'), path.join(root, 'current.next'));
    const versions = new VersionSwitch(root);
    expect(running()).toBe('1.0.0');
    await versions.switchTo('1.1.0');
    expect(running()).toBe('1.1.0');
  });

  it('the ledger survives a restart and an unreadable one reads as empty', async () => {
    const ledger = fileLedger(root);
    await ledger.save({ watching: { version: '1.1.0', previousVersion: '1.0.0', switchedAt: 5 }, rejected: ['0.9.0'] });
    expect(await fileLedger(root).load()).toEqual({ watching: { version: '1.1.0', previousVersion: '1.0.0', switchedAt: 5 }, rejected: ['0.9.0'] });
    await writeFile(path.join(root, 'update-ledger.json'), '{"watching":');
    expect(await fileLedger(root).load()).toEqual({ watching: null, rejected: [] });
  });
});
