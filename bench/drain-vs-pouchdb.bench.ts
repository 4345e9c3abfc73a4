// Backlog drain: 100,000 queued transactions from the kiosk outbox to the hub on PostgreSQL
// (real sync engine, batches of 500, kiosk authentication on: every request signed and
// verified), against — in the same run, same documents — PouchDB (LevelDB) replicating to an
// express-pouchdb server on loopback. The two sides run one after the other, not at once.
// Each side counts what its server STORED (the hub's rows in PostgreSQL, the server's
// doc_count), never what the client believes it sent; a rejected row does not count.
// Each side runs in a child process, which also gives the kiosk host's peak RSS while
// draining (target < 120 MB); the host runs with its V8 flags (electron/host/v8-flags.ts).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import express from 'express';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-node';
import { HOST_JS_FLAGS } from '../electron/host/v8-flags.js';
import { startHubOnPostgres } from '../test/chaos/hub-on-postgres.node.js';
import { writeResult, type BenchResult } from './result.js';

const run$ = promisify(execFile);

interface SideResult {
  count: number;
  ms: number;
  peakRssMb: number;
}

/** Bundled first and run by plain Node: a TypeScript loader in the child would inflate its RSS. */
async function child(script: string, args: string[], nodeFlags: readonly string[] = []): Promise<SideResult> {
  const outfile = path.resolve(import.meta.dirname, '../node_modules/.cache/bk-bench', script.replace(/\.ts$/, `-${process.pid}.mjs`));
  await build({ entryPoints: [path.join(import.meta.dirname, script)], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
  try {
    const { stdout } = await run$(process.execPath, [...nodeFlags, outfile, ...args], { maxBuffer: 1 << 20, timeout: 15 * 60_000 });
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as SideResult;
  } finally {
    rmSync(outfile, { force: true });
  }
}

const KIOSK = 'BENCH01';

async function kioskDrain(count: number, dir: string): Promise<SideResult> {
  const hub = await startHubOnPostgres(0, { auth: true });
  try {
    const credentials = path.join(dir, 'credentials');
    await hub.enroll(KIOSK, credentials);
    const args = (mode: string) => [mode, hub.url, String(count), path.join(dir, 'kiosk'), credentials];
    await child('drain-kiosk.child.ts', args('seed'));
    const side = await child('drain-kiosk.child.ts', args('drain'), HOST_JS_FLAGS);
    return { ...side, count: await hub.count(KIOSK) };
  } finally {
    await hub.dispose();
  }
}

async function pouchReplication(count: number, dir: string): Promise<SideResult> {
  const app = express();
  app.use('/', expressPouchDB(PouchDB.defaults({ prefix: path.join(dir, 'server-') }), { mode: 'minimumForPouchDB', logPath: path.join(dir, 'pouch.log'), configPath: path.join(dir, 'pouch-config.json') }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.on('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await child('drain-pouch.child.ts', [`http://127.0.0.1:${port}/outbox`, String(count), path.join(dir, 'pouch')]);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

export async function run(count = Number(process.env.BENCH_DRAIN_COUNT ?? 100_000)): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'bk-drain-'));
  try {
    const kiosk = await kioskDrain(count, dir);
    const pouch = await pouchReplication(count, dir);
    if (kiosk.count !== count || pouch.count !== count) throw new Error(`incomplete drain: the hub stored ${kiosk.count}, the PouchDB server holds ${pouch.count}, of ${count}`);
    const rate = (s: SideResult) => Math.round(s.count / (s.ms / 1000));
    const drain = writeResult({
      name: 'drain-vs-pouchdb',
      metric: 'transactions/s stored by the hub (kiosk authentication on; the two sides run one after the other)',
      value: rate(kiosk),
      unit: '1/s',
      baseline: { name: 'documents stored by express-pouchdb via PouchDB replication', value: rate(pouch) },
      target: '>=3',
      samples: count,
      p50: null,
      p99: null,
    });
    const rss = writeResult({
      name: 'drain-rss',
      metric: `peak host RSS while draining (host started with ${HOST_JS_FLAGS.join(' ')})`,
      value: Math.round(kiosk.peakRssMb),
      unit: 'MB',
      baseline: { name: 'PouchDB replicator peak RSS', value: Math.round(pouch.peakRssMb) },
      target: 'value < 120 MB (lower is better)',
      samples: count,
      p50: null,
      p99: null,
    });
    return [drain, rss];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
