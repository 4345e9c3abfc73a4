// Builds a health report from what the host already knows: the device manager's health per
// role, the sync engine's status, and the machine (disk under the data dir, memory, uptime).
import { statfs } from 'node:fs/promises';
import os from 'node:os';
import type { DeviceHealth, SyncStatus } from '../../bridge/contract.js';
import { FLEET_HEALTH, type HealthReport } from '../../../protocol/fleet-health.js';

export interface HealthFactsDeps {
  version: string;
  startedAt: string;
  dataDir: string;
  devices: { list(): DeviceHealth[] };
  sync: { current(): SyncStatus };
  now?: () => Date;
}

const REASON = /^[a-z][a-z0-9-]{0,39}$/;

/** Disk of the volume holding the outbox: null when the platform cannot tell. */
async function diskOf(dir: string): Promise<{ free: number | null; total: number | null }> {
  try {
    const s = await statfs(dir);
    return { free: Number(s.bavail) * Number(s.bsize), total: Number(s.blocks) * Number(s.bsize) };
  } catch {
    return { free: null, total: null };
  }
}

export function healthFacts(deps: HealthFactsDeps): () => Promise<HealthReport> {
  const now = deps.now ?? (() => new Date());
  return async () => {
    const sync = deps.sync.current();
    const disk = await diskOf(deps.dataDir);
    return {
      version: deps.version,
      startedAt: deps.startedAt,
      at: now().toISOString(),
      // A reason the protocol would refuse (a driver's free text) is left out, not the device.
      devices: deps.devices.list().slice(0, FLEET_HEALTH.maxDevices).map((d) => ({ role: d.role, kind: d.kind, state: d.state, since: d.since, ...(d.reason && REASON.test(d.reason) ? { reason: d.reason } : {}) })),
      outbox: { backlog: sync.backlog, oldestPendingAt: sync.oldestPendingAt, lastSyncAt: sync.lastSyncAt, rejected: sync.rejected ?? 0 },
      host: { diskFreeBytes: disk.free, diskTotalBytes: disk.total, memFreeBytes: os.freemem(), memTotalBytes: os.totalmem(), uptimeSec: Math.floor(process.uptime()) },
    };
  };
}
