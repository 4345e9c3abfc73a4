// A crashing or hanging driver process must not take the kiosk down: the device worker is
// a real child process here, killed and frozen with real signals.
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../bridge/event-bus.js';
import type { DeviceHealth } from '../bridge/contract.js';
import { DeviceManager } from './device-manager.node.js';
import { devicesConfigSchema } from './devices/device-config.js';
import { silentLogger } from './log.node.js';

const doc = { blocks: [{ kind: 'text' as const, text: 'A1001' }, { kind: 'cut' as const }] };
let manager: DeviceManager | null = null;

afterEach(async () => {
  await manager?.close();
  manager = null;
});

async function startManager(opts: { heartbeatMs?: number; heartbeatTimeoutMs?: number } = {}) {
  const events = new EventBus();
  const seen: DeviceHealth[] = [];
  events.subscribe((name, payload) => {
    if (name === 'device.health') seen.push(payload as DeviceHealth);
  });
  const devices = devicesConfigSchema.parse([{ role: 'receipt', kind: 'receipt-printer', driver: 'escpos', transport: { type: 'simulated' } }]);
  manager = new DeviceManager(devices, events, silentLogger(), opts);
  await manager.start();
  return { manager, seen };
}

const waitReady = (m: DeviceManager) => expect.poll(() => m.list()[0]?.state, { timeout: 15_000 }).toBe('ready');

describe('device manager isolation', () => {
  it('prints through the driver in the worker process', async () => {
    const { manager } = await startManager();
    expect(manager.workerPid()).not.toBe(process.pid);
    await waitReady(manager);
    const result = await manager.print('receipt', doc);
    expect(result.printed).toBe(true);
    expect((await manager.simulator()!.waitForJob()).text).toContain('A1001');
  });

  it('restarts a crashed worker and prints again', async () => {
    const { manager, seen } = await startManager();
    await waitReady(manager);
    const pid = manager.workerPid()!;
    process.kill(pid, 'SIGKILL');
    await expect.poll(() => seen.some((h) => h.reason === 'driver-restarting')).toBe(true);
    await expect.poll(() => manager.workerPid(), { timeout: 10_000 }).not.toBe(pid);
    await waitReady(manager);
    expect((await manager.print('receipt', doc)).printed).toBe(true);
  });

  it('kills and replaces a hung worker; calls in flight fail with a typed error, not a hang', async () => {
    // 2.5 s, not 1 s: a replacement worker still loading its bundle can miss a 1 s heartbeat and be
    // replaced again. On a busy 2-core CI machine the role then stayed offline past the 15 s poll,
    // and even on a quiet one this case took 10 s at 1 s against 5 s at 2.5 s.
    const { manager } = await startManager({ heartbeatMs: 200, heartbeatTimeoutMs: 2_500 });
    await waitReady(manager);
    const pid = manager.workerPid()!;
    process.kill(pid, 'SIGSTOP');
    const inFlight = manager.print('receipt', doc).then(
      () => 'printed',
      (err: { code?: string }) => err.code,
    );
    expect(await inFlight).toBe('DEVICE_WORKER_CRASHED');
    await expect.poll(() => manager.workerPid(), { timeout: 10_000 }).not.toBe(pid);
    await waitReady(manager);
    expect((await manager.print('receipt', doc)).printed).toBe(true);
  });

  it('refuses to print on a role that is not a printer', async () => {
    const { manager } = await startManager();
    await expect(manager.print('card', doc)).rejects.toMatchObject({ code: 'NO_DEVICE' });
  });
});
