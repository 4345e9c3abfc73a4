// Hub CPU per request class, the proof of a per-request saving that a shared machine cannot
// blur the way it blurs the capacity ramp (issue 15): the production hub in its own process
// (hub-process.node.ts: PostgreSQL, authentication on, info logging to a file), a few hundred
// enrolled and registered kiosks, then N signed requests of one class at a fixed concurrency;
// the hub's process.cpuUsage() before and after, divided by N. Other processes' load changes
// wall time, hardly the CPU the hub spends on a request.
// Usage: npx tsx bench/hub-capacity/request-cpu.ts [--requests 3000] [--kiosks 200]
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import WebSocket from 'ws';
import { assistSocketUrl } from '../../electron/host/assist/hub-socket.node.js';
import { signRequest } from '../../electron/host/request-signer.js';
import { ASSIST_PROTOCOL } from '../../protocol/assist-values.js';
import { HUB_API_PATHS, changesPath } from '../../protocol/hub-api.js';
import type { KioskCredentials } from '../../protocol/kiosk-auth.js';
import { ensureTestPostgres } from '../../scripts/test-postgres.mjs';
import { BATCH_ITEMS, branchOf } from './kiosk-fleet.js';
import { watchPostgresCpu } from './process-stats.node.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const REQUESTS = arg('requests', 3000);
const KIOSKS = arg('kiosks', 200);
const CONCURRENCY = 16;

interface CpuUsage {
  user: number;
  system: number;
}

function ask<T>(child: ChildProcess, message: object, type: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (reply: { type: string } & T) => {
      if (reply.type !== type) return;
      child.off('message', on);
      resolve(reply);
    };
    child.on('message', on);
    child.send(message);
  });
}

async function signed(k: KioskCredentials, baseUrl: string, method: 'GET' | 'POST', p: string, body?: unknown): Promise<number> {
  const url = `${baseUrl}${p}`;
  const sent = body === undefined ? '' : JSON.stringify(body);
  const res = await fetch(url, {
    method,
    headers: { ...signRequest({ method, url, body: sent, credentials: k }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: sent }),
  });
  await res.text();
  return res.status;
}

async function main(): Promise<void> {
  const server = await ensureTestPostgres({ log: (line: string) => console.log(`  ${line}`) });
  if (!server) throw new Error('request-cpu needs PostgreSQL');
  const name = `bench_request_cpu_${process.pid}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const dbUrl = new URL(server.url);
  dbUrl.pathname = `/${name}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-request-cpu-'));
  const child = fork(path.join(here, 'hub-process.node.ts'), [], {
    // BENCH_CPU_PROF_DIR: a V8 CPU profile of the hub, to see where a request's time goes.
    execArgv: [...(process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : []), '--import', 'tsx'],
    env: { ...process.env, BENCH_DATABASE_URL: dbUrl.toString(), BENCH_HUB_LOG: path.join(dir, 'hub.log'), BENCH_HUB_DATA_DIR: path.join(dir, 'data') },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const sockets: WebSocket[] = [];
  try {
    const { url } = await new Promise<{ url: string }>((resolve) => child.once('message', resolve));
    const ids = Array.from({ length: KIOSKS }, (_, i) => `CPU-${String(i).padStart(6, '0')}`);
    const { credentials } = await ask<{ credentials: KioskCredentials[] }>(child, { type: 'kiosks', ids }, 'credentials');
    for (const k of credentials) {
      const status = await signed(k, url, 'POST', HUB_API_PATHS.registerKiosk, { kioskId: k.kioskId, branchId: branchOf(k.kioskId), version: 'bench' });
      if (status >= 300) throw new Error(`register ${k.kioskId}: HTTP ${status}`);
      const socketUrl = assistSocketUrl(url, k.kioskId);
      const ws = new WebSocket(socketUrl, [ASSIST_PROTOCOL], { headers: signRequest({ method: 'GET', url: socketUrl, body: '', credentials: k }) });
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      sockets.push(ws);
    }
    const cursors = new Map<string, string | null>();
    let seq = 0;
    const classes: Record<string, (k: KioskCredentials) => Promise<number>> = {
      pull: async (k) => {
        const p = changesPath(k.kioskId, cursors.get(k.kioskId) ?? null, 100);
        const res = await fetch(`${url}${p}`, { headers: signRequest({ method: 'GET', url: `${url}${p}`, body: '', credentials: k }) });
        const text = await res.text();
        if (res.status === 200) cursors.set(k.kioskId, (JSON.parse(text) as { cursor: string }).cursor);
        return res.status;
      },
      batch: (k) =>
        signed(k, url, 'POST', HUB_API_PATHS.transactions, {
          kioskId: k.kioskId,
          items: Array.from({ length: BATCH_ITEMS }, () => ({ id: randomUUID(), seq: ++seq, type: 'queue.ticket.issued', schemaVersion: 1, createdAt: new Date().toISOString(), payload: { service: 'deposit', ticket: `A${seq}` } })),
          backlogHint: 0,
        }),
    };
    for (const [cls, send] of Object.entries(classes)) {
      const count = cls === 'batch' ? Math.round(REQUESTS / 3) : REQUESTS;
      // A warm-up round (JIT, pool connections), not counted.
      await Promise.all(credentials.slice(0, 50).map((k) => send(k)));
      const before = (await ask<{ usage: CpuUsage }>(child, { type: 'cpu' }, 'cpu')).usage;
      const postgres = watchPostgresCpu();
      const started = performance.now();
      let next = 0;
      let failed = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < count) {
            const k = credentials[next++ % credentials.length]!;
            if ((await send(k)) >= 300) failed++;
          }
        }),
      );
      const wall = performance.now() - started;
      const postgresMs = postgres.stop();
      const after = (await ask<{ usage: CpuUsage }>(child, { type: 'cpu' }, 'cpu')).usage;
      const cpuMs = (after.user - before.user + after.system - before.system) / 1000;
      console.log(`${cls}: ${count} requests, ${failed} failed, hub CPU ${(cpuMs / count).toFixed(3)} ms/request (user ${((after.user - before.user) / 1000 / count).toFixed(3)}, system ${((after.system - before.system) / 1000 / count).toFixed(3)}), wall ${(wall / count).toFixed(2)} ms/request at concurrency ${CONCURRENCY}; PostgreSQL CPU ${postgresMs === null ? '?' : (postgresMs / count).toFixed(3)} ms/request (all its users meanwhile)`);
    }
  } finally {
    for (const ws of sockets) ws.terminate();
    child.send({ type: 'stop' });
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    server.stop();
  }
}

await main();
