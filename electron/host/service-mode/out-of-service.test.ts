import { describe, expect, it } from 'vitest';
import type { DeviceHealth } from '../../bridge/contract.js';
import type { OutOfService } from '../../bridge/service-contract.js';
import { judgeOutOfService, OutOfServiceWatch, usable } from './out-of-service.js';
import { ManualClock } from './testing.js';

const since = '2026-01-01T00:00:00.000Z';
const printer = (state: DeviceHealth['state'], reason?: string, role = 'receipt'): DeviceHealth => ({ role, kind: 'receipt-printer', state, since, ...(reason ? { reason } : {}) });
const card: DeviceHealth = { role: 'card', kind: 'card-reader', state: 'ready', since };

describe('out-of-service rule', () => {
  it('takes a ticket-only kiosk out of service when its printer is out of paper, offline or in error', () => {
    expect(judgeOutOfService(['queue-ticket'], [printer('attention', 'paper-out'), card])).toEqual({
      outOfService: true,
      blockedBy: [{ kind: 'receipt-printer', role: 'receipt', reason: 'paper-out' }],
    });
    expect(judgeOutOfService(['queue-ticket'], [printer('offline', 'disconnected')]).outOfService).toBe(true);
    expect(judgeOutOfService(['queue-ticket'], [printer('error', 'cutter-error')]).outOfService).toBe(true);
    expect(judgeOutOfService(['queue-ticket'], [printer('attention', 'cover-open')]).outOfService).toBe(true);
  });

  it('keeps it in service while the printer works, even with paper near its end', () => {
    expect(judgeOutOfService(['queue-ticket'], [printer('ready')])).toEqual({ outOfService: false, blockedBy: [] });
    expect(judgeOutOfService(['queue-ticket'], [printer('busy')]).outOfService).toBe(false);
    expect(judgeOutOfService(['queue-ticket'], [printer('attention', 'paper-near-end')]).outOfService).toBe(false);
    expect(usable(printer('attention'))).toBe(false);
  });

  it('counts a kind as up when any one of its devices is usable', () => {
    expect(judgeOutOfService(['queue-ticket'], [printer('attention', 'paper-out', 'left'), printer('ready', undefined, 'right')]).outOfService).toBe(false);
  });

  it('names a missing device as not configured', () => {
    expect(judgeOutOfService(['queue-ticket'], [card]).blockedBy).toEqual([{ kind: 'receipt-printer', role: null, reason: 'not-configured' }]);
  });
});

describe('out-of-service watch', () => {
  function setup() {
    const clock = new ManualClock();
    let devices = [printer('ready')];
    const emitted: OutOfService[] = [];
    const watch = new OutOfServiceWatch({ journeys: ['queue-ticket'], devices: () => devices, emit: (s) => emitted.push(s), graceMs: 3_000, timers: clock });
    return { clock, watch, emitted, set: (d: DeviceHealth[]) => ((devices = d), watch.evaluate()) };
  }

  it('goes out of service only after the grace period, and back at once', () => {
    const { clock, watch, emitted, set } = setup();
    set([printer('attention', 'paper-out')]);
    clock.advance(2_999);
    expect(emitted).toEqual([]);
    expect(watch.current().outOfService).toBe(false);
    clock.advance(1);
    expect(emitted.map((e) => e.outOfService)).toEqual([true]);
    expect(watch.current().blockedBy[0]?.reason).toBe('paper-out');
    set([printer('ready')]);
    expect(emitted.map((e) => e.outOfService)).toEqual([true, false]);
  });

  it('does not flash for a device that recovers within the grace period (driver restart)', () => {
    const { clock, emitted, set } = setup();
    set([printer('offline', 'driver-restarting')]);
    clock.advance(2_000);
    set([printer('ready')]);
    clock.advance(10_000);
    expect(emitted).toEqual([]);
  });

  it('tells the page when the reason changes while out of service', () => {
    const { clock, emitted, set } = setup();
    set([printer('attention', 'paper-out')]);
    clock.advance(3_000);
    set([printer('attention', 'cover-open')]);
    set([printer('attention', 'cover-open')]);
    expect(emitted.map((e) => e.blockedBy[0]?.reason)).toEqual(['paper-out', 'cover-open']);
    expect(emitted[1]?.since).toBe(emitted[0]?.since);
  });

  it('maintenance (a remote command) takes the kiosk out at once whatever the devices say, and back to what they say', () => {
    const { clock, watch, emitted, set } = setup();
    watch.setMaintenance(true);
    expect(emitted).toEqual([expect.objectContaining({ outOfService: true, blockedBy: [], maintenance: true })]);
    set([printer('attention', 'paper-out')]);
    set([printer('ready')]);
    clock.advance(10_000);
    expect(watch.current()).toMatchObject({ outOfService: true, maintenance: true });
    set([printer('attention', 'paper-out')]);
    watch.setMaintenance(false);
    // The printer is still out: out of service for that reason now, without a new grace period.
    expect(watch.current()).toMatchObject({ outOfService: true, blockedBy: [{ reason: 'paper-out' }] });
    expect(watch.current().maintenance).toBeUndefined();
    set([printer('ready')]);
    expect(watch.current().outOfService).toBe(false);
  });
});
