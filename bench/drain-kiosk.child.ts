// Kiosk side of the drain benchmark, in its own process so its RSS is the host's alone.
// `seed` fills the outbox with N transactions and exits; `drain` — a fresh process, as after a
// kiosk restart with a backlog — drains it to the hub with the real sync engine and prints
// one JSON line {count, ms, peakRssMb}. argv: seed|drain hubUrl count dir.
import { openLocalStore } from '../electron/host/local-store.node.js';
import { silentLogger } from '../electron/host/log.node.js';
import { Outbox } from '../electron/host/outbox.node.js';
import { SyncEngine } from '../electron/host/sync-engine.node.js';

const [mode, hubUrl, countArg, dir] = process.argv.slice(2);
const count = Number(countArg);
if (!mode || !hubUrl || !dir || !Number.isInteger(count)) throw new Error('usage: drain-kiosk.child seed|drain hubUrl count dir');

const db = await openLocalStore(dir);
const outbox = new Outbox(db);
if (mode === 'seed') {
  for (let i = 0; i < count; i += 500) {
    await Promise.all(Array.from({ length: Math.min(500, count - i) }, (_, k) => outbox.enqueue('queue.ticket.issued', ticket(i + k))));
  }
  await db.close();
  console.log(JSON.stringify({ count, ms: 0, peakRssMb: 0 }));
  process.exit(0);
}
const engine = new SyncEngine({ hubUrl, kioskId: 'BENCH01', branchId: 'BENCH', version: 'bench', outbox, log: silentLogger(), intervalMs: 60_000, batchSize: Number(process.env.BENCH_DRAIN_BATCH ?? 500), requestTimeoutMs: 60_000, onStatus: () => undefined });
let peak = process.memoryUsage().rss;
let atPeak = process.memoryUsage();
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  if (m.rss > peak) [peak, atPeak] = [m.rss, m];
}, 50);
const start = performance.now();
await engine.runNow();
const ms = performance.now() - start;
clearInterval(sampler);
const left = await outbox.backlog();
await db.close();
const mb = (n: number) => Math.round(n / 1024 / 1024);
console.log(JSON.stringify({ count: count - left, ms, peakRssMb: peak / 1024 / 1024, online: engine.current().online, atPeakMb: { heapTotal: mb(atPeak.heapTotal), heapUsed: mb(atPeak.heapUsed), external: mb(atPeak.external), arrayBuffers: mb(atPeak.arrayBuffers) } }));

function ticket(n: number): Record<string, unknown> {
  return { ticketId: `0190a1b2-0000-7000-8000-${String(n).padStart(12, '0')}`, number: `A${n % 10000}`, serviceId: 'deposits', businessDate: '2026-11-23', issuedAt: '2026-11-23T09:00:00.000Z', kioskId: 'BENCH01', branchId: 'BENCH', locale: 'zh-CN' };
}
