import { describe, expect, it } from 'vitest';
import { describeDiscovery, discoverDevices, watchDevices, type DeviceListers, type DiscoveredDevice, type Discovery } from './discovery.node.js';

/** What serialport's SerialPort.list() throws on a machine without udev. */
function udevadmMissing(): NodeJS.ErrnoException {
  return Object.assign(new Error('spawn udevadm ENOENT'), { code: 'ENOENT', errno: -2, syscall: 'spawn udevadm', path: 'udevadm' });
}

const noUdev: DeviceListers = {
  serial: () => Promise.reject(udevadmMissing()),
  hid: () => {
    throw new Error('cannot open hidraw');
  },
};

describe('device discovery', () => {
  it('degrades to a stated reason when udevadm is missing, never throws', async () => {
    const found = await discoverDevices(noUdev);
    expect(found.devices).toEqual([]);
    expect(found.unavailable).toEqual([
      { bus: 'serial', reason: 'udevadm not found — install udev' },
      { bus: 'hid', reason: 'cannot open hidraw' },
    ]);
    expect(describeDiscovery({ unavailable: [{ bus: 'serial', reason: 'udevadm not found — install udev' }, { bus: 'hid', reason: 'udevadm not found — install udev' }] })).toBe(
      'discovery: unavailable (udevadm not found — install udev)',
    );
  });

  it('still lists the bus that works when the other fails', async () => {
    const found = await discoverDevices({ serial: noUdev.serial, hid: () => [{ path: '/dev/hidraw0', vendorId: 0x0801, productId: 2, product: 'MSR' }] });
    expect(found.devices).toEqual([{ bus: 'hid', path: '/dev/hidraw0', vendorId: '0801', productId: '0002', product: 'MSR' }]);
    expect(describeDiscovery(found)).toBe('discovery: serial unavailable (udevadm not found — install udev)');
  });
});

describe('device discovery watch', () => {
  it('reports what was plugged in and pulled out between polls', async () => {
    const printer: DiscoveredDevice = { bus: 'serial', path: '/dev/ttyUSB0', vendorId: '04b8', productId: '0202' };
    const reader: DiscoveredDevice = { bus: 'hid', path: '/dev/hidraw1', vendorId: '0801', productId: '0002' };
    const rounds = [[printer], [printer, reader], [reader]];
    let i = 0;
    const changes: { added: string[]; removed: string[] }[] = [];
    const stop = watchDevices((c) => changes.push({ added: c.added.map((d) => d.path), removed: c.removed.map((d) => d.path) }), {
      intervalMs: 20,
      discover: async () => ({ devices: rounds[Math.min(i++, rounds.length - 1)] ?? [], unavailable: [] }),
    });
    await expect.poll(() => changes.length).toBe(2);
    stop();
    expect(changes).toEqual([
      { added: ['/dev/hidraw1'], removed: [] },
      { added: [], removed: ['/dev/ttyUSB0'] },
    ]);
  });

  it('keeps polling while discovery fails, reports the reason once, and sees a device once it recovers', async () => {
    const scanner: DiscoveredDevice = { bus: 'serial', path: '/dev/ttyACM0' };
    let polls = 0;
    const recoverAt = 6;
    const problems: (string | null)[] = [];
    const changes: string[] = [];
    const stop = watchDevices((c) => changes.push(...c.added.map((d) => d.path)), {
      intervalMs: 10,
      onProblem: (p) => problems.push(p),
      discover: async (): Promise<Discovery> => {
        polls++;
        if (polls < recoverAt) return discoverDevices(noUdev);
        return { devices: [scanner], unavailable: [] };
      },
    });
    await expect.poll(() => changes).toEqual(['/dev/ttyACM0']);
    stop();
    expect(polls).toBeGreaterThanOrEqual(recoverAt);
    expect(problems).toEqual(['discovery: unavailable (udevadm not found — install udev; cannot open hidraw)', null]);
  });

  it('does not take a failing bus for "everything unplugged"', async () => {
    const printer: DiscoveredDevice = { bus: 'serial', path: '/dev/ttyUSB0' };
    let polls = 0;
    const removed: string[] = [];
    const stop = watchDevices((c) => removed.push(...c.removed.map((d) => d.path)), {
      intervalMs: 10,
      discover: async () => (++polls === 1 ? { devices: [printer], unavailable: [] } : { devices: [], unavailable: [{ bus: 'serial', reason: 'udevadm not found — install udev' }] }),
    });
    await expect.poll(() => polls).toBeGreaterThan(4);
    stop();
    expect(removed).toEqual([]);
  });
});
