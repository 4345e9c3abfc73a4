// The host-side switch of versions with two real builds of the host (issue 14): the bundle
// `npm run build` makes (dist/electron + dist/renderer) laid out as versions/1.0.0 of an
// install root, and a release tarball 1.1.0 of the same bundle, run by a launcher that
// behaves like the systemd unit (Restart=always: any exit, 75 included, starts `current`
// again) against a real hub that publishes 1.1.0 and rolls it out to the kiosk's branch.
//
// How 1.1.0 is broken: its tarball has no renderer/ (a release packed without
// `npm run build:renderer`). The host starts (crash counter marked, update watch ticked),
// then serving the page fails and the process exits 1 — after the crash counter, which is
// what a crash loop needs. The alternative, a device that cannot open, only makes the
// health check fail, and whether the first check sees the device offline or still opening
// is a race; a missing page fails every start, deterministically.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ASSIST_CONFIG } from '../../../../hub/assist/assist-config.js';
import { createAssist, type Assist } from '../../../../hub/assist/assist-hub.node.js';
import { FakeClock } from '../../../../hub/assist/testing/fake-clock.js';
import { createTestStaff, loginTestStaff, TEST_SCRYPT_COST, TEST_SECRET_KEY } from '../../../../hub/assist/testing/staff-fixtures.js';
import { commandSigner } from '../../../../hub/fleet/commands/command-signer.node.js';
import { UpdateService } from '../../../../hub/fleet/updates/update-service.js';
import { buildHub } from '../../../../hub/server.js';
import { enrollTestKiosk, TEST_TOKENS } from '../../../../hub/testing/kiosk-auth.js';
import { openTestPglite, type TestDatabase } from '../../../../hub/testing/test-databases.node.js';
import { openTestStores } from '../../../../hub/testing/test-hub.js';
import type { KioskCredentials } from '../../../../protocol/kiosk-auth.js';
import { SOFTWARE_UPDATE_PATHS, versionsResponseSchema } from '../../../../protocol/software-updates.js';
import { openCredentialsStore } from '../../kiosk-credentials.node.js';
import { PINNED_KEY_FILE } from '../commands/command-key.node.js';
import { CRASH_FILE } from './crash-counter.node.js';
import { sha512Base64 } from './release-verifier.node.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const dist = path.join(repo, 'dist');
const BRANCH = 'BR-REAL';
const KIOSK = 'K-REAL-1';
const signer = commandSigner(TEST_SECRET_KEY);
// The hub's clock a minute behind the real one: the rollout has started by the kiosk's clock.
const hubClock = new FakeClock(Date.now() - 60_000);

let work: string;
let root: string;
let dataDir: string;
let files: Server;
let filesUrl: string;
let testDb: TestDatabase;
let assist: Assist;
let app: FastifyInstance;
let hubUrl: string;
let kiosk: KioskCredentials;
let admin: string;
let feedPolls = 0;

/** One host build as the release pipeline lays it out: electron/ and (unless broken) renderer/. */
async function layBuild(dir: string, opts: { renderer: boolean }): Promise<void> {
  await mkdir(dir, { recursive: true });
  await cp(path.join(dist, 'electron'), path.join(dir, 'electron'), { recursive: true });
  if (opts.renderer) await cp(path.join(dist, 'renderer'), path.join(dir, 'renderer'), { recursive: true });
}

beforeAll(async () => {
  if (!existsSync(path.join(dist, 'electron', 'host.cjs')) || !existsSync(path.join(dist, 'renderer', 'index.html'))) {
    execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'ignore' });
  }
  work = await mkdtemp(path.join(tmpdir(), 'bk-real-update-'));
  root = path.join(work, 'install');
  dataDir = path.join(work, 'data');
  await mkdir(path.join(root, 'versions'), { recursive: true });
  // The bundle leaves native and heavy packages to require() at run time, as the installed
  // app does from its node_modules beside the versions.
  await symlink(path.join(repo, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  await layBuild(path.join(root, 'versions', '1.0.0'), { renderer: true });
  await symlink(path.join('versions', '1.0.0'), path.join(root, 'current'), 'dir');
  const broken = path.join(work, 'build-1.1.0');
  await layBuild(broken, { renderer: false });
  const artifact = path.join(work, 'host-1.1.0.tar.gz');
  execFileSync('tar', ['-czf', artifact, '-C', broken, '.']);
  const bytes = await readFile(artifact);
  files = createServer((_req, res) => res.end(bytes));
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;

  testDb = await openTestPglite();
  const stores = await openTestStores(testDb.db);
  const logger = pino({ level: 'silent' });
  assist = await createAssist({ db: testDb.db, config: DEFAULT_ASSIST_CONFIG, logger, clock: hubClock, scryptCost: TEST_SCRYPT_COST, secretKey: TEST_SECRET_KEY });
  const updates = new UpdateService({ db: testDb.db, signer, clock: hubClock, logger });
  app = buildHub({ store: stores.store, staffStore: stores.staffStore, auth: { store: stores.authStore, tokens: TEST_TOKENS }, assist, operations: { updates } });
  app.addHook('onRequest', async (req) => {
    if (req.url === SOFTWARE_UPDATE_PATHS.feed.replace(':kioskId', KIOSK)) feedPolls += 1;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  hubUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  kiosk = await enrollTestKiosk(stores.authStore, KIOSK, BRANCH);
  const who = await createTestStaff(assist.staffAuth, { role: 'admin' });
  hubClock.advanceSec(30);
  admin = await loginTestStaff(assist.staffAuth, hubClock, who);

  await mkdir(dataDir, { recursive: true });
  await openCredentialsStore({ dataDir }).save(kiosk);
  // The hub's command key pinned as at enrollment (this hub serves no fleet commands to fetch it from).
  await writeFile(path.join(dataDir, PINNED_KEY_FILE), JSON.stringify(signer.key), { mode: 0o600 });
  await writeFile(path.join(work, 'kiosk.json'), JSON.stringify({ kioskId: KIOSK, branchId: BRANCH, hubUrl }));

  const published = await staff('POST', SOFTWARE_UPDATE_PATHS.releases, { version: '1.1.0', channel: 'stable', url: `${filesUrl}/host-1.1.0.tar.gz`, sha512: await sha512Base64(artifact), size: bytes.length });
  expect(published.status).toBe(201);
  // A window of four hours around now, in UTC (a window may span midnight).
  const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
  const rollout = await staff('POST', SOFTWARE_UPDATE_PATHS.rollouts, { version: '1.1.0', target: { branches: [BRANCH] }, window: { from: hhmm(Date.now() - 2 * 3600_000), to: hhmm(Date.now() + 2 * 3600_000), timeZone: 'UTC' } });
  expect(rollout.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await launcher?.stop();
  await app?.close();
  await testDb?.dispose();
  await new Promise((resolve) => files?.close(resolve));
  if (work) await rm(work, { recursive: true, force: true });
});

const staff = (method: 'GET' | 'POST', url: string, body?: unknown) =>
  fetch(`${hubUrl}${url}`, { method, headers: { authorization: `Bearer ${admin}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });

async function versionsAtBranch() {
  const res = await staff('GET', SOFTWARE_UPDATE_PATHS.versions);
  return versionsResponseSchema.parse(await res.json()).branches.find((branch) => branch.branchId === BRANCH)?.versions;
}

const currentLink = async () => path.basename(await readlink(path.join(root, 'current')));

interface Run {
  /** The version directory `current` named when this run was started. */
  version: string;
  output: string;
  /** Set once the page was served ("kiosk page <url>"). */
  served: boolean;
  exitCode: number | null;
}

/**
 * Like branch-kiosk-host.service: Restart=always (every exit, a clean 0, the host's
 * deliberate 75 and a failure alike, starts `current` again; RestartSec shortened), with
 * INVOCATION_ID set as systemd sets it, so the host restarts itself by exiting.
 */
class Launcher {
  readonly runs: Run[] = [];
  private child: ChildProcess | null = null;
  private stopped = false;
  private exited: Promise<void> = Promise.resolve();

  start(): void {
    void this.launch();
  }

  private async launch(): Promise<void> {
    if (this.stopped) return;
    const run: Run = { version: await currentLink(), output: '', served: false, exitCode: null };
    this.runs.push(run);
    const child = spawn(process.execPath, [path.join(root, 'current', 'electron', 'host.cjs')], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        INVOCATION_ID: 'real-builds-test',
        BRANCH_KIOSK_CONFIG: path.join(work, 'kiosk.json'),
        BRANCH_KIOSK_DATA_DIR: dataDir,
        BRANCH_KIOSK_INSTALL_ROOT: root,
        BRANCH_KIOSK_UPDATE_POLL_MS: '1000',
        BRANCH_KIOSK_LOG_LEVEL: 'info',
        BRANCH_KIOSK_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const collect = (chunk: Buffer) => {
      run.output += chunk.toString('utf8');
      if (/^kiosk page http/m.test(run.output)) run.served = true;
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        run.exitCode = code ?? (signal ? -1 : null);
        this.child = null;
        resolve();
        if (!this.stopped) setTimeout(() => void this.launch(), 100);
      }),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.child?.kill('SIGTERM');
    await this.exited;
  }
}

let launcher: Launcher | null = null;

/** Polls `check` every 100 ms until it holds; fails naming `what` after `ms`. */
async function waitFor<T>(what: string, ms: number, check: () => Promise<T | false> | T | false): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for: ${what}\nupdate log:\n${(await kioskLog()).split('\n').filter((line) => line.includes('update')).slice(-20).join('\n')}\nruns: ${JSON.stringify(launcher?.runs.map((r) => ({ version: r.version, served: r.served, exit: r.exitCode, tail: r.output.slice(-400) })), null, 1)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function crashRecord(): Promise<{ running: boolean; crashes: { at: number; version: string }[] }> {
  return JSON.parse(await readFile(path.join(dataDir, CRASH_FILE), 'utf8')) as { running: boolean; crashes: { at: number; version: string }[] };
}

async function kioskLog(): Promise<string> {
  return readFile(path.join(dataDir, 'logs', 'kiosk.log'), 'utf8').catch(() => '');
}

describe('software update with two real builds of the host', () => {
  it('1.0.0 takes 1.1.0 from the feed, restarts into it, rolls back when it crash-loops, and does not take it again', async () => {
    launcher = new Launcher();
    launcher.start();
    const runs = launcher.runs;

    // 1.0.0 serves its page, takes 1.1.0 (signature and sha512 checked), switches, exits 75.
    await waitFor('1.0.0 serving its page', 30_000, () => runs[0]?.served === true);
    expect(runs[0]?.version).toBe('1.0.0');
    await waitFor('the switch to 1.1.0 and a start of it', 30_000, () => runs.length >= 2);
    expect(runs[0]?.exitCode).toBe(75);
    expect(runs[1]?.version).toBe('1.1.0');
    expect(existsSync(path.join(root, 'versions', '1.1.0', 'electron', 'host.cjs'))).toBe(true);
    // The update's own log: verified and staged before the switch.
    const log = await kioskLog();
    expect(log).toMatch(/update: downloading → verifying/);
    expect(log).toMatch(/update: verifying → staged/);
    expect(log).toMatch(/update: installing → running-new/);

    // 1.1.0 cannot serve its page: each start exits 1 after the crash counter marked it; the
    // third counted crash within the window makes the next start roll back.
    await waitFor('the rollback to 1.0.0 and a start of it', 60_000, () => runs.length >= 2 && runs.at(-1)?.version === '1.0.0' && runs.at(-1)?.served === true);
    const newRuns = runs.slice(1, -1);
    expect(newRuns.map((r) => r.version)).toEqual(newRuns.map(() => '1.1.0'));
    // Three crashing starts are counted, the fourth rolls back (and fails its page too).
    expect(newRuns).toHaveLength(4);
    for (const run of newRuns) expect(run.served).toBe(false);
    // The crashing starts fail on their page; the last may instead exit 75, restarted by its rollback.
    for (const run of newRuns.slice(0, 3)) {
      // Exit 1 with the reason on stderr, as systemd would log it (not a silent exit 0).
      expect(run.exitCode).toBe(1);
      expect(run.output).toMatch(/kiosk page not built/);
    }
    expect(await currentLink()).toBe('1.0.0');
    // The crash record names the build that crashed (its version directory, not the source's 0.1.0).
    const crashed = (await crashRecord()).crashes.map((crash) => crash.version);
    expect(crashed.slice(0, 3)).toEqual(['1.1.0', '1.1.0', '1.1.0']);
    expect(await kioskLog()).toMatch(/"version":"1\.1\.0".*"msg":"host started"|"msg":"host started".*"version":"1\.1\.0"/);
    expect(await kioskLog()).toMatch(/update: running-new → rolled-back/);

    await waitFor('the hub showing the kiosk on 1.0.0 with 1.1.0 rolled back', 15_000, async () => {
      const versions = await versionsAtBranch();
      return JSON.stringify(versions) === JSON.stringify([{ version: '1.0.0', kiosks: 1, rolledBack: 1, failed: 0 }]) || false;
    });

    // The feed still offers 1.1.0; 1.0.0 keeps polling it and does not take it again.
    const pollsBefore = feedPolls;
    const runsBefore = runs.length;
    await waitFor('three more feed polls by 1.0.0', 20_000, () => feedPolls >= pollsBefore + 3);
    expect(runs.length).toBe(runsBefore);
    expect(runs.at(-1)?.exitCode).toBeNull();
    expect(await currentLink()).toBe('1.0.0');
    expect(await versionsAtBranch()).toEqual([{ version: '1.0.0', kiosks: 1, rolledBack: 1, failed: 0 }]);
  }, 150_000);
});
