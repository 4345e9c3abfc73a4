// Kill-at-any-instant check of the outbox + sync engine: a child process writes and syncs
// against a real hub on PostgreSQL with kiosk authentication on; the parent SIGKILLs it at
// random moments for N rounds, restarting it each time. Some kills are power cuts: the
// kiosk's store lives on a disk that then loses every write not yet synced
// (power-cut-disk.node.ts). A last child drains the backlog, and the verdict compares the
// hub's rows and the kiosk's store with every transaction the child acknowledged.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { startHubOnPostgres } from './hub-on-postgres.node.js';
import { CHAOS_KIOSK, verifyDelivery, type ChaosReport, type KioskRow } from './chaos-verify.js';
import { createPowerCutDisk, type PowerCutDisk } from './power-cut-disk.node.js';
import { openLocalStore } from '../../electron/host/local-store.node.js';

export interface ChaosOptions {
  rounds: number;
  /** Longest a child lives after it is ready, before the kill. */
  maxLifeMs?: number;
  random?: () => number;
  onRound?: (round: number) => void;
  /** Share of kills that are power cuts (0 = kill -9 only); default 0.5. */
  powerCutShare?: number;
  /** Child environment additions (BK_CHAOS_BREAK to show that the verdict can fail). */
  childEnv?: Record<string, string>;
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

function startChild(script: string, args: string[], env: Record<string, string> = {}): { child: ChildProcess; ready: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', process.env.BK_CHAOS_LOG ? 'inherit' : 'pipe'], env: { ...process.env, ...env } });
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
  const share = opts.powerCutShare ?? 0.5;
  const work = mkdtempSync(path.join(os.tmpdir(), 'bk-chaos-'));
  // The acknowledged log and the credentials live on the ordinary disk: the customer's memory
  // of "done" does not lose power with the kiosk.
  const ackLog = path.join(work, 'acknowledged.log');
  const credentialsDir = path.join(work, 'credentials');
  mkdirSync(credentialsDir, { recursive: true });
  let disk: PowerCutDisk | null = null;
  const [hub, script] = await Promise.all([startHubOnPostgres(0, { auth: true }), bundleChild()]);
  try {
    if (share > 0) disk = createPowerCutDisk(work);
    const dataDir = path.join(disk?.dir ?? work, 'kiosk');
    await hub.enroll(CHAOS_KIOSK, credentialsDir);
    const args = (mode: string, round: string) => [dataDir, hub.url, ackLog, mode, round, credentialsDir];
    let powerCuts = 0;
    for (let round = 1; round <= opts.rounds; round++) {
      const { child, ready, exited } = startChild(script, args('write', String(round)), opts.childEnv);
      // Some kills land during start-up (migrations, first sync), most while writing and sending.
      if (random() < 0.15) await new Promise((r) => setTimeout(r, Math.floor(random() * 80)));
      else {
        await ready;
        await new Promise((r) => setTimeout(r, Math.floor(random() * (opts.maxLifeMs ?? 250))));
      }
      child.kill('SIGKILL');
      await exited;
      if (disk && random() < share) {
        disk.cut();
        powerCuts += 1;
      }
      opts.onRound?.(round);
    }
    const drain = startChild(script, args('drain', 'drain'), opts.childEnv);
    const timeout = setTimeout(() => drain.child.kill('SIGKILL'), 60_000);
    const code = await drain.exited;
    clearTimeout(timeout);
    if (code !== 0) throw new Error(`drain child exited with ${code}`);

    const db = await openLocalStore(dataDir);
    const kioskRows = await db.all<KioskRow>('SELECT id, seq, type, state, payload FROM outbox ORDER BY seq');
    await db.close();
    return verifyDelivery({ rounds: opts.rounds, powerCuts, ackLog: readFileSync(ackLog, 'utf8'), hubRows: await hub.rows(CHAOS_KIOSK), kioskRows });
  } finally {
    disk?.dispose();
    await hub.dispose();
    rmSync(script, { force: true });
    rmSync(work, { recursive: true, force: true });
  }
}
