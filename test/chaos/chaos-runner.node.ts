// Kill-at-any-instant check of the outbox + sync engine: a child process writes and syncs
// against a real hub on PostgreSQL; the parent SIGKILLs it at random moments for N rounds,
// restarting it each time, then lets a last child drain the backlog and compares the hub's
// rows with every transaction the child acknowledged.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { startHubOnPostgres } from './hub-on-postgres.node.js';
import { CHAOS_KIOSK, verifyDelivery, type ChaosReport } from './chaos-verify.js';
import { openLocalStore } from '../../electron/host/local-store.node.js';

export interface ChaosOptions {
  rounds: number;
  /** Longest a child lives after it is ready, before the kill. */
  maxLifeMs?: number;
  random?: () => number;
  onRound?: (round: number) => void;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Bundles the child once, so each restart costs a Node start-up and no TypeScript compile. */
async function bundleChild(): Promise<string> {
  const outdir = path.join(ROOT, 'node_modules/.cache/bk-chaos');
  mkdirSync(outdir, { recursive: true });
  const outfile = path.join(outdir, `child-${process.pid}.mjs`);
  await build({ entryPoints: [path.join(import.meta.dirname, 'chaos-child.node.ts')], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
  return outfile;
}

function startChild(script: string, args: string[]): { child: ChildProcess; ready: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', process.env.BK_CHAOS_LOG ? 'inherit' : 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    void exited.then((code) => reject(new Error(`chaos child exited (${code}) before ready: ${stderr}`)));
  });
  ready.catch(() => undefined);
  return { child, ready, exited };
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const random = opts.random ?? Math.random;
  const work = mkdtempSync(path.join(os.tmpdir(), 'bk-chaos-'));
  const dataDir = path.join(work, 'kiosk');
  const ackLog = path.join(work, 'acknowledged.log');
  const [hub, script] = await Promise.all([startHubOnPostgres(), bundleChild()]);
  try {
    for (let round = 1; round <= opts.rounds; round++) {
      const { child, ready, exited } = startChild(script, [dataDir, hub.url, ackLog, 'write', String(round)]);
      // Some kills land during start-up (migrations, first sync), most while writing and sending.
      if (random() < 0.15) await new Promise((r) => setTimeout(r, Math.floor(random() * 80)));
      else {
        await ready;
        await new Promise((r) => setTimeout(r, Math.floor(random() * (opts.maxLifeMs ?? 250))));
      }
      child.kill('SIGKILL');
      await exited;
      opts.onRound?.(round);
    }
    const drain = startChild(script, [dataDir, hub.url, ackLog, 'drain', 'drain']);
    const timeout = setTimeout(() => drain.child.kill('SIGKILL'), 60_000);
    const code = await drain.exited;
    clearTimeout(timeout);
    if (code !== 0) throw new Error(`drain child exited with ${code}`);

    const db = await openLocalStore(dataDir);
    const enqueued = (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM outbox'))?.n ?? 0;
    await db.close();
    return verifyDelivery({ rounds: opts.rounds, enqueued, ackLog: readFileSync(ackLog, 'utf8'), hubRows: await hub.rows(CHAOS_KIOSK) });
  } finally {
    await hub.dispose();
    rmSync(script, { force: true });
    rmSync(work, { recursive: true, force: true });
  }
}
