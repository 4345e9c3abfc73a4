// Durable outbox enqueue rate against the raw write+fsync rate of the same disk, both
// measured now: the outbox cannot beat one fsync per transaction, so ≥ 0.8× is the target.
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openLocalStore } from '../electron/host/local-store.node.js';
import { Outbox } from '../electron/host/outbox.node.js';
import { writeResult, type BenchResult } from './result.js';

function rawFsyncRate(dir: string, count: number): number {
  const fd = openSync(path.join(dir, 'fsync.bin'), 'w');
  const buf = Buffer.alloc(256, 1);
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    writeSync(fd, buf);
    fsyncSync(fd);
  }
  const seconds = (performance.now() - start) / 1000;
  closeSync(fd);
  return count / seconds;
}

export async function run(samples = 2000): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'bk-bench-'));
  try {
    const baseline = rawFsyncRate(dir, samples);
    const db = await openLocalStore(path.join(dir, 'store'));
    const outbox = new Outbox(db);
    const payload = { ticketId: '0190a1b2-0000-7000-8000-000000000000', number: 'A1001', serviceId: 'deposits' };
    const latencies: number[] = [];
    const start = performance.now();
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      await outbox.enqueue('queue.ticket.issued', payload);
      latencies.push(performance.now() - t0);
    }
    const rate = samples / ((performance.now() - start) / 1000);
    await db.close();
    latencies.sort((a, b) => a - b);
    return writeResult({
      name: 'enqueue-durable',
      metric: 'transactions/s',
      value: Math.round(rate),
      unit: '1/s',
      baseline: { name: 'raw fsync', value: Math.round(baseline) },
      target: '>=0.8',
      samples,
      p50: Number((latencies[Math.floor(samples / 2)] ?? 0).toFixed(3)),
      p99: Number((latencies[Math.floor(samples * 0.99)] ?? 0).toFixed(3)),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
