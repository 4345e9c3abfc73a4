// The headless host serves the page while the device worker is still starting (awaitDevices:
// false): start-up does not wait for it, devices say 'not-opened' meanwhile, and closing the
// host then does not leave the starting worker behind. And the host marks itself running in
// the crash record (software updates roll back a build that crash-loops) until a clean close.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import type { WorkerHandle, WorkerLauncher } from './devices/worker-launcher.node.js';
import { silentLogger } from './log.node.js';
import { startHost, type KioskHost } from './start-host.node.js';

/** A worker that never answers: as a device worker still loading its drivers looks from here. */
function silentWorkers(): { launch: WorkerLauncher; killed: () => number; launched: () => number } {
  let killed = 0;
  let launched = 0;
  const launch: WorkerLauncher = (): WorkerHandle => {
    launched++;
    const exits: ((code: number | null, signal: string | null) => void)[] = [];
    return {
      pid: undefined,
      send: () => undefined,
      onMessage: () => undefined,
      onExit: (cb) => exits.push(cb),
      kill: () => {
        killed++;
        for (const cb of exits) cb(null, 'SIGTERM');
      },
    };
  };
  return { launch, killed: () => killed, launched: () => launched };
}

function receiptOnlyConfig(dataDir: string, hubUrl: string | null = null) {
  return loadConfig({
    env: {},
    file: null,
    overrides: {
      kioskId: 'K77',
      dataDir,
      hubUrl,
      devices: [{ role: 'receipt', kind: 'receipt-printer', driver: 'escpos', transport: { type: 'tcp', host: '127.0.0.1', port: 9 } }],
    },
  });
}

describe('startHost with awaitDevices: false', () => {
  let host: KioskHost | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await host?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('returns before the device worker is up, reports not-opened, and closes cleanly', async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'bk-devices-bg-'));
    const config = receiptOnlyConfig(dataDir);
    const workers = silentWorkers();
    const started = Date.now();
    host = await startHost({ config, logger: silentLogger(), launchDeviceWorker: workers.launch, awaitDevices: false, logFile: null });
    // The device manager would wait 15 s for this worker; start-up must not.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(host.devices.summary()).toEqual([expect.objectContaining({ role: 'receipt', health: expect.objectContaining({ state: 'offline', reason: 'not-opened' }) })]);
    let settled = false;
    void host.devicesReady.then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    const crashRecord = () => JSON.parse(readFileSync(path.join(dataDir ?? '', 'host-crashes.json'), 'utf8')) as { running: boolean; crashes: unknown[] };
    expect(crashRecord()).toMatchObject({ running: true, crashes: [] });

    const closing = Date.now();
    await host.close();
    host = undefined;
    // Not the 15 s the manager would give the worker to start: close stops it at once.
    expect(Date.now() - closing).toBeLessThan(5_000);
    expect(workers.killed()).toBeGreaterThan(0);
    expect(crashRecord()).toMatchObject({ running: false, crashes: [] });
  }, 60_000);

  it('starts the device worker only once startDevicesAfter settles (the headless host: once the page is up)', async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'bk-devices-later-'));
    const workers = silentWorkers();
    let pageUp: () => void = () => undefined;
    const startDevicesAfter = new Promise<void>((resolve) => (pageUp = resolve));
    host = await startHost({ config: receiptOnlyConfig(dataDir), logger: silentLogger(), launchDeviceWorker: workers.launch, awaitDevices: false, startDevicesAfter, logFile: null });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(workers.launched()).toBe(0);
    expect(host.devices.summary()).toEqual([expect.objectContaining({ health: expect.objectContaining({ state: 'offline', reason: 'not-opened' }) })]);
    pageUp();
    await expect.poll(() => workers.launched(), { timeout: 5_000 }).toBe(1);
  }, 60_000);

  it('never starts the device worker of a host closed before startDevicesAfter settled', async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'bk-devices-never-'));
    const workers = silentWorkers();
    let pageUp: () => void = () => undefined;
    const startDevicesAfter = new Promise<void>((resolve) => (pageUp = resolve));
    const early = await startHost({ config: receiptOnlyConfig(dataDir), logger: silentLogger(), launchDeviceWorker: workers.launch, awaitDevices: false, startDevicesAfter, logFile: null });
    await early.close();
    pageUp();
    await early.devicesReady;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(workers.launched()).toBe(0);
  }, 60_000);
});

/** A hub that answers nothing useful and counts what reaches it: requests and socket upgrades. */
async function countingHub(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(503).end();
  });
  server.on('upgrade', (req, socket) => {
    seen.push(`upgrade ${req.url}`);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('startHost with hubContactAfter (the headless host: once the page is up)', () => {
  it('contacts the hub only once it settles: sync, the signaling socket and the card key', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bk-hub-later-'));
    const hub = await countingHub();
    let pageUp: () => void = () => undefined;
    const hubContactAfter = new Promise<void>((resolve) => (pageUp = resolve));
    const host = await startHost({ config: receiptOnlyConfig(dataDir, hub.url), logger: silentLogger(), launchDeviceWorker: silentWorkers().launch, awaitDevices: false, hubContactAfter, logFile: null });
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(hub.seen).toEqual([]);
      pageUp();
      await expect.poll(() => hub.seen.some((r) => r.startsWith('POST /v1/kiosks/register')), { timeout: 5_000 }).toBe(true);
      await expect.poll(() => hub.seen.some((r) => r.startsWith('GET /v1/banking/card-key')), { timeout: 5_000 }).toBe(true);
      await expect.poll(() => hub.seen.some((r) => r.startsWith('upgrade ')), { timeout: 5_000 }).toBe(true);
    } finally {
      await host.close();
      await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('never contacts the hub from a host closed before it settled', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bk-hub-never-'));
    const hub = await countingHub();
    let pageUp: () => void = () => undefined;
    const hubContactAfter = new Promise<void>((resolve) => (pageUp = resolve));
    try {
      const early = await startHost({ config: receiptOnlyConfig(dataDir, hub.url), logger: silentLogger(), launchDeviceWorker: silentWorkers().launch, awaitDevices: false, hubContactAfter, logFile: null });
      await early.close();
      pageUp();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(hub.seen).toEqual([]);
    } finally {
      await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
