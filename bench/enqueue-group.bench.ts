// Group commit: many concurrent enqueues (a busy branch: several kiosk journeys plus the
// alert and audit writers) share one INSERT and one journal append per flush. Compared with
// the raw rate of one durable small write (fsync-baseline.ts), interleaved in the same run;
// target ≥ 5×.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openLocalStore } from '../electron/host/local-store.node.js';
import { Outbox } from '../electron/host/outbox.node.js';
import { FsyncBaseline } from './fsync-baseline.js';
import { percentile, writeResult, type BenchResult } from './result.js';

export async function run(samples = 20_000, concurrency = 64, blocks = 5): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'bk-bench-'));
  const baseline = new FsyncBaseline(dir);
  const db = await openLocalStore(path.join(dir, 'store'));
  try {
    const outbox = new Outbox(db);
    const latencies: number[] = [];
    let ms = 0;
    const per = Math.ceil(samples / blocks);
    for (let b = 0; b < blocks; b++) {
      baseline.block(400);
      let left = per;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async (_, w) => {
          while (left-- > 0) {
            const t0 = performance.now();
            await outbox.enqueue('queue.ticket.issued', { writer: w, number: `A${left}` });
            latencies.push(performance.now() - t0);
          }
        }),
      );
      ms += performance.now() - start;
    }
    latencies.sort((a, b) => a - b);
    return writeResult({
      name: 'enqueue-group',
      metric: 'transactions/s',
      value: Math.round(latencies.length / (ms / 1000)),
      unit: '1/s',
      baseline: { name: `raw ${FsyncBaseline.pattern}`, value: Math.round(baseline.rate()) },
      target: `>=5 (${concurrency} concurrent callers)`,
      samples: latencies.length,
      p50: Number((percentile(latencies, 50) ?? 0).toFixed(3)),
      p99: Number((percentile(latencies, 99) ?? 0).toFixed(3)),
    });
  } finally {
    baseline.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
