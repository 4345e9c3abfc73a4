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
import { dropStream } from '../../hub/assist/cluster/testing-nats.node.js';
import { newTotpSecret } from '../../hub/assist/staff/totp.js';
import { TEST_NATS_URL } from '../../hub/testing/test-databases.node.js';
import { startCallSimulation } from './chaos-calls.node.js';
import { startHubCluster } from './hub-cluster.node.js';
import { startHubOnPostgres, type HubFixture } from './hub-on-postgres.node.js';
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
  /**
   * Hub instances (default 1: one in-process hub). With 2 or more: that many hub processes on
   * one PostgreSQL schema and one NATS behind a round-robin proxy (hub-cluster.node.ts); each
   * round also kill -9s one random instance and restarts it, while `calls` simulated calls run.
   */
  hubs?: number;
  /** Simulated calls kept running with several hubs (default 3). */
  calls?: number;
  /** Seconds a call waits for a party to come back (HUB_ASSIST_GRACE_SEC; default 20). */
  graceSec?: number;
  /** A cut call party reconnects after this long (default 300 ms); past the grace it must count as dropped. */
  callReconnectDelayMs?: number;
  log?: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Several hub instances, their enrolled call kiosks and the call simulation. */
async function startClusterSide(hub: HubFixture, opts: ChaosOptions, hubs: number) {
  const graceSec = opts.graceSec ?? 20;
  const callKiosks = await Promise.all(Array.from({ length: opts.calls ?? 3 }, (_, i) => hub.credentials(`CHAOSCALL${i}`)));
  // Enrolled; from now on only the hub processes serve (this one is kept for reading rows).
  await hub.stop();
  const admin = { username: 'chaos.admin', password: 'chaos admin password', totpSecret: newTotpSecret() };
  const subjectPrefix = `chaos${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.`;
  const cluster = await startHubCluster({ size: hubs, databaseUrl: hub.databaseUrl, secretKey: hub.secretKey, natsUrl: TEST_NATS_URL, subjectPrefix, graceSec, admin });
  try {
    const calls = await startCallSimulation({ hubUrl: cluster.url, admin, kiosks: callKiosks, graceSec, ...(opts.callReconnectDelayMs === undefined ? {} : { reconnectDelayMs: opts.callReconnectDelayMs }), ...(opts.log ? { log: opts.log } : {}) });
    await calls.start(callKiosks.length);
    return {
      cluster,
      calls,
      dispose: async () => {
        opts.log?.(`chaos: connections per hub instance: ${cluster.instances.map((i) => `${i.id} ${i.connections}`).join(', ')}`);
        await calls.close().catch(() => undefined);
        await cluster.dispose();
        rmSync(cluster.script, { force: true });
        await dropStream(subjectPrefix).catch(() => undefined);
      },
    };
  } catch (error) {
    await cluster.dispose();
    rmSync(cluster.script, { force: true });
    await dropStream(subjectPrefix).catch(() => undefined);
    throw error;
  }
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
  const hubs = opts.hubs ?? 1;
  const [hub, script] = await Promise.all([startHubOnPostgres(0, { auth: true }), bundleChild()]);
  let side: Awaited<ReturnType<typeof startClusterSide>> | null = null;
  try {
    if (share > 0) disk = createPowerCutDisk(work);
    const dataDir = path.join(disk?.dir ?? work, 'kiosk');
    await hub.enroll(CHAOS_KIOSK, credentialsDir);
    if (hubs >= 2) side = await startClusterSide(hub, opts, hubs);
    const hubUrl = side?.cluster.url ?? hub.url;
    const args = (mode: string, round: string) => [dataDir, hubUrl, ackLog, mode, round, credentialsDir];
    let powerCuts = 0;
    let hubKills = 0;
    // At most one instance down at a time: a round's kill waits for the last one's restart.
    let restarting: Promise<void> = Promise.resolve();
    for (let round = 1; round <= opts.rounds; round++) {
      await restarting;
      const { child, ready, exited } = startChild(script, args('write', String(round)), opts.childEnv);
      // The hub instance dies at a random moment of the kiosk's life (mid-sync, mid-call).
      const victim = Math.floor(random() * hubs);
      const hubKill = side ? sleep(Math.floor(random() * (opts.maxLifeMs ?? 250))).then(() => side!.cluster.kill(victim)) : Promise.resolve();
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
      if (side) {
        await hubKill;
        hubKills += 1;
        const { cluster, calls } = side;
        restarting = sleep(100 + Math.floor(random() * 400)).then(() => cluster.restart(victim));
        await calls.check(`round ${round}`);
      }
      opts.onRound?.(round);
    }
    await restarting;
    const drain = startChild(script, args('drain', 'drain'), opts.childEnv);
    const timeout = setTimeout(() => drain.child.kill('SIGKILL'), 60_000);
    const code = await drain.exited;
    clearTimeout(timeout);
    if (code !== 0) throw new Error(`drain child exited with ${code}`);

    const db = await openLocalStore(dataDir);
    const kioskRows = await db.all<KioskRow>('SELECT id, seq, type, state, payload FROM outbox ORDER BY seq');
    await db.close();
    const report = verifyDelivery({ rounds: opts.rounds, powerCuts, ackLog: readFileSync(ackLog, 'utf8'), hubRows: await hub.rows(CHAOS_KIOSK), kioskRows });
    return side ? { ...report, hubs, hubKills, calls: side.calls.report() } : report;
  } finally {
    await side?.dispose();
    disk?.dispose();
    await hub.dispose();
    rmSync(script, { force: true });
    rmSync(work, { recursive: true, force: true });
  }
}
