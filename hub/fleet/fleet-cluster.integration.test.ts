// Fleet health across two hub instances (startHub, shared PostgreSQL schema, real NATS): a
// kiosk reports on instance A, an admin watching on instance B hears the alert live; when A
// goes away, B's sweeper marks the kiosk offline from the shared state. Needs the PostgreSQL
// at HUB_TEST_DATABASE_URL and the NATS at HUB_TEST_NATS_URL (as the assist cluster tests).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSIST_PATHS } from '../../protocol/assist-signaling.js';
import { FLEET_PATHS, fleetKiosksResponseSchema } from '../../protocol/fleet-alerts.js';
import type { HealthReport } from '../../protocol/fleet-health.js';
import { staffLoginResponseSchema } from '../../protocol/staff-api.js';
import { assistConfigFromEnv } from '../assist/assist-config.js';
import { dropStream } from '../assist/cluster/testing-nats.node.js';
import { newTotpSecret, totpCode } from '../assist/staff/totp.js';
import { TestSocket } from '../assist/testing/ws-client.js';
import { startHub, type RunningHub } from '../start-hub.node.js';
import { createTestSchema, TEST_DATABASE_URL, TEST_NATS_URL } from '../testing/test-databases.node.js';

const cleanups: (() => Promise<void>)[] = [];
const subjectPrefix = `f${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.`;
let schema: string;
let a: RunningHub;
let b: RunningHub;
let adminToken: string;
const KIOSK = `KF-${Date.now().toString(36)}`;

async function startInstance(instanceId: string, env: Record<string, string> = {}): Promise<RunningHub> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const hub = await startHub({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      auth: { mode: 'off' },
      assist: assistConfigFromEnv({ HUB_TURN_URLS: 'stun:127.0.0.1:3478' }),
      secretKey: 'b'.repeat(64),
      cluster: { natsUrl: TEST_NATS_URL, instanceId, subjectPrefix, resyncMs: 1000 },
      fleet: { offlineAfterSec: 3, sweepSec: 1 },
    });
    cleanups.push(() => hub.close());
    return hub;
  } finally {
    for (const key of Object.keys(env)) if (!(key in saved)) delete process.env[key];
  }
}

async function call(hub: RunningHub, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${hub.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

function report(paper: 'ready' | 'paper-out'): HealthReport {
  return {
    version: '2.0.0',
    startedAt: '2026-12-03T08:00:00.000Z',
    at: new Date().toISOString(),
    devices: [{ role: 'receipt', kind: 'receipt-printer', state: paper === 'ready' ? 'ready' : 'attention', ...(paper === 'ready' ? {} : { reason: 'paper-out' }), since: new Date().toISOString() }],
    outbox: { backlog: 2, oldestPendingAt: null, lastSyncAt: new Date().toISOString(), rejected: 0 },
    host: { diskFreeBytes: 500, diskTotalBytes: 1000, memFreeBytes: 1, memTotalBytes: 2, uptimeSec: 60 },
  };
}

beforeAll(async () => {
  const created = await createTestSchema();
  schema = created.schema;
  cleanups.push(created.drop);
  cleanups.push(() => dropStream(subjectPrefix));
  const adminSecret = newTotpSecret();
  a = await startInstance('FA', { HUB_SEED_ADMIN_USERNAME: 'admin', HUB_SEED_ADMIN_PASSWORD: 'fleet cluster password', HUB_SEED_ADMIN_TOTP_SECRET: adminSecret });
  b = await startInstance('FB');
  const login = await fetch(`${a.url}${ASSIST_PATHS.staffLogin}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'fleet cluster password', totp: totpCode(adminSecret, Date.now()) }),
  });
  adminToken = staffLoginResponseSchema.parse(await login.json()).token;
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function kioskOnB(): Promise<{ online: boolean; devices: { state: string }[] } | undefined> {
  const res = await call(b, 'GET', FLEET_PATHS.kiosks);
  return fleetKiosksResponseSchema.parse(await res.json()).kiosks.find((k) => k.kioskId === KIOSK);
}

describe('fleet health on two hub instances', () => {
  it('an alert raised on A reaches the console on B live; A gone, B marks the kiosk offline', async () => {
    expect((await call(a, 'PUT', '/v1/staff/fleet/rules/printer-paper', { enabled: true, severity: 'warning', holdDownSec: 0, params: { kind: 'printer-paper', includeNearEnd: false } })).status).toBe(200);
    const watcher = await TestSocket.staff(`${b.url.replace('http', 'ws')}${ASSIST_PATHS.socket}`, adminToken);
    await watcher.next('hello');
    const kiosk = await TestSocket.kiosk(`${a.url.replace('http', 'ws')}${ASSIST_PATHS.socket}`, KIOSK);
    await kiosk.next('hello');
    kiosk.send({ type: 'health.report', report: report('ready') });
    await expect.poll(async () => (await kioskOnB())?.devices[0]?.state, { timeout: 10_000 }).toBe('ready');

    kiosk.send({ type: 'health.report', report: report('paper-out') });
    const raised = await watcher.next('fleet.alert', (m) => m.notice.alert.kioskId === KIOSK && m.notice.event === 'alert.raised', 10_000);
    expect(raised.notice.alert).toMatchObject({ kind: 'printer-paper', device: 'receipt' });

    const ready = await call(b, 'GET', FLEET_PATHS.ready);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: expect.arrayContaining([{ name: 'cluster-bus', ok: true }]) });
    // Heard once, not once per instance.
    expect(watcher.all('fleet.alert').filter((m) => m.notice.event === 'alert.raised')).toHaveLength(0);

    await a.close();
    expect((await kioskOnB())?.online).toBe(true);
    await expect.poll(async () => (await kioskOnB())?.online, { timeout: 15_000, interval: 500 }).toBe(false);
    await watcher.close();
  });
});
