// Fleet health end to end: the real kiosk host (enrolled, signed signaling socket) with a
// simulated receipt printer, the real hub (authentication on). Paper runs out at the
// simulator → the host's device health changes → a health.report on the kiosk's socket → the
// hub stores it and raises an alert → a supervisor's console socket hears `fleet.alert` live,
// acknowledges it over HTTP, and the alert resolves by itself when paper is back. /metrics,
// /ready and /health answer along the way.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEscPosSimulator } from '../../drivers/escpos/simulator.node.js';
import { loadConfig } from '../../electron/host/config.js';
import { silentLogger } from '../../electron/host/log.node.js';
import { startHost, type KioskHost } from '../../electron/host/start-host.node.js';
import { ASSIST_PATHS } from '../../protocol/assist-signaling.js';
import { alertSchema, FLEET_PATHS, fleetKiosksResponseSchema, storedAlertRuleSchema } from '../../protocol/fleet-alerts.js';
import { healthResponseSchema } from '../../protocol/hub-api.js';
import { createStaffResponseSchema, staffLoginResponseSchema } from '../../protocol/staff-api.js';
import { newTotpSecret, totpCode } from '../../hub/assist/staff/totp.js';
import { TestSocket } from '../../hub/assist/testing/ws-client.js';
import { startTestHub, type TestHub } from '../support/enrolled-hub.js';

const KIOSK = 'K51';
const adminSecret = newTotpSecret();
let hub: TestHub;
let host: KioskHost;
let sim: Awaited<ReturnType<typeof startEscPosSimulator>>;
let supervisor: TestSocket;
let tokens: { admin: string; supervisor: string; expert: string };

async function request(method: string, url: string, token?: string, body?: unknown): Promise<{ status: number; json: unknown; text: string }> {
  const res = await fetch(`${hub.hub.url}${url}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json, text };
}

async function login(username: string, password: string, secret: string): Promise<string> {
  return staffLoginResponseSchema.parse((await request('POST', ASSIST_PATHS.staffLogin, undefined, { username, password, totp: totpCode(secret, Date.now()) })).json).token;
}

async function createStaff(adminToken: string, username: string, role: 'supervisor' | 'expert'): Promise<string> {
  const body = { username, displayName: username, role, password: `${username} passphrase 42`, languages: ['zh-CN', 'en'], topics: ['accounts'] };
  const created = createStaffResponseSchema.parse((await request('POST', ASSIST_PATHS.staffUsers, adminToken, body)).json);
  return login(username, body.password, created.totpSecret);
}

async function until<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  const seed = { HUB_SEED_ADMIN_USERNAME: 'admin', HUB_SEED_ADMIN_PASSWORD: 'integration admin passphrase', HUB_SEED_ADMIN_TOTP_SECRET: adminSecret };
  Object.assign(process.env, seed);
  try {
    hub = await startTestHub();
  } finally {
    for (const key of Object.keys(seed)) delete process.env[key];
  }
  const admin = await login('admin', 'integration admin passphrase', adminSecret);
  tokens = { admin, supervisor: await createStaff(admin, 'li.ops', 'supervisor'), expert: await createStaff(admin, 'zhao.expert', 'expert') };
  supervisor = await TestSocket.staff(`${hub.hub.url.replace('http', 'ws')}${ASSIST_PATHS.socket}`, tokens.supervisor);

  sim = await startEscPosSimulator({ tcp: { port: 0 } });
  if (sim.endpoint.kind !== 'tcp') throw new Error('expected tcp');
  const config = loadConfig({
    env: {},
    file: null,
    overrides: {
      kioskId: KIOSK,
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'bk-fleet-')),
      hubUrl: hub.hub.url,
      syncIntervalMs: 500,
      devices: [{ role: 'receipt', kind: 'receipt-printer', driver: 'escpos', transport: { type: 'tcp', host: sim.endpoint.host, port: sim.endpoint.port } }],
    },
  });
  await hub.enroll(KIOSK, config.dataDir);
  host = await startHost({ config, logger: silentLogger() });
}, 60_000);

afterAll(async () => {
  await supervisor?.close();
  await host?.close();
  await hub?.close();
  await sim?.close();
});

describe('fleet health through the real host and hub', () => {
  it('shows the kiosk online with its printer, version and backlog', async () => {
    const kiosk = await until(async () => {
      const res = await request('GET', FLEET_PATHS.kiosks, tokens.supervisor);
      const body = fleetKiosksResponseSchema.parse(res.json);
      const found = body.kiosks.find((k) => k.kioskId === KIOSK);
      return found?.devices.some((d) => d.role === 'receipt' && d.state === 'ready') ? found : null;
    }, 'the first health report');
    expect(kiosk).toMatchObject({ online: true, openAlerts: 0, backlog: 0 });
    expect(kiosk.version).toMatch(/\d/);
    expect(kiosk.diskTotalBytes).toBeGreaterThan(0);
  });

  it('refuses the fleet to an expert and rule edits to a supervisor; validates rule bodies', async () => {
    expect((await request('GET', FLEET_PATHS.kiosks, tokens.expert)).status).toBe(403);
    expect((await request('GET', FLEET_PATHS.kiosks)).status).toBe(401);
    const rule = { enabled: true, severity: 'warning', holdDownSec: 0, params: { kind: 'printer-paper', includeNearEnd: false } };
    expect((await request('PUT', '/v1/staff/fleet/rules/printer-paper', tokens.supervisor, rule)).status).toBe(403);
    const bad = await request('PUT', '/v1/staff/fleet/rules/printer-paper', tokens.admin, { ...rule, params: { kind: 'printer-paper', minutes: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: 'BAD_REQUEST' });
    // Raised without hold-down, so the test need not wait 30 s.
    const saved = await request('PUT', '/v1/staff/fleet/rules/printer-paper', tokens.admin, rule);
    expect(saved.status).toBe(200);
    expect(storedAlertRuleSchema.parse(saved.json)).toMatchObject({ ruleId: 'printer-paper', holdDownSec: 0, updatedBy: expect.any(String) });
  });

  it('paper out at the printer → live alert on the supervisor socket → acknowledged → resolved when paper is back', async () => {
    const faultAt = Date.now();
    sim.setPaper('out');
    const raised = await supervisor.next('fleet.alert', (m) => m.notice.event === 'alert.raised' && m.notice.alert.kioskId === KIOSK, 15_000);
    const faultToAlertMs = Date.now() - faultAt;
    expect(raised.notice.alert).toMatchObject({ kind: 'printer-paper', device: 'receipt', state: 'open', detail: { reason: 'paper-out' } });
    console.log(`fault → alert ${faultToAlertMs} ms`);
    expect(faultToAlertMs).toBeLessThan(10_000);

    const listed = await request('GET', `${FLEET_PATHS.alerts}?kioskId=${KIOSK}`, tokens.supervisor);
    expect((listed.json as { alerts: unknown[] }).alerts).toHaveLength(1);

    const ackPath = FLEET_PATHS.acknowledge.replace(':alertId', raised.notice.alert.alertId);
    const acked = await request('POST', ackPath, tokens.supervisor);
    expect(acked.status).toBe(200);
    expect(alertSchema.parse(acked.json)).toMatchObject({ state: 'acknowledged', acknowledgedBy: expect.any(String), acknowledgedByName: 'li.ops' });
    await supervisor.next('fleet.alert', (m) => m.notice.event === 'alert.acknowledged');
    expect((await request('POST', ackPath, tokens.supervisor)).status).toBe(409);
    expect((await request('POST', FLEET_PATHS.acknowledge.replace(':alertId', globalThis.crypto.randomUUID()), tokens.supervisor)).status).toBe(404);

    const metrics = await request('GET', FLEET_PATHS.metrics);
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/hub_fleet_kiosks\{state="online"\} 1/);
    expect(metrics.text).toMatch(/hub_fleet_device_faults\{kind="receipt-printer",state="attention",reason="paper-out"\} 1/);
    expect(metrics.text).toMatch(/hub_fleet_alerts_active\{kind="printer-paper",severity="warning"\} 1/);
    expect(metrics.text).toMatch(/hub_signaling_sessions\{kind="kiosk-sockets"\} 1/);
    expect(metrics.text).toMatch(/hub_http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/v1\/staff\/fleet\/kiosks",status="2xx"\}/);

    sim.setPaper('ok');
    const resolved = await supervisor.next('fleet.alert', (m) => m.notice.event === 'alert.resolved', 15_000);
    expect(resolved.notice.alert).toMatchObject({ alertId: raised.notice.alert.alertId, state: 'resolved', resolvedBy: 'auto' });
    const history = await request('GET', FLEET_PATHS.kioskHistory.replace(':kioskId', KIOSK), tokens.supervisor);
    const events = (history.json as { history: { event: string; detail: { reason?: string | null } }[] }).history;
    expect(events.some((e) => e.event === 'device' && e.detail.reason === 'paper-out')).toBe(true);
  });

  it('/ready and /health answer', async () => {
    const ready = await request('GET', FLEET_PATHS.ready);
    expect(ready.status).toBe(200);
    expect(ready.json).toMatchObject({ status: 'ready', checks: [{ name: 'database', ok: true }, { name: 'schema', ok: true }] });
    const health = await request('GET', '/health');
    expect(healthResponseSchema.parse(health.json).status).toBe('ok');
  });
});
