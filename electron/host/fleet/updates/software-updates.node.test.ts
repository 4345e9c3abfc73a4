// The wiring's start and stop: every start marks the crash counter, a clean close clears it,
// and without an install root (npm start from a checkout) no update policy runs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CustomerPresence } from '../commands/customer-presence.js';
import { startSoftwareUpdates, type SoftwareUpdateDeps } from './software-updates.node.js';

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
