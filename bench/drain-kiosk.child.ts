// Kiosk side of the drain benchmark, in its own process so its RSS is the host's alone.
// `seed` fills the outbox with N transactions and exits; `drain` — a fresh process, as after a
// kiosk restart with a backlog — drains it to the hub with the real sync engine, every
// request signed with the kiosk's enrolled key, and prints one JSON line {ms, peakRssMb, …}.
// What reached the hub is counted by the parent, in the hub's database.
// argv: seed|drain hubUrl count dir credentialsDir.
import { openLocalStore } from '../electron/host/local-store.node.js';
import { credentialsSigner } from '../electron/host/hub-signer.node.js';
import { openCredentialsStore } from '../electron/host/kiosk-credentials.node.js';
import { createLogger, silentLogger } from '../electron/host/log.node.js';
import { Outbox } from '../electron/host/outbox.node.js';
import { SyncEngine } from '../electron/host/sync-engine.node.js';

const [mode, hubUrl, countArg, dir, credentialsDir] = process.argv.slice(2);
const count = Number(countArg);
if (!mode || !hubUrl || !dir || !credentialsDir || !Number.isInteger(count)) throw new Error('usage: drain-kiosk.child seed|drain hubUrl count dir credentialsDir');

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
const engine = new SyncEngine({ hubUrl, kioskId: 'BENCH01', branchId: 'BENCH', version: 'bench', outbox, log: process.env.BENCH_DRAIN_LOG ? createLogger({ level: process.env.BENCH_DRAIN_LOG, destination: process.stderr }) : silentLogger(), intervalMs: 60_000, batchSize: Number(process.env.BENCH_DRAIN_BATCH ?? 500), requestTimeoutMs: 60_000, onStatus: () => undefined, sign: credentialsSigner(openCredentialsStore({ dataDir: credentialsDir }), 'BENCH01') });
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
console.log(JSON.stringify({ left, ms, peakRssMb: peak / 1024 / 1024, online: engine.current().online, rejected: engine.current().rejected, atPeakMb: { heapTotal: mb(atPeak.heapTotal), heapUsed: mb(atPeak.heapUsed), external: mb(atPeak.external), arrayBuffers: mb(atPeak.arrayBuffers) } }));

function ticket(n: number): Record<string, unknown> {
  return { ticketId: `0190a1b2-0000-7000-8000-${String(n).padStart(12, '0')}`, number: `A${n % 10000}`, serviceId: 'deposits', businessDate: '2026-11-23', issuedAt: '2026-11-23T09:00:00.000Z', kioskId: 'BENCH01', branchId: 'BENCH', locale: 'zh-CN' };
}
