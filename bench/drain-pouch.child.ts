// PouchDB side of the drain benchmark, in its own process: the same N documents in a
// LevelDB-backed PouchDB, replicated to an express-pouchdb server on loopback. Prints one
// JSON line {count, ms, peakRssMb}, `count` being the documents the server holds afterwards
// (not the replicator's own tally). argv: remoteUrl count dir.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import PouchDB from 'pouchdb-node';

const [remote, countArg, dir] = process.argv.slice(2);
const count = Number(countArg);
if (!remote || !dir || !Number.isInteger(count)) throw new Error('usage: drain-pouch.child remoteUrl count dir');

mkdirSync(dir, { recursive: true });
const local = new PouchDB(path.join(dir, 'outbox'));
for (let i = 0; i < count; i += 1000) {
  const docs = Array.from({ length: Math.min(1000, count - i) }, (_, k) => {
    const n = i + k;
    return { _id: `tx-${String(n).padStart(9, '0')}`, seq: n + 1, type: 'queue.ticket.issued', payload: { ticketId: `0190a1b2-0000-7000-8000-${String(n).padStart(12, '0')}`, number: `A${n % 10000}`, serviceId: 'deposits', businessDate: '2026-11-23', issuedAt: '2026-11-23T09:00:00.000Z', kioskId: 'BENCH01', branchId: 'BENCH', locale: 'zh-CN' } };
  });
  await local.bulkDocs(docs);
}
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const start = performance.now();
const result = await local.replicate.to(remote, { batch_size: 500 });
const ms = performance.now() - start;
clearInterval(sampler);
await local.close();
const server = new PouchDB(remote);
const { doc_count: stored } = await server.info();
await server.close();
console.log(JSON.stringify({ count: stored, written: result.docs_written, ms, peakRssMb: peak / 1024 / 1024 }));
