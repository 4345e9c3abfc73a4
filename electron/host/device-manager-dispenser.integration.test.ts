// The card dispenser through the host's device manager: a simulated dispenser on a PTY, the
// real driver in the device worker. Cards are presented and taken or captured through typed
// calls with stable error codes; stock, jam and cable faults reach the published health, and
// the health report the host sends the hub raises the hub's dispenser-stock-low alert.
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DeviceHealth } from '../bridge/contract.js';
import { EventBus } from '../bridge/event-bus.js';
import type { DispenserSimulator } from '../../drivers/dispenser/simulator.node.js';
import { evaluateRules } from '../../hub/fleet/alert-rules.js';
import { healthReportSchema } from '../../protocol/fleet-health.js';
import { DeviceManager } from './device-manager.node.js';
import { devicesConfigSchema } from './devices/device-config.js';
import { healthFacts } from './fleet/health-facts.node.js';
import { silentLogger } from './log.node.js';

let manager: DeviceManager;
const published: DeviceHealth[] = [];

beforeAll(async () => {
  const events = new EventBus();
  events.subscribe((name, payload) => {
    if (name === 'device.health') published.push(payload as DeviceHealth);
  });
  // A fast idle poll, so stock and cover changes made through the controls show within the test.
  const devices = devicesConfigSchema.parse([{ role: 'dispenser', kind: 'card-dispenser', driver: 'dispenser-serial', transport: { type: 'simulated' }, options: { pollMs: 150 } }]);
  manager = new DeviceManager(devices, events, silentLogger(), { hotplugPollMs: 0 });
  await manager.start();
  await vi.waitFor(() => expect(manager.list().map((d) => d.state)).toEqual(['ready']), { timeout: 55_000, interval: 100 });
}, 60_000);
afterAll(async () => {
  await manager?.close();
});

const sim = (): DispenserSimulator => manager.simulatorControls('dispenser') as DispenserSimulator;
const health = (): DeviceHealth | undefined => manager.list().find((d) => d.role === 'dispenser');

/** What the hub makes of the host's next health report. */
async function hubAlerts(): Promise<string[]> {
  const report = healthReportSchema.parse(
    await healthFacts({
      version: 'test',
      startedAt: new Date().toISOString(),
      dataDir: tmpdir(),
      devices: manager,
      sync: { current: () => ({ online: true, backlog: 0, oldestPendingAt: null, lastSyncAt: null }) },
    })(),
  );
  const now = Date.now();
  const rule = { ruleId: 'dispenser-stock-low', enabled: true, severity: 'warning' as const, holdDownSec: 0, params: { kind: 'dispenser-stock-low' as const } };
  return evaluateRules([rule], { kioskId: 'k1', online: true, lastHeardAt: now, report, reportedAt: now, restarts: [] }, now).conditions.map((c) => `${c.ruleId}:${c.device}:${String(c.detail.reason)}`);
}

describe('card dispenser through the device worker', () => {
  it('publishes its health as a card-dispenser, and no alert while stock is full', async () => {
    expect(health()).toMatchObject({ role: 'dispenser', kind: 'card-dispenser', state: 'ready' });
    expect(await hubAlerts()).toEqual([]);
  });

  it('dispense → presented at the throat → the customer takes it', async () => {
    const before = sim().dispenser.stock;
    expect(await manager.dispenseCard()).toMatchObject({ card: 'throat' });
    expect(sim().dispenser.stock).toBe(before - 1);
    const taken = manager.waitCardTaken({ timeoutMs: 10_000 });
    setTimeout(() => sim().takeCard(), 300);
    expect(await taken).toEqual({ outcome: 'taken' });
  });

  it('read position first, then presented; not taken in time → captured, reported as a result', async () => {
    expect(await manager.moveCardToReadPosition()).toMatchObject({ card: 'read-position' });
    expect(await manager.dispenseCard()).toMatchObject({ card: 'throat' });
    const bin = sim().dispenser.binCount;
    expect(await manager.waitCardTaken({ timeoutMs: 300 })).toEqual({ outcome: 'captured' });
    expect(sim().dispenser.binCount).toBe(bin + 1);
    expect(await manager.dispenserStatus()).toMatchObject({ card: 'none' });
  });

  it('a jam mid-dispense rejects with code JAM and publishes error/jam; freed and reset, it is ready', async () => {
    sim().jamNextMotion();
    await expect(manager.dispenseCard()).rejects.toMatchObject({ code: 'JAM' });
    await vi.waitFor(() => expect(health()).toMatchObject({ state: 'error', reason: 'jam' }));
    expect(published).toContainEqual(expect.objectContaining({ role: 'dispenser', kind: 'card-dispenser', state: 'error', reason: 'jam' }));
    sim().clearJam();
    expect(await manager.resetDispenser()).toMatchObject({ jam: false });
    await vi.waitFor(() => expect(health()?.state).toBe('ready'));
  });

  it('stock low → attention/stock-low and the hub alert fires; empty → stock-out, STOCK_OUT, alert still up; refilled → ready, no alert', async () => {
    sim().setStock(3);
    await vi.waitFor(() => expect(health()).toMatchObject({ state: 'attention', reason: 'stock-low' }), { timeout: 5000 });
    expect(await hubAlerts()).toEqual(['dispenser-stock-low:dispenser:stock-low']);
    sim().setStock(0);
    await vi.waitFor(() => expect(health()).toMatchObject({ state: 'attention', reason: 'stock-out' }), { timeout: 5000 });
    await expect(manager.dispenseCard()).rejects.toMatchObject({ code: 'STOCK_OUT' });
    expect(await hubAlerts()).toEqual(['dispenser-stock-low:dispenser:stock-out']);
    sim().setStock(100);
    await vi.waitFor(() => expect(health()?.state).toBe('ready'), { timeout: 5000 });
    expect(await hubAlerts()).toEqual([]);
  });

  it('cover open: attention/cover-open and COVER_OPEN; a bad argument is INVALID_REQUEST', async () => {
    sim().setCoverOpen(true);
    await vi.waitFor(() => expect(health()).toMatchObject({ state: 'attention', reason: 'cover-open' }), { timeout: 5000 });
    await expect(manager.dispenseCard()).rejects.toMatchObject({ code: 'COVER_OPEN' });
    sim().setCoverOpen(false);
    await vi.waitFor(() => expect(health()?.state).toBe('ready'), { timeout: 5000 });
    await expect(manager.waitCardTaken({ timeoutMs: 5 })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('unplugged: offline/disconnected and OFFLINE; plugged back in, the manager reopens it', async () => {
    await sim().unplug();
    await vi.waitFor(() => expect(health()).toMatchObject({ state: 'offline', reason: 'disconnected' }), { timeout: 5000 });
    await expect(manager.dispenserStatus()).rejects.toMatchObject({ code: 'OFFLINE' });
    await sim().plugIn();
    await vi.waitFor(() => expect(health()?.state).toBe('ready'), { timeout: 20_000, interval: 100 });
    expect(await manager.dispenseCard()).toMatchObject({ card: 'throat' });
    sim().takeCard();
  });

  it('NO_DEVICE for a role that is not a dispenser', async () => {
    await expect(manager.dispenseCard('receipt')).rejects.toMatchObject({ code: 'NO_DEVICE' });
  });
});
