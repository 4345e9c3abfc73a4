// Durable outbox enqueue rate, one caller at a time, against the raw rate of the same durable
// write pattern on the same disk in the same run (interleaved blocks, see fsync-baseline.ts):
// the outbox cannot beat one durable small write per transaction, so ≥ 0.8× is the target.
// An enqueue waits for one O_DSYNC journal append of ~220 bytes and nothing else; its row
// moves into sqlite afterwards, in the background once 256 rows wait or before the next
// statement (see the durability contract in electron/host/outbox.node.ts), and that work is
// inside the timed blocks too: each block ends only once its rows are in sqlite.
// Beside them, in the same blocks, the floor any JavaScript enqueue sets (enqueue-floor.ts),
// written as enqueue-durable-floor: what of the raw rate no outbox in this runtime can reach.
// BENCH_DIR picks the disk.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openLocalStore } from '../electron/host/local-store.node.js';
import { Outbox } from '../electron/host/outbox.node.js';
import { EnqueueFloor } from './enqueue-floor.js';
import { FsyncBaseline } from './fsync-baseline.js';
import { percentile, writeResult, type BenchResult } from './result.js';

export async function run(samples = 2000, blocks = 40): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'bk-bench-'));
  const baseline = new FsyncBaseline(dir);
  const floor = await EnqueueFloor.open(dir);
  const db = await openLocalStore(path.join(dir, 'store'));
  try {
    const outbox = new Outbox(db);
    const payload = { ticketId: '0190a1b2-0000-7000-8000-000000000000', number: 'A1001', serviceId: 'deposits' };
    const latencies: number[] = [];
    let ms = 0;
    const per = Math.ceil(samples / blocks);
    for (let b = 0; b < blocks; b++) {
      baseline.block(per);
      await floor.block(per, 'queue.ticket.issued', payload);
      const start = performance.now();
      for (let i = 0; i < per; i++) {
        const t0 = performance.now();
        await outbox.enqueue('queue.ticket.issued', payload);
        latencies.push(performance.now() - t0);
      }
      // The block's clock stops once its rows are in sqlite too: any statement first moves the
      // journal's tail in, so the background work of this block is charged to this block.
      await db.get('SELECT 1');
      ms += performance.now() - start;
    }
    latencies.sort((a, b) => a - b);
    const baselineResult = { name: `raw ${FsyncBaseline.pattern}`, value: Math.round(baseline.rate()) };
    const floorResult = writeResult({
      name: 'enqueue-durable-floor',
      metric: 'transactions/s of the least a JavaScript enqueue does (id, timestamp, JSON, framed record, the same O_DSYNC write, an awaited promise), one caller, same blocks as enqueue-durable',
      value: Math.round(floor.rate()),
      unit: '1/s',
      baseline: baselineResult,
      target: 'reference, no target: the ratio no outbox written in JavaScript can pass on this machine',
      samples: floor.count,
      p50: null,
      p99: null,
    });
    const result = writeResult({
      name: 'enqueue-durable',
      metric: 'transactions/s',
      value: Math.round(latencies.length / (ms / 1000)),
      unit: '1/s',
      baseline: baselineResult,
      target: '>=0.8',
      samples: latencies.length,
      p50: Number((percentile(latencies, 50) ?? 0).toFixed(3)),
      p99: Number((percentile(latencies, 99) ?? 0).toFixed(3)),
    });
    return [result, floorResult];
  } finally {
    baseline.close();
    await floor.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
