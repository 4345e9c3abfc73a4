// A software update end to end with two real builds of a host: an operator publishes 1.1.0
// (a .tar.gz served over HTTP) and rolls it out to a branch; the kiosk's policy, over its
// signed link to a listening hub, downloads it, checks signature and sha512, unpacks it beside
// 1.0.0, switches `current` inside the window, and reports; the new build then crash-loops
// (three starts without a clean exit) and the next start rolls back to 1.0.0, reports it, and
// does not take 1.1.0 again although the feed still offers it.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
import { enrollTestKiosk, signedFetch, TEST_TOKENS } from '../../../../hub/testing/kiosk-auth.js';
import { openTestPglite, type TestDatabase } from '../../../../hub/testing/test-databases.node.js';
import { openTestStores } from '../../../../hub/testing/test-hub.js';
import type { KioskCredentials } from '../../../../protocol/kiosk-auth.js';
import { SOFTWARE_UPDATE_PATHS, versionsResponseSchema } from '../../../../protocol/software-updates.js';
import type { Send } from '../../hub-send.node.js';
import { CrashCounter } from './crash-counter.node.js';
import { sha512Base64 } from './release-verifier.node.js';
import { tarballInstaller } from './tarball-installer.node.js';
import { fileLedger } from './update-ledger.node.js';
import { UpdatePolicy } from './update-policy.js';
import { fileDownloader, hubFeed, hubReport, pinnedReleaseSignature } from './update-ports.node.js';
import { VersionSwitch } from './version-switch.node.js';

const BRANCH = 'BR-UPD';
const signer = commandSigner(TEST_SECRET_KEY);
const hubClock = new FakeClock(Date.UTC(2026, 11, 4, 9, 0));
let root: string;
let artifact: string;
let files: Server;
let filesUrl: string;
let testDb: TestDatabase;
let assist: Assist;
let app: FastifyInstance;
let hubUrl: string;
let kiosk: KioskCredentials;
let admin: string;

async function writeBuild(dir: string, version: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'host.mjs'), `console.log(${JSON.stringify(version)});\n`);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'bk-update-'));
  await writeBuild(path.join(root, 'versions', '1.0.0'), '1.0.0');
  await new VersionSwitch(root).switchTo('1.0.0');
  await writeBuild(path.join(root, 'build-1.1.0'), '1.1.0');
  artifact = path.join(root, 'host-1.1.0.tar.gz');
  execFileSync('tar', ['-czf', artifact, '-C', path.join(root, 'build-1.1.0'), '.']);
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
  await app.listen({ port: 0, host: '127.0.0.1' });
  hubUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  kiosk = await enrollTestKiosk(stores.authStore, 'K-UPD-1', BRANCH);
  const who = await createTestStaff(assist.staffAuth, { role: 'admin' });
  hubClock.advanceSec(30);
  admin = await loginTestStaff(assist.staffAuth, hubClock, who);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await testDb?.dispose();
  await new Promise((resolve) => files?.close(resolve));
  await rm(root, { recursive: true, force: true });
});

const staff = (method: 'GET' | 'POST', url: string, body?: unknown) =>
  fetch(`${hubUrl}${url}`, { method, headers: { authorization: `Bearer ${admin}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });

const send: Send = async (method, url, body) => {
  const res = await signedFetch(hubUrl, kiosk, { method, url, ...(body === undefined ? {} : { payload: body }) });
  return { status: res.status, json: () => res.json() };
};

/** What the service would start now: the entry behind `current`. */
const running = () => execFileSync(process.execPath, [path.join(root, 'current', 'host.mjs')], { encoding: 'utf8' }).trim();

/** 03:00 in Shanghai, inside the 02:00–05:00 window. */
let kioskNow = Date.UTC(2026, 11, 4, 19, 0);
let restarts = 0;

/** The kiosk host as it starts: the crash counter first, then the policy's first tick. */
async function hostStart(): Promise<UpdatePolicy> {
  const versions = new VersionSwitch(root);
  const crashes = new CrashCounter(root);
  await crashes.started(kioskNow, (await versions.current()) ?? 'none');
  const policy = new UpdatePolicy({
    clock: { now: () => kioskNow },
    kiosk: { kioskId: kiosk.kioskId, branchId: BRANCH },
    feed: hubFeed(send, kiosk.kioskId),
    signature: pinnedReleaseSignature({ keyFor: async (keyId) => (keyId === signer.key.keyId ? signer.key : null) }),
    downloader: fileDownloader({ dir: path.join(root, 'downloads') }),
    hasher: { sha512: sha512Base64 },
    installer: tarballInstaller(versions, () => {
      restarts += 1;
    }),
    presence: { present: false },
    health: { check: async () => true },
    crashes,
    ledger: fileLedger(root),
    report: hubReport(send, kiosk.kioskId),
    log: { info: () => undefined, warn: () => undefined },
  });
  await policy.tick();
  return policy;
}

async function versionsAtBranch() {
  const res = await staff('GET', SOFTWARE_UPDATE_PATHS.versions);
  return versionsResponseSchema.parse(await res.json()).branches.find((branch) => branch.branchId === BRANCH)?.versions;
}

describe('software update with two real builds', () => {
  it('installs 1.1.0 from the hub feed, then rolls back to 1.0.0 when it crash-loops, and does not take it again', async () => {
    const bytes = await readFile(artifact);
    const published = await staff('POST', SOFTWARE_UPDATE_PATHS.releases, { version: '1.1.0', channel: 'stable', url: `${filesUrl}/host-1.1.0.tar.gz`, sha512: await sha512Base64(artifact), size: bytes.length });
    expect(published.status).toBe(201);
    const rollout = await staff('POST', SOFTWARE_UPDATE_PATHS.rollouts, { version: '1.1.0', target: { branches: [BRANCH] }, window: { from: '02:00', to: '05:00', timeZone: 'Asia/Shanghai' } });
    expect(rollout.status).toBe(201);

    expect(running()).toBe('1.0.0');
    const first = await hostStart();
    expect(first.state).toBe('running-new');
    expect(running()).toBe('1.1.0');
    expect(restarts).toBe(1);
    expect(await readdir(path.join(root, 'downloads'))).toEqual([]);
    expect(await versionsAtBranch()).toEqual([{ version: '1.1.0', kiosks: 1, rolledBack: 0, failed: 0 }]);

    // The restart into 1.1.0 is clean; then it dies three times without exiting cleanly.
    await new CrashCounter(root).exitedCleanly();
    for (let start = 0; start < 3; start += 1) {
      kioskNow += 60_000;
      await new CrashCounter(root).started(kioskNow, '1.1.0');
    }
    kioskNow += 60_000;
    const afterCrashes = await hostStart();
    expect(afterCrashes.state).toBe('rolled-back');
    expect(running()).toBe('1.0.0');
    expect(await versionsAtBranch()).toEqual([{ version: '1.0.0', kiosks: 1, rolledBack: 1, failed: 0 }]);

    await new CrashCounter(root).exitedCleanly();
    kioskNow += 60_000;
    const later = await hostStart();
    expect(later.state).toBe('idle');
    expect(running()).toBe('1.0.0');
    expect(await readdir(path.join(root, 'downloads'))).toEqual([]);
  });
});
