// The fleet benchmark's run, for `npm run bench -- fleet` and, reduced, its integration test:
// a production hub in its own process on PostgreSQL (a private schema), simulated kiosks
// reporting health on their signed sockets, two consoles (admin on the socket, operations on
// the long poll), and printer faults injected at a steady rate once every kiosk is connected.
// First a baseline phase with a handful of kiosks (the same path unloaded), then the fleet
// grows to its full size and the measured phase runs on the same hub.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createTestSchema, TEST_DATABASE_URL } from '../../hub/testing/test-databases.node.js';
import type { KioskCredentials } from '../../protocol/kiosk-auth.js';
import { Secret } from 'otpauth';
import { ConsoleObserver, createAndSignIn, signIn } from './console-observer.js';
import { FaultTracker, type Channel } from './fault-tracker.js';
import { HealthFleet } from './health-fleet.js';
import { cpuPercent, summarize, type Summary } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CHANNELS: readonly Channel[] = ['socket', 'poll'];

export interface PhasePlan {
  kiosks: number;
  faults: number;
  /** Faults per second, spread evenly. */
  ratePerSec: number;
  /** Paper comes back this long after the fault. */
  recoverAfterMs: number;
}

export interface FleetPlan {
  baseline: PhasePlan;
  main: PhasePlan;
  /** Pin the hub to core 0 and this process to core 1 (taskset), as hub-capacity does. */
  pin: boolean;
  /** After the last fault, how long to wait for its alert and view at most. */
  drainMs: number;
  /** Wait after every kiosk connected before faults start (initial reports stored). */
  settleMs: number;
  /** Directory for a --cpu-prof profile of the hub; none when absent. */
  cpuProfDir?: string | undefined;
  log?: (line: string) => void;
}

export interface PhaseResult {
  kiosks: number;
  faults: number;
  /** Fault sent → the raised alert's `fleet.alert` on the admin socket / in the operations long poll. */
  alert: Record<Channel, Summary>;
  /** Fault sent → a fleet view reload shows it (printer row and alert), admin / operations console. */
  view: Record<Channel, Summary>;
  /** One fleet view reload (kiosks and active alerts), admin / operations console. */
  reload: Record<Channel, Summary>;
  /** An event's branch asked again (what updates the view after an event). */
  branch: Record<Channel, Summary>;
  missing: { alert: Record<Channel, number>; view: Record<Channel, number> };
  strays: number;
  /** Faults whose alert never reached the admin socket, with what the hub holds for the kiosk. */
  unseen: { kioskId: string; since: string; hubAlerts: { since: unknown; state: string; raisedAt: string }[] }[];
  hubCpuPercent: number;
  hubRssPeakMb: number;
  connected: number;
  dropped: number;
  /** Kiosks online in the admin's last fleet view. */
  viewOnline: number;
  viewKiosks: number;
  viewFailures: number;
  /** This (fleet + consoles) process's event-loop delay p99, ms: its own lag is in every figure. */
  fleetLoopP99Ms: number;
  durationMs: number;
}

export interface FleetMeasurement {
  baseline: PhaseResult;
  main: PhaseResult;
  pinned: boolean;
  enrollMs: number;
  connectMs: number;
}

const hasTaskset = spawnSync('taskset', ['-V']).status === 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface HubChild {
  child: ChildProcess;
  url: string;
  request<T>(message: object, answer: string): Promise<T>;
}

function startHubChild(env: Record<string, string>, pinned: boolean, cpuProfDir: string | undefined): Promise<HubChild> {
  const node = ['--import', 'tsx', ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [])];
  const child = fork(path.join(here, 'hub-process.node.ts'), [], {
    ...(pinned ? { execPath: 'taskset', execArgv: ['-c', '0', process.execPath, ...node] } : { execArgv: node }),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // IPC answers come in the order asked; each kind is answered by the first waiter for it.
  const waiters: { type: string; resolve(message: unknown): void }[] = [];
  child.on('message', (message: { type: string }) => {
    const index = waiters.findIndex((w) => w.type === message.type);
    if (index >= 0) waiters.splice(index, 1)[0]!.resolve(message);
  });
  const request = <T>(message: object, answer: string) =>
    new Promise<T>((resolve) => {
      waiters.push({ type: answer, resolve: resolve as (m: unknown) => void });
      child.send(message);
    });
  return new Promise((resolve, reject) => {
    waiters.push({ type: 'ready', resolve: (m) => resolve({ child, url: (m as { url: string }).url, request }) });
    child.once('exit', (code) => reject(new Error(`hub process exited with ${code} before it was ready`)));
  });
}

async function stopHubChild(hub: HubChild): Promise<void> {
  const exited = new Promise((resolve) => hub.child.once('exit', resolve));
  hub.child.send({ type: 'stop' });
  await Promise.race([exited, sleep(20_000)]);
  if (hub.child.exitCode === null) hub.child.kill('SIGKILL');
}

type Stats = { cpu: { user: number; system: number }; rss: number };

async function runPhase(plan: PhasePlan, fleet: HealthFleet, hub: HubChild, observers: ConsoleObserver[], tracker: FleetPlanTracker, opts: FleetPlan): Promise<PhaseResult> {
  const log = opts.log ?? (() => undefined);
  const t = tracker.current;
  const ids = fleet.ids.slice(0, plan.kiosks);
  const droppedBefore = fleet.dropped;
  const reloadsBefore = observers.map((o) => o.reloadMs.length);
  const branchesBefore = observers.map((o) => o.branchMs.length);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const before = await hub.request<Stats>({ type: 'stats' }, 'stats');
  let rssPeak = before.rss;
  const rssTimer = setInterval(() => void hub.request<Stats>({ type: 'stats' }, 'stats').then((s) => (rssPeak = Math.max(rssPeak, s.rss))), 2_000);
  const started = performance.now();
  const recoveries: ReturnType<typeof setTimeout>[] = [];
  // Kiosks not faulted yet in this phase first, then any whose alert was resolved.
  const fresh = [...ids].sort(() => Math.random() - 0.5);
  const pick = (): string | null => {
    while (fresh.length > 0) {
      const id = fresh.pop()!;
      if (!t.isBusy(id)) return id;
    }
    const free = ids.filter((id) => !t.isBusy(id));
    return free.length > 0 ? free[Math.floor(Math.random() * free.length)]! : null;
  };
  const gapMs = 1000 / plan.ratePerSec;
  for (let i = 0; i < plan.faults; i++) {
    const due = started + i * gapMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    let kioskId = pick();
    while (kioskId === null) {
      await sleep(50);
      kioskId = pick();
    }
    const sent = fleet.fault(kioskId);
    if (!sent) {
      log(`  fault on ${kioskId} not sent: its socket is closed`);
      continue;
    }
    t.sent(sent.kioskId, sent.since, sent.sentAt);
    recoveries.push(setTimeout(() => fleet.recover(sent.kioskId), plan.recoverAfterMs));
  }
  const lastSent = performance.now();
  while (!t.complete() && performance.now() - lastSent < opts.drainMs) await sleep(100);
  // Paper back everywhere before the next phase; its alerts resolve.
  await sleep(Math.max(0, plan.recoverAfterMs - (performance.now() - lastSent)) + 500);
  recoveries.forEach(clearTimeout);
  const durationMs = performance.now() - started;
  clearInterval(rssTimer);
  const after = await hub.request<Stats>({ type: 'stats' }, 'stats');
  rssPeak = Math.max(rssPeak, after.rss);
  loop.disable();
  const lastView = tracker.lastAdminView;
  const unseen = await Promise.all(
    t.faults
      .filter((f) => f.alertAt.socket === undefined)
      .slice(0, 10)
      .map(async (f) => ({ kioskId: f.kioskId, since: f.since, hubAlerts: (await observers[0]!.alertsOf(f.kioskId)).map((a) => ({ since: a.detail.since, state: a.state, raisedAt: a.raisedAt })) })),
  );
  const by = (kind: 'alertAt' | 'viewAt') => Object.fromEntries(CHANNELS.map((c) => [c, summarize(t.latencies(kind, c))])) as Record<Channel, Summary>;
  const missing = (kind: 'alertAt' | 'viewAt') => Object.fromEntries(CHANNELS.map((c) => [c, t.missing(kind, c)])) as Record<Channel, number>;
  return {
    kiosks: plan.kiosks,
    faults: t.faults.length,
    alert: by('alertAt'),
    view: by('viewAt'),
    reload: Object.fromEntries(observers.map((o, i) => [o.role === 'admin' ? 'socket' : 'poll', summarize(o.reloadMs.slice(reloadsBefore[i]))])) as Record<Channel, Summary>,
    branch: Object.fromEntries(observers.map((o, i) => [o.role === 'admin' ? 'socket' : 'poll', summarize(o.branchMs.slice(branchesBefore[i]))])) as Record<Channel, Summary>,
    missing: { alert: missing('alertAt'), view: missing('viewAt') },
    strays: t.strays,
    unseen,
    hubCpuPercent: cpuPercent(before.cpu, after.cpu, durationMs),
    hubRssPeakMb: Math.round(rssPeak / 2 ** 20),
    connected: fleet.connected,
    dropped: fleet.dropped - droppedBefore,
    viewOnline: lastView?.kiosks.filter((k) => k.online).length ?? 0,
    viewKiosks: lastView?.kiosks.length ?? 0,
    viewFailures: observers.reduce((n, o) => n + o.viewFailures, 0),
    fleetLoopP99Ms: Number((loop.percentile(99) / 1e6).toFixed(1)),
    durationMs: Math.round(durationMs),
  };
}

/** Routes observations to the phase running now. */
class FleetPlanTracker {
  current = new FaultTracker(CHANNELS);
  lastAdminView: { kiosks: { online: boolean }[] } | null = null;
}

export async function measureFleet(plan: FleetPlan): Promise<FleetMeasurement> {
  const log = plan.log ?? (() => undefined);
  const pinned = plan.pin && hasTaskset && os.cpus().length >= 2;
  const { schema, drop } = await createTestSchema();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-fleet-bench-'));
  if (plan.cpuProfDir) mkdirSync(plan.cpuProfDir, { recursive: true });
  // The first admin, seeded from the environment at hub start as an operator would.
  const admin = { username: 'bench.admin', password: randomBytes(18).toString('base64'), totpSecret: new Secret({ size: 20 }).base32 };
  if (pinned) spawnSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
  let hub: HubChild | null = null;
  let fleet: HealthFleet | null = null;
  const observers: ConsoleObserver[] = [];
  try {
    hub = await startHubChild(
      {
        BENCH_DATABASE_URL: `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
        BENCH_HUB_LOG: path.join(dir, 'hub.log'),
        BENCH_HUB_DATA_DIR: path.join(dir, 'data'),
        HUB_SEED_ADMIN_USERNAME: admin.username,
        HUB_SEED_ADMIN_PASSWORD: admin.password,
        HUB_SEED_ADMIN_TOTP_SECRET: admin.totpSecret,
      },
      pinned,
      plan.cpuProfDir,
    );
    const target = hub;
    log(`  hub at ${target.url} (schema ${schema}${pinned ? ', hub on core 0, fleet on core 1' : ', not pinned'})`);
    // Alerts without the default 30 s hold-down: the benchmark times the hub's path, not a
    // wait staff configured (an admin sets it per rule; see the result's note).
    const adminSession = await signIn(target.url, admin);
    const rule = await fetch(`${target.url}/v1/staff/fleet/rules/printer-paper`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminSession}`, 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: true, severity: 'warning', holdDownSec: 0, params: { kind: 'printer-paper', includeNearEnd: false } }),
    });
    if (!rule.ok) throw new Error(`setting the printer-paper rule: HTTP ${rule.status}`);

    const tracker = new FleetPlanTracker();
    for (const role of ['admin', 'operations'] as const) {
      const channel: Channel = role === 'admin' ? 'socket' : 'poll';
      const observer = new ConsoleObserver(target.url, role === 'admin' ? adminSession : await createAndSignIn(target.url, adminSession, role), role, {
        notice: (notice, at) => tracker.current.notice(channel, notice, at),
        view: (snapshot) => {
          tracker.current.view(channel, snapshot);
          if (role === 'admin') tracker.lastAdminView = snapshot;
        },
      });
      await observer.start();
      observers.push(observer);
    }

    let enrollMs = 0;
    const enroll = async (ids: string[]): Promise<KioskCredentials[]> => {
      const t0 = performance.now();
      const answer = await target.request<{ credentials: KioskCredentials[] }>({ type: 'kiosks', ids }, 'credentials');
      enrollMs += performance.now() - t0;
      return answer.credentials;
    };
    fleet = new HealthFleet(target.url, enroll);
    await fleet.grow(plan.baseline.kiosks);
    await sleep(plan.settleMs);
    log(`  baseline: ${plan.baseline.kiosks} kiosks connected; ${plan.baseline.faults} faults at ${plan.baseline.ratePerSec}/s`);
    const baseline = await runPhase(plan.baseline, fleet, target, observers, tracker, plan);

    const growStart = performance.now();
    enrollMs = 0;
    // Batches of 100: each is enrolled, registered and connected before the next.
    for (let n = plan.baseline.kiosks; n < plan.main.kiosks; ) {
      n = Math.min(plan.main.kiosks, n + 100);
      await fleet.grow(n, 100);
      if (n % 500 === 0 || n === plan.main.kiosks) log(`  ${fleet.connected} kiosks connected (${fleet.dropped} dropped)`);
    }
    const connectMs = performance.now() - growStart - enrollMs;
    await sleep(plan.settleMs);
    tracker.current = new FaultTracker(CHANNELS);
    log(`  main: ${fleet.connected} kiosks connected; ${plan.main.faults} faults at ${plan.main.ratePerSec}/s`);
    const main = await runPhase(plan.main, fleet, target, observers, tracker, plan);
    return { baseline, main, pinned, enrollMs: Math.round(enrollMs), connectMs: Math.round(connectMs) };
  } finally {
    observers.forEach((o) => o.close());
    await fleet?.close();
    if (hub) await stopHubChild(hub);
    rmSync(dir, { recursive: true, force: true });
    await drop().catch(() => undefined);
    if (pinned) spawnSync('taskset', ['-cp', `0-${os.cpus().length - 1}`, String(process.pid)], { stdio: 'ignore' });
  }
}
