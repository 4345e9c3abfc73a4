// The machine a diagnostics archive comes from: OS, uptime, memory, CPUs, and the disk that
// holds the kiosk's data (a full disk stops the outbox). Facts only, no user data.
import { statfsSync } from 'node:fs';
import os from 'node:os';

export interface SystemFacts {
  os: { type: string; release: string; platform: string; arch: string; version: string };
  hostname: string;
  uptimeSeconds: number;
  loadAverage: number[];
  memory: { totalBytes: number; freeBytes: number };
  cpus: { count: number; model: string };
  disk: { path: string; totalBytes: number; freeBytes: number } | { path: string; error: string };
  node: string;
}

export function systemFacts(dataDir: string): SystemFacts {
  let disk: SystemFacts['disk'];
  try {
    const s = statfsSync(dataDir);
    disk = { path: dataDir, totalBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
  } catch (err) {
    disk = { path: dataDir, error: (err as Error).message };
  }
  const cpus = os.cpus();
  return {
    os: { type: os.type(), release: os.release(), platform: os.platform(), arch: os.arch(), version: os.version() },
    hostname: os.hostname(),
    uptimeSeconds: Math.round(os.uptime()),
    loadAverage: os.loadavg(),
    memory: { totalBytes: os.totalmem(), freeBytes: os.freemem() },
    cpus: { count: cpus.length, model: cpus[0]?.model ?? 'unknown' },
    disk,
    node: process.version,
  };
}
