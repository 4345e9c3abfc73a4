// The fleet benchmark reduced (npm run bench -- fleet, bench/fleet/): the production hub in its
// own process on PostgreSQL, 20 simulated kiosks on their signed sockets, an admin console on
// the socket and an operations console on the long poll. Every injected paper-out must raise
// an alert that reaches both consoles and show in both fleet views — so the benchmark still
// measures what it says, and the path it measures still works end to end.
import { describe, expect, it } from 'vitest';
import { measureFleet } from '../../bench/fleet/scenario.js';

describe('fleet benchmark, reduced', () => {
  it('every fault on 20 kiosks raises an alert both consoles hear and both fleet views show', async () => {
    const m = await measureFleet({
      baseline: { kiosks: 4, faults: 4, ratePerSec: 2, recoverAfterMs: 1_500 },
      main: { kiosks: 20, faults: 8, ratePerSec: 4, recoverAfterMs: 2_000 },
      pin: false,
      drainMs: 20_000,
      settleMs: 1_000,
    });
    for (const [phase, kiosks, faults] of [[m.baseline, 4, 4], [m.main, 20, 8]] as const) {
      expect(phase.faults).toBe(faults);
      expect(phase.missing).toEqual({ alert: { socket: 0, poll: 0 }, view: { socket: 0, poll: 0 } });
      expect(phase.alert.socket.n).toBe(faults);
      expect(phase.view.poll.n).toBe(faults);
      expect(phase.strays).toBe(0);
      expect(phase.dropped).toBe(0);
      expect(phase.viewKiosks).toBe(kiosks);
      expect(phase.viewOnline).toBe(kiosks);
      // An alert cannot reach a console before the fault was sent, nor the view before the alert.
      expect(phase.alert.socket.p50).toBeGreaterThan(0);
      expect(phase.view.socket.max!).toBeGreaterThanOrEqual(phase.alert.socket.p50!);
    }
    expect(m.main.connected).toBe(20);
  }, 180_000);
});
