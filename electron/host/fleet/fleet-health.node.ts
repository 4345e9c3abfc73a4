// The host's health reporting, wired: facts from the device manager, the sync engine and the
// machine; a report on each change that matters and a heartbeat; sent on the assist socket.
import type { SyncStatus } from '../../bridge/contract.js';
import type { EventBus } from '../../bridge/event-bus.js';
import type { HostLogger } from '../log.node.js';
import { healthFacts, type HealthFactsDeps } from './health-facts.node.js';
import { HealthReporter } from './health-reporter.js';
import type { HubSocketTap } from './hub-socket-tap.node.js';

/**
 * Sync status arrives after every round; the report follows only what an operator would see
 * change: online or not, dead letters, and the backlog's order of magnitude (the heartbeat
 * carries the exact numbers).
 */
export function syncSignature(status: SyncStatus): string {
  const magnitude = status.backlog === 0 ? 0 : Math.floor(Math.log10(status.backlog)) + 1;
  return `${status.online}|${magnitude}|${status.rejected ?? 0}`;
}

export function startFleetHealth(deps: HealthFactsDeps & { events: EventBus; tap: HubSocketTap; log: HostLogger }): { close(): void } {
  const reporter = new HealthReporter({ collect: healthFacts(deps), send: (report) => deps.tap.sendHealth(report), warn: (fields, message) => deps.log.warn(fields, message) });
  deps.tap.onOpen(() => reporter.linkUp());
  let lastSync = syncSignature(deps.sync.current());
  const unsubscribe = deps.events.subscribe((name, payload) => {
    if (name === 'device.health') reporter.changed();
    if (name === 'sync.status') {
      const signature = syncSignature(payload as SyncStatus);
      if (signature !== lastSync) reporter.changed();
      lastSync = signature;
    }
  });
  reporter.start();
  return {
    close() {
      unsubscribe();
      reporter.close();
    },
  };
}
