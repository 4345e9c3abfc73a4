// Remote commands through the real kiosk host and hub (authentication on, simulated printer):
// the host pins the hub's command key, runs what the hub signed and posts results signed with
// its own key. A diagnostics bundle reaches the hub with log lines but no card number or
// secret; a configuration update is validated, applied (the page's next kiosk.info shows it)
// and kept for the next start, or refused with its reason; a command issued while the kiosk
// is down reaches it when it comes back, and maintenance then holds the kiosk out of service
// (across a restart of the host) until the hub says otherwise.
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEscPosSimulator } from '../../drivers/escpos/simulator.node.js';
import { loadConfig, type HostConfig } from '../../electron/host/config.js';
import { PINNED_KEY_FILE } from '../../electron/host/fleet/commands/command-key.node.js';
import { REMOTE_CONFIG_FILE } from '../../electron/host/fleet/commands/remote-config.node.js';
import { closeLogger, createLogger, kioskLogFile } from '../../electron/host/log.node.js';
import { startHost, type KioskHost } from '../../electron/host/start-host.node.js';
import { ASSIST_PATHS } from '../../protocol/assist-signaling.js';
import { diagnosticsBundleSchema, FLEET_COMMAND_PATHS, FLEET_COMMANDS, fleetCommandSchema, fleetCommandsResponseSchema, type CommandParams, type FleetCommand } from '../../protocol/fleet-commands.js';
import { luhnCheckDigit } from '../../protocol/luhn.js';
import { createStaffResponseSchema, staffLoginResponseSchema } from '../../protocol/staff-api.js';
import { newTotpSecret, totpCode } from '../../hub/assist/staff/totp.js';
import { startTestHub, type TestHub } from '../support/enrolled-hub.js';

const KIOSK = 'K52';
const adminSecret = newTotpSecret();
const PAN = `549999000000000${luhnCheckDigit('549999000000000')}`;
let hub: TestHub;
let host: KioskHost | null = null;
let logger: ReturnType<typeof createLogger>;
let config: HostConfig;
let sim: Awaited<ReturnType<typeof startEscPosSimulator>>;
let token: string;

async function call(method: 'GET' | 'POST', url: string, body?: unknown): Promise<Response> {
  return fetch(`${hub.hub.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function issue(params: CommandParams): Promise<FleetCommand> {
  const res = await call('POST', FLEET_COMMAND_PATHS.issue.replace(':kioskId', KIOSK), { params });
  expect(res.status).toBe(201);
  return fleetCommandSchema.parse(await res.json());
}

async function finished(commandId: string, timeoutMs = 20_000): Promise<FleetCommand> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = fleetCommandsResponseSchema.parse(await (await call('GET', FLEET_COMMAND_PATHS.list.replace(':kioskId', KIOSK))).json()).commands;
    const found = list.find((c) => c.commandId === commandId);
    if (found && found.finishedAt) return found;
    if (Date.now() > deadline) throw new Error(`command ${commandId} not finished: ${found?.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function dispatch<T>(method: string): Promise<T> {
  if (!host) throw new Error('host not running');
  const answer = await host.dispatch(method, {});
  if (!answer.ok) throw new Error(`${method}: ${answer.error.code}`);
  return answer.result as T;
}

beforeAll(async () => {
  const seed = { HUB_SEED_ADMIN_USERNAME: 'admin', HUB_SEED_ADMIN_PASSWORD: 'commands integration passphrase', HUB_SEED_ADMIN_TOTP_SECRET: adminSecret };
  Object.assign(process.env, seed);
  try {
    hub = await startTestHub();
  } finally {
    for (const key of Object.keys(seed)) delete process.env[key];
  }
  const login = async (username: string, password: string, secret: string) =>
    staffLoginResponseSchema.parse(
      await (await fetch(`${hub.hub.url}${ASSIST_PATHS.staffLogin}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password, totp: totpCode(secret, Date.now()) }) })).json(),
    ).token;
  token = await login('admin', 'commands integration passphrase', adminSecret);
  const created = createStaffResponseSchema.parse(
    await (await call('POST', ASSIST_PATHS.staffUsers, { username: 'sun.ops', displayName: 'Sun Ops', role: 'supervisor', password: 'sun ops passphrase 1', languages: ['en'], topics: ['accounts'] })).json(),
  );
  token = await login('sun.ops', 'sun ops passphrase 1', created.totpSecret);

  sim = await startEscPosSimulator({ tcp: { port: 0 } });
  if (sim.endpoint.kind !== 'tcp') throw new Error('expected tcp');
  config = loadConfig({
    env: {},
    file: null,
    overrides: {
      kioskId: KIOSK,
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'bk-commands-')),
      hubUrl: hub.hub.url,
      syncIntervalMs: 500,
      devices: [{ role: 'receipt', kind: 'receipt-printer', driver: 'escpos', transport: { type: 'tcp', host: sim.endpoint.host, port: sim.endpoint.port } }],
    },
  });
  await hub.enroll(KIOSK, config.dataDir);
  logger = createLogger({ level: 'info', destination: kioskLogFile(config.dataDir) });
  host = await startHost({ config, logger });
}, 60_000);

afterAll(async () => {
  await host?.close();
  await hub?.close();
  await sim?.close();
  await closeLogger(logger);
});

describe('remote commands through the real host and hub', () => {
  it('collects a diagnostics bundle: uploaded, size-limited, with log lines but no card number or key', async () => {
    // A card number that slipped into a message text (the logger redacts fields, not prose).
    appendFileSync(kioskLogFile(config.dataDir), `${JSON.stringify({ level: 30, time: Date.now(), msg: `operator note ${PAN}` })}\n`);
    const command = await issue({ kind: 'collect-diagnostics' });
    const done = await finished(command.commandId);
    expect(done).toMatchObject({ status: 'succeeded', hasDiagnostics: true });
    const res = await call('GET', FLEET_COMMAND_PATHS.diagnostics.replace(':commandId', command.commandId));
    const text = await res.text();
    const bundle = diagnosticsBundleSchema.parse(JSON.parse(text));
    expect(bundle.logLines.length).toBeGreaterThan(0);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(FLEET_COMMANDS.maxDiagnosticsBytes);
    expect(text).toContain('549999******');
    expect(text).not.toContain(PAN);
    expect(text).not.toMatch(/PRIVATE KEY/);
    // The key the host pinned on first use is the one the hub serves.
    const pinned = JSON.parse(readFileSync(path.join(config.dataDir, PINNED_KEY_FILE), 'utf8')) as { keyId: string };
    expect(pinned.keyId).toMatch(/^cmd-/);
  });

  it('updates the configuration after validating it, and keeps it; refuses an invalid one with its reason', async () => {
    const good = await finished((await issue({ kind: 'update-config', config: { ui: { idleTimeoutMs: 120_000 } } })).commandId);
    expect(good).toMatchObject({ status: 'succeeded', detail: { keys: 'ui.idleTimeoutMs' } });
    expect(await dispatch<{ idleTimeoutMs: number }>('kiosk.info')).toMatchObject({ idleTimeoutMs: 120_000 });
    expect(JSON.parse(readFileSync(path.join(config.dataDir, REMOTE_CONFIG_FILE), 'utf8'))).toEqual({ ui: { idleTimeoutMs: 120_000 } });

    const bad = await finished((await issue({ kind: 'update-config', config: { ui: { idleWarningMs: 119_000, idleTimeoutMs: 60_000 } } })).commandId);
    expect(bad).toMatchObject({ status: 'refused', reason: 'invalid-config' });
    expect(await dispatch<{ idleTimeoutMs: number }>('kiosk.info')).toMatchObject({ idleTimeoutMs: 120_000 });
  });

  it('a command issued while the kiosk is down reaches it when it is back; maintenance holds it out of service, across a restart, until told otherwise', async () => {
    await host?.close();
    host = null;
    const enter = await issue({ kind: 'enter-maintenance' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await finished(enter.commandId, 100).catch(() => null))?.status).toBeUndefined();

    host = await startHost({ config, logger });
    expect(await finished(enter.commandId)).toMatchObject({ status: 'succeeded', detail: { maintenance: true } });
    expect(await dispatch('kiosk.outOfService')).toMatchObject({ outOfService: true, maintenance: true });
    // The stored configuration came back with the restart.
    expect(await dispatch<{ idleTimeoutMs: number }>('kiosk.info')).toMatchObject({ idleTimeoutMs: 120_000 });
    // So does maintenance: a restart (crash, power cut) does not quietly take customers again.
    await host.close();
    host = await startHost({ config, logger });
    expect(await dispatch('kiosk.outOfService')).toMatchObject({ outOfService: true, maintenance: true });

    const leave = await finished((await issue({ kind: 'leave-maintenance' })).commandId);
    expect(leave).toMatchObject({ status: 'succeeded', detail: { wasInMaintenance: true } });
    expect(await dispatch('kiosk.outOfService')).toMatchObject({ outOfService: false });
  });
});
