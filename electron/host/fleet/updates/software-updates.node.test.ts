// The wiring's start and stop: every start marks the crash counter, a clean close clears it,
// and without an install root (npm start from a checkout) no update policy runs.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { CustomerPresence } from '../commands/customer-presence.js';
import { CRASH_FILE } from './crash-counter.node.js';
import { DEFAULT_UPDATE_POLL_MS, startSoftwareUpdates, updatePollMs, type SoftwareUpdateDeps } from './software-updates.node.js';
import { LEDGER_FILE } from './update-ledger.node.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'bk-sw-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const deps = (): SoftwareUpdateDeps => ({
  config: { kioskId: 'K01', branchId: 'BR001', dataDir, hubUrl: null },
  sign: async () => ({}),
  presence: new CustomerPresence({ now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) }),
  log: { info: () => undefined, warn: () => undefined },
  installRoot: null,
  runningVersion: '1.0.0',
  health: async () => true,
  restart: () => undefined,
});

it('counts a start without a clean close as a crash, and a closed run as none', async () => {
  const first = await startSoftwareUpdates(deps());
  expect(first.policy).toBeNull();
  const second = await startSoftwareUpdates(deps());
  expect(await second.crashes.since(0)).toBe(1);
  await second.close();
  const third = await startSoftwareUpdates(deps());
  expect(await third.crashes.since(0)).toBe(1);
  await third.close();
});

it('a start that failed after the host started is counted as a crash at the next start, though its close ran', async () => {
  const failed = await startSoftwareUpdates(deps());
  await failed.close();
  await failed.crashes.failedStart();
  const next = await startSoftwareUpdates(deps());
  expect(await next.crashes.since(0)).toBe(1);
  await next.close();
});

it('polls every BRANCH_KIOSK_UPDATE_POLL_MS (at least a second), else every minute', () => {
  expect(updatePollMs({})).toBe(DEFAULT_UPDATE_POLL_MS);
  expect(DEFAULT_UPDATE_POLL_MS).toBe(60_000);
  expect(updatePollMs({ BRANCH_KIOSK_UPDATE_POLL_MS: '5000' })).toBe(5_000);
  expect(updatePollMs({ BRANCH_KIOSK_UPDATE_POLL_MS: '10' })).toBe(1_000);
  expect(updatePollMs({ BRANCH_KIOSK_UPDATE_POLL_MS: 'soon' })).toBe(DEFAULT_UPDATE_POLL_MS);
  expect(updatePollMs({ BRANCH_KIOSK_UPDATE_POLL_MS: '-5' })).toBe(DEFAULT_UPDATE_POLL_MS);
});

it('close waits for the policy step under way before it marks the clean exit', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'bk-sw-root-'));
  try {
    // A switched build under watch: the first tick asks the health check, which the test holds.
    await mkdir(path.join(root, 'versions', '1.1.0'), { recursive: true });
    await symlink(path.join('versions', '1.1.0'), path.join(root, 'current'), 'dir');
    await writeFile(path.join(dataDir, LEDGER_FILE), JSON.stringify({ watching: { version: '1.1.0', previousVersion: '1.0.0', switchedAt: Date.now() }, rejected: [] }));
    let answerHealth: ((healthy: boolean) => void) | null = null;
    const updates = await startSoftwareUpdates({ ...deps(), installRoot: root, health: () => new Promise<boolean>((answer) => (answerHealth = answer)) });
    await vi.waitFor(() => expect(answerHealth).not.toBeNull(), { timeout: 5_000 });
    let closed = false;
    const closing = updates.close().then(() => (closed = true));
    // Without the wait, close marks the clean exit within a file write.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(false);
    const running = async () => (JSON.parse(await readFile(path.join(dataDir, CRASH_FILE), 'utf8')) as { running: boolean }).running;
    expect(await running()).toBe(true);
    (answerHealth as ((healthy: boolean) => void) | null)?.(true);
    await closing;
    expect(await running()).toBe(false);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
