// Memory at rest: the bundled headless host and its device worker (simulated printer), after
// 60 s idle with the hub unreachable (sync backing off, as in a branch whose link is down).
// Target: host RSS < 120 MB. Baseline in the same run: a bare Node process that only waits
// (what any Node process costs). ratio = host RSS ÷ bare Node RSS (reported; the target is
// the absolute figure). The worker's RSS is reported beside it in the metric text.
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { writeResult, type BenchResult } from '../result.js';
import { spawnUntil } from './spawn-ready.js';

const HOST_BUNDLE = path.resolve('dist/electron/host.cjs');

const rssMb = (pid: number): number => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number((Number(line?.split(/\s+/)[1] ?? 0) / 1024).toFixed(1));
};
const childrenOf = (pid: number): number[] => {
  try {
    return execFileSync('pgrep', ['-P', String(pid)]).toString().trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

export async function run(idleMs = Number(process.env.BENCH_IDLE_MS ?? 60_000)): Promise<BenchResult> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bk-idle-'));
  const env = { ...process.env, BRANCH_KIOSK_DATA_DIR: dataDir, BRANCH_KIOSK_HUB_URL: 'http://127.0.0.1:9', BRANCH_KIOSK_LOG_LEVEL: 'warn' };
  const host = await spawnUntil(process.execPath, [HOST_BUNDLE], /kiosk page (\S+)/, { env });
  const bare = await spawnUntil(process.execPath, ['-e', "console.log('ready'); setInterval(() => undefined, 1 << 30);"], /ready/);
  try {
    await new Promise((r) => setTimeout(r, idleMs));
    const hostMb = rssMb(host.child.pid!);
    const workerMb = childrenOf(host.child.pid!).map(rssMb).reduce((a, b) => a + b, 0);
    const bareMb = rssMb(bare.child.pid!);
    return writeResult({
      name: 'idle-rss',
      metric: `host RSS MB after ${Math.round(idleMs / 1000)} s idle (device worker ${workerMb} MB beside it)`,
      value: hostMb,
      unit: 'MB',
      baseline: { name: 'bare Node process RSS', value: bareMb },
      target: 'host < 120 MB (ratio = host ÷ bare Node, reported)',
      samples: 1,
      p50: null,
      p99: null,
    });
  } finally {
    await host.stop();
    await bare.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
