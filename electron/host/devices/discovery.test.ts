import { describe, expect, it } from 'vitest';
import { watchDevices, type DiscoveredDevice } from './discovery.node.js';

describe('device discovery watch', () => {
  it('reports what was plugged in and pulled out between polls', async () => {
    const printer: DiscoveredDevice = { bus: 'serial', path: '/dev/ttyUSB0', vendorId: '04b8', productId: '0202' };
    const reader: DiscoveredDevice = { bus: 'hid', path: '/dev/hidraw1', vendorId: '0801', productId: '0002' };
    const rounds = [[printer], [printer, reader], [reader]];
    let i = 0;
    const changes: { added: string[]; removed: string[] }[] = [];
    const stop = watchDevices((c) => changes.push({ added: c.added.map((d) => d.path), removed: c.removed.map((d) => d.path) }), {
      intervalMs: 20,
      discover: async () => rounds[Math.min(i++, rounds.length - 1)] ?? [],
    });
    await expect.poll(() => changes.length).toBe(2);
    stop();
    expect(changes).toEqual([
      { added: ['/dev/hidraw1'], removed: [] },
      { added: [], removed: ['/dev/ttyUSB0'] },
    ]);
  });
});
