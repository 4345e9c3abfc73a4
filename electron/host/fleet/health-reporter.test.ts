import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KioskMessage } from '../../../protocol/assist-signaling.js';
import { healthReportSchema, type HealthReport } from '../../../protocol/fleet-health.js';
import type { HubSocketOptions, OpenHubSocket } from '../assist/hub-socket.node.js';
import { HealthReporter } from './health-reporter.js';
import { tapHubSocket } from './hub-socket-tap.node.js';

/** A hub socket that records what is sent; `drop()` closes it as the network would. */
function fakeHub() {
  const sent: KioskMessage[] = [];
  let options: HubSocketOptions | null = null;
  let open = false;
  const openSocket: OpenHubSocket = (opts) => {
    options = opts;
    open = true;
    return Promise.resolve({
      send: (message) => {
        if (!open) return false;
        sent.push(message);
        return true;
      },
      close: () => {
        open = false;
      },
    });
  };
  return {
    sent,
    openSocket,
    reports: () => sent.filter((m): m is Extract<KioskMessage, { type: 'health.report' }> => m.type === 'health.report').map((m) => m.report),
    drop: () => {
      open = false;
      options?.onClose({ code: 1006, reason: '' });
    },
  };
}

const socketOptions: HubSocketOptions = {
  hubUrl: 'http://hub',
  kioskId: 'K01',
  sign: null,
  log: undefined as never,
  openTimeoutMs: 1000,
  onMessage: () => undefined,
  onClose: () => undefined,
};

describe('HealthReporter over the kiosk signaling socket', () => {
  let paper: 'ready' | 'attention';
  let collected: number;
  const collect = (): Promise<HealthReport> => {
    collected += 1;
    return Promise.resolve({
      version: '1.2.3',
      startedAt: '2026-12-03T08:00:00.000Z',
      at: new Date().toISOString(),
      devices: [{ role: 'printer', kind: 'receipt-printer', state: paper, ...(paper === 'attention' ? { reason: 'paper-out' } : {}), since: '2026-12-03T08:00:00.000Z' }],
      outbox: { backlog: 3, oldestPendingAt: null, lastSyncAt: null, rejected: 0 },
      host: { diskFreeBytes: 10, diskTotalBytes: 100, memFreeBytes: 1, memTotalBytes: 2, uptimeSec: 5 },
    });
  };

  beforeEach(() => {
    vi.useFakeTimers();
    paper = 'ready';
    collected = 0;
  });
  afterEach(() => vi.useRealTimers());

  async function setup() {
    const hub = fakeHub();
    const tap = tapHubSocket(hub.openSocket);
    const reporter = new HealthReporter({ collect, send: (r) => tap.sendHealth(r), warn: () => undefined });
    tap.onOpen(() => reporter.linkUp());
    return { hub, tap, reporter };
  }

  it('sends a schema-valid report when the socket opens, then one per burst of changes after the debounce', async () => {
    const { hub, tap, reporter } = await setup();
    reporter.start(); // no socket yet: nothing sent, remembered as unsent
    await vi.advanceTimersByTimeAsync(0);
    expect(hub.reports()).toHaveLength(0);
    await tap.open(socketOptions);
    await vi.advanceTimersByTimeAsync(0);
    expect(hub.reports()).toHaveLength(1);
    expect(healthReportSchema.safeParse(hub.reports()[0]).success).toBe(true);

    paper = 'attention';
    reporter.changed();
    reporter.changed();
    reporter.changed();
    await vi.advanceTimersByTimeAsync(999);
    expect(hub.reports()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(hub.reports()).toHaveLength(2);
    expect(hub.reports()[1]?.devices[0]).toMatchObject({ state: 'attention', reason: 'paper-out' });
    reporter.close();
  });

  it('repeats the state every 60 s as a heartbeat when nothing changes', async () => {
    const { hub, tap, reporter } = await setup();
    await tap.open(socketOptions);
    reporter.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(hub.reports()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(hub.reports()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(hub.reports()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(hub.reports()).toHaveLength(3);
    reporter.close();
    await vi.advanceTimersByTimeAsync(180_000);
    expect(hub.reports()).toHaveLength(3);
  });

  it('while the socket is down keeps only the latest state and sends it once on reconnect', async () => {
    const { hub, tap, reporter } = await setup();
    await tap.open(socketOptions);
    reporter.start();
    await vi.advanceTimersByTimeAsync(0);
    hub.drop();
    paper = 'attention';
    reporter.changed();
    await vi.advanceTimersByTimeAsync(1_000);
    reporter.changed();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(hub.reports()).toHaveLength(1);
    const before = collected;
    await tap.open(socketOptions);
    await vi.advanceTimersByTimeAsync(0);
    expect(hub.reports()).toHaveLength(2);
    expect(collected).toBe(before + 1); // collected afresh at reconnect, not replayed
    expect(hub.reports()[1]?.devices[0]?.reason).toBe('paper-out');
    // A reconnect after a report that did get through sends nothing extra.
    await tap.open(socketOptions);
    await vi.advanceTimersByTimeAsync(0);
    expect(hub.reports()).toHaveLength(2);
    reporter.close();
  });

  it('a report that cannot be built is logged and retried at the next heartbeat, not thrown', async () => {
    const warnings: string[] = [];
    const hub = fakeHub();
    const tap = tapHubSocket(hub.openSocket);
    let fail = true;
    const reporter = new HealthReporter({
      collect: () => (fail ? Promise.reject(new Error('statfs failed')) : collect()),
      send: (r) => tap.sendHealth(r),
      warn: (_f, m) => void warnings.push(m),
    });
    await tap.open(socketOptions);
    reporter.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(warnings).toEqual(['fleet: health report not built']);
    fail = false;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(hub.reports()).toHaveLength(1);
    reporter.close();
  });
});
