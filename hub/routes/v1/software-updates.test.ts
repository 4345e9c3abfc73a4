// Software updates over HTTP (inject) on one PGlite: an operator publishes a release (signed
// with the fleet command key, verified here with the kiosk's own check), starts a rollout to a
// branch, widens it by percentage and pauses it; kiosks read their feed signed and report;
// the version view counts who runs what per branch; refused input and roles.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaffRouteHub, type StaffRouteHub } from '../../testing/staff-route-hub.js';
import type { TestStores } from '../../testing/test-hub.js';
import { releaseSignatureValid } from '../../../electron/host/fleet/updates/release-verifier.node.js';
import type { StaffRole } from '../../../protocol/assist-values.js';
import type { KioskCredentials } from '../../../protocol/kiosk-auth.js';
import { feedResponseSchema, releaseSchema, rolloutSchema, SOFTWARE_UPDATE_PATHS, versionsResponseSchema, type UpdateReport } from '../../../protocol/software-updates.js';
import { FakeClock } from '../../assist/testing/fake-clock.js';
import { TEST_SECRET_KEY } from '../../assist/testing/staff-fixtures.js';
import { commandSigner } from '../../fleet/commands/command-signer.node.js';
import { UpdateService } from '../../fleet/updates/update-service.js';
import { enrollTestKiosk, signedInject } from '../../testing/kiosk-auth.js';
import { uniqueKioskId } from '../../testing/transaction-items.js';

let hub: StaffRouteHub;
let stores: TestStores;
let app: FastifyInstance;
let admin: string;
const clock = new FakeClock(Date.UTC(2026, 11, 4, 9, 0, 0));
const signer = commandSigner(TEST_SECRET_KEY);
const SHA = `${'A'.repeat(86)}==`;
const WINDOW = { from: '02:00', to: '05:00', timeZone: 'Asia/Shanghai' };

beforeAll(async () => {
  hub = await startStaffRouteHub(clock, (db) => ({ operations: { updates: new UpdateService({ db, signer, clock, logger: pino({ level: 'silent' }) }) } }));
  ({ stores, app } = hub);
  admin = await signIn('admin');
}, 60_000);
afterAll(async () => hub?.close());

function signIn(role: StaffRole): Promise<string> {
  return hub.signIn(role);
}

function call(method: 'GET' | 'POST' | 'PATCH', url: string, token: string | null, payload?: unknown) {
  return app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
}

let versionCounter = 0;
async function publish(): Promise<string> {
  versionCounter += 1;
  const version = `2.${versionCounter}.0`;
  const res = await call('POST', SOFTWARE_UPDATE_PATHS.releases, admin, { version, channel: 'stable', url: `https://hub.example/releases/${version}.tar.gz`, sha512: SHA, size: 1000 });
  expect(res.statusCode).toBe(201);
  return version;
}

async function startRollout(version: string, target: { branches?: string[]; percentage?: number }): Promise<string> {
  const res = await call('POST', SOFTWARE_UPDATE_PATHS.rollouts, admin, { version, target, window: WINDOW });
  expect(res.statusCode).toBe(201);
  return rolloutSchema.parse(res.json()).rolloutId;
}

const feedPath = (kioskId: string) => SOFTWARE_UPDATE_PATHS.feed.replace(':kioskId', kioskId);
async function offeredVersion(kiosk: KioskCredentials): Promise<string | null> {
  const res = await signedInject(app, kiosk, { method: 'GET', url: feedPath(kiosk.kioskId) });
  expect(res.statusCode).toBe(200);
  return feedResponseSchema.parse(res.json()).offer?.release.version ?? null;
}

const branch = () => `BR${uniqueKioskId().slice(-8)}`;

describe('releases', () => {
  it('are signed with the fleet command key, so the kiosk verifies them with the key it pinned', async () => {
    const version = await publish();
    const res = await call('GET', SOFTWARE_UPDATE_PATHS.releases, admin);
    const release = releaseSchema.array().parse(res.json().releases).find((r) => r.version === version);
    expect(release).toBeDefined();
    if (!release) return;
    expect(releaseSignatureValid(release, signer.key)).toBe(true);
    expect(releaseSignatureValid({ ...release, url: 'https://evil.example/x.tar.gz' }, signer.key)).toBe(false);
  });

  it('a version is published once; bad input and other roles are refused', async () => {
    const version = await publish();
    const again = await call('POST', SOFTWARE_UPDATE_PATHS.releases, admin, { version, channel: 'stable', url: 'https://hub.example/other.tar.gz', sha512: SHA, size: 1 });
    expect(again.statusCode).toBe(409);
    const badHash = await call('POST', SOFTWARE_UPDATE_PATHS.releases, admin, { version: '9.0.0', channel: 'stable', url: 'https://hub.example/x.tar.gz', sha512: 'abc', size: 1 });
    expect(badHash.statusCode).toBe(400);
    const badVersion = await call('POST', SOFTWARE_UPDATE_PATHS.releases, admin, { version: 'latest', channel: 'stable', url: 'https://hub.example/x.tar.gz', sha512: SHA, size: 1 });
    expect(badVersion.statusCode).toBe(400);
    const expert = await signIn('expert');
    expect((await call('POST', SOFTWARE_UPDATE_PATHS.releases, expert, { version: '9.0.1', channel: 'stable', url: 'https://hub.example/x.tar.gz', sha512: SHA, size: 1 })).statusCode).toBe(403);
    expect((await call('GET', SOFTWARE_UPDATE_PATHS.versions, null)).statusCode).toBe(401);
  });
});

describe('rollouts and the feed', () => {
  it('a rollout to a branch reaches its kiosks only; widening to 100 % reaches the rest; pausing holds everyone', async () => {
    const [inBranch, elsewhere] = [branch(), branch()];
    const a = await enrollTestKiosk(stores.authStore, uniqueKioskId(), inBranch);
    const b = await enrollTestKiosk(stores.authStore, uniqueKioskId(), elsewhere);
    const version = await publish();
    const rolloutId = await startRollout(version, { branches: [inBranch] });
    expect(await offeredVersion(a)).toBe(version);
    expect(await offeredVersion(b)).toBeNull();

    const rolloutPath = SOFTWARE_UPDATE_PATHS.rollout.replace(':rolloutId', rolloutId);
    const widened = await call('PATCH', rolloutPath, admin, { percentage: 100 });
    expect(widened.statusCode).toBe(200);
    expect(rolloutSchema.parse(widened.json()).target).toEqual({ branches: [inBranch], percentage: 100 });
    expect(await offeredVersion(b)).toBe(version);

    expect((await call('PATCH', rolloutPath, admin, { percentage: 50 })).statusCode).toBe(409);
    expect((await call('PATCH', rolloutPath, admin, { paused: true })).statusCode).toBe(200);
    expect(await offeredVersion(a)).toBeNull();
    expect(await offeredVersion(b)).toBeNull();
    expect((await call('PATCH', rolloutPath, admin, { paused: false })).statusCode).toBe(200);
    expect(await offeredVersion(a)).toBe(version);
  });

  it('widening by percentage keeps the kiosks already offered the release', async () => {
    const kiosks = await Promise.all(Array.from({ length: 20 }, () => enrollTestKiosk(stores.authStore, uniqueKioskId(), branch())));
    const version = await publish();
    const rolloutId = await startRollout(version, { percentage: 30 });
    const offered = async () => new Set((await Promise.all(kiosks.map(async (k) => ((await offeredVersion(k)) === version ? k.kioskId : null)))).filter((id) => id !== null));
    const before = await offered();
    expect((await call('PATCH', SOFTWARE_UPDATE_PATHS.rollout.replace(':rolloutId', rolloutId), admin, { percentage: 60 })).statusCode).toBe(200);
    const after = await offered();
    for (const kioskId of before) expect(after.has(kioskId)).toBe(true);
    expect(after.size).toBeGreaterThanOrEqual(before.size);
  });

  it('refuses a rollout of an unknown version, an unknown rollout, and a target naming nothing', async () => {
    expect((await call('POST', SOFTWARE_UPDATE_PATHS.rollouts, admin, { version: '7.7.7', target: { percentage: 10 }, window: WINDOW })).statusCode).toBe(404);
    expect((await call('PATCH', SOFTWARE_UPDATE_PATHS.rollout.replace(':rolloutId', globalThis.crypto.randomUUID()), admin, { paused: true })).statusCode).toBe(404);
    const version = await publish();
    expect((await call('POST', SOFTWARE_UPDATE_PATHS.rollouts, admin, { version, target: { branches: [], percentage: 0 }, window: WINDOW })).statusCode).toBe(400);
    expect((await call('POST', SOFTWARE_UPDATE_PATHS.rollouts, admin, { version, target: { percentage: 10 }, window: { ...WINDOW, from: '25:00' } })).statusCode).toBe(400);
  });

  it('the feed wants a signed kiosk request for that kiosk', async () => {
    const a = await enrollTestKiosk(stores.authStore, uniqueKioskId(), branch());
    const b = await enrollTestKiosk(stores.authStore, uniqueKioskId(), branch());
    expect((await app.inject({ method: 'GET', url: feedPath(a.kioskId) })).statusCode).toBe(401);
    const other = await signedInject(app, b, { method: 'GET', url: feedPath(a.kioskId) });
    expect([401, 403]).toContain(other.statusCode);
  });
});

describe('kiosk reports and who runs what', () => {
  it('counts kiosks per branch and version, rollbacks included; the latest report by the kiosk wins', async () => {
    const br = branch();
    const [k1, k2, k3] = await Promise.all([1, 2, 3].map(() => enrollTestKiosk(stores.authStore, uniqueKioskId(), br)));
    const report = (kiosk: KioskCredentials, body: UpdateReport) => signedInject(app, kiosk, { method: 'POST', url: SOFTWARE_UPDATE_PATHS.report.replace(':kioskId', kiosk.kioskId), payload: body });
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 4, 19, minute)).toISOString();
    if (!k1 || !k2 || !k3) throw new Error('kiosks not enrolled');
    expect((await report(k1, { currentVersion: '2.0.0', previousVersion: '1.0.0', targetVersion: '2.0.0', state: 'idle', at: at(5) })).statusCode).toBe(204);
    expect((await report(k2, { currentVersion: '1.0.0', previousVersion: '2.0.0', targetVersion: '2.0.0', state: 'rolled-back', reason: 'crash-loop', at: at(6) })).statusCode).toBe(204);
    expect((await report(k3, { currentVersion: '2.0.0', previousVersion: '1.0.0', targetVersion: '2.0.0', state: 'running-new', at: at(7) })).statusCode).toBe(204);
    // Older, arriving late: ignored for the current state.
    expect((await report(k3, { currentVersion: '1.0.0', previousVersion: null, targetVersion: '2.0.0', state: 'staged', at: at(1) })).statusCode).toBe(204);
    const bad = await report(k1, { currentVersion: '2.0.0', previousVersion: null, targetVersion: null, state: 'failed', at: at(8) });
    expect(bad.statusCode).toBe(400);

    const res = await call('GET', SOFTWARE_UPDATE_PATHS.versions, admin);
    expect(res.statusCode).toBe(200);
    const mine = versionsResponseSchema.parse(res.json()).branches.find((b) => b.branchId === br);
    expect(mine?.versions).toEqual([
      { version: '1.0.0', kiosks: 1, rolledBack: 1, failed: 0 },
      { version: '2.0.0', kiosks: 2, rolledBack: 0, failed: 0 },
    ]);
    // The console names the kiosk behind the rollback.
    expect(mine?.trouble).toEqual([{ kioskId: k2.kioskId, state: 'rolled-back', reason: 'crash-loop', currentVersion: '1.0.0', targetVersion: '2.0.0', reportedAt: at(6) }]);
  });
});
