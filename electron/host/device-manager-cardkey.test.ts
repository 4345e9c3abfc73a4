// The hub's card-data key reaches every card reader and card dispenser in the device worker, and
// again after the worker was restarted (a new worker knows no key: its reads would leave unsealed).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../bridge/event-bus.js';
import { generateCardKeyPair } from '../../drivers/card/testing/open-sealed-card.node.js';
import { DeviceManager } from './device-manager.node.js';
import { devicesConfigSchema } from './devices/device-config.js';
import type { WorkerHandle, WorkerLauncher } from './devices/worker-launcher.node.js';
import { toWorkerSchema, type FromWorker } from './devices/worker-protocol.js';
import { silentLogger } from './log.node.js';

interface FakeWorker extends WorkerHandle {
  crash(): void;
}

function fakeLauncher(calls: { role: string; method: string }[], workers: FakeWorker[]): WorkerLauncher {
  return () => {
    const listeners: ((msg: unknown) => void)[] = [];
    const exits: ((code: number | null, signal: string | null) => void)[] = [];
    const reply = (msg: FromWorker): void => void setTimeout(() => listeners.forEach((cb) => cb(msg)), 0);
    const worker: FakeWorker = {
      pid: 1000 + workers.length,
      send(raw) {
        const msg = toWorkerSchema.parse(raw);
        if (msg.t === 'start') {
          reply({ t: 'started', roles: msg.devices.map((d) => d.role), failed: [] });
          for (const d of msg.devices) reply({ t: 'health', role: d.role, health: { state: 'ready', since: new Date().toISOString() } });
        } else if (msg.t === 'call') {
          calls.push({ role: msg.role, method: msg.method });
          reply({ t: 'result', id: msg.id, ok: true, value: null });
        } else if (msg.t === 'ping') reply({ t: 'pong', id: msg.id });
      },
      onMessage: (cb) => void listeners.push(cb),
      onExit: (cb) => void exits.push(cb),
      kill: () => exits.forEach((cb) => cb(null, 'SIGKILL')),
      crash: () => exits.forEach((cb) => cb(1, null)),
    };
    workers.push(worker);
    return worker;
  };
}

let manager: DeviceManager | undefined;
afterEach(async () => {
  await manager?.close();
  manager = undefined;
});

describe('card-data key and the device worker', () => {
  it('goes to the card readers and the dispenser only, and again after the worker restarts', async () => {
    const calls: { role: string; method: string }[] = [];
    const workers: FakeWorker[] = [];
    const devices = devicesConfigSchema.parse([
      { role: 'receipt', kind: 'receipt-printer', driver: 'escpos', transport: { type: 'tcp', host: '127.0.0.1', port: 9100 } },
      { role: 'card', kind: 'card-reader', driver: 'msr-serial', transport: { type: 'serial', path: '/dev/null' } },
      { role: 'chip', kind: 'card-reader', driver: 'emv-pcsc', transport: { type: 'pcsc' } },
      { role: 'dispenser', kind: 'card-dispenser', driver: 'dispenser-serial', transport: { type: 'serial', path: '/dev/null' } },
    ]);
    manager = new DeviceManager(devices, new EventBus(), silentLogger(), { launch: fakeLauncher(calls, workers), hotplugPollMs: 0 });
    await manager.start();
    await vi.waitFor(() => expect(manager?.list().every((d) => d.state === 'ready')).toBe(true));

    await manager.setCardKey(generateCardKeyPair('hub-card-1').cardKey);
    expect(calls.filter((c) => c.method === 'set-card-key').map((c) => c.role).sort()).toEqual(['card', 'chip', 'dispenser']);

    workers[0]?.crash();
    await vi.waitFor(() => expect(calls.filter((c) => c.method === 'set-card-key')).toHaveLength(6), { timeout: 5000 });
    expect(calls.filter((c) => c.method === 'set-card-key').slice(3).map((c) => c.role).sort()).toEqual(['card', 'chip', 'dispenser']);
    expect(workers).toHaveLength(2);
  });

  it('release-card asks the card readers and the dispenser (whose chip reads the vault also holds)', async () => {
    const calls: { role: string; method: string }[] = [];
    const devices = devicesConfigSchema.parse([
      { role: 'receipt', kind: 'receipt-printer', driver: 'escpos', transport: { type: 'tcp', host: '127.0.0.1', port: 9100 } },
      { role: 'dispenser', kind: 'card-dispenser', driver: 'dispenser-serial', transport: { type: 'serial', path: '/dev/null' } },
    ]);
    manager = new DeviceManager(devices, new EventBus(), silentLogger(), { launch: fakeLauncher(calls, []), hotplugPollMs: 0 });
    await manager.start();
    await manager.releaseCard('ref-1');
    expect(calls.filter((c) => c.method === 'release-card').map((c) => c.role)).toEqual(['dispenser']);
  });
});
