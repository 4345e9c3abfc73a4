// Remote commands against the real PostgreSQL (HUB_TEST_DATABASE_URL): a hub with kiosk
// authentication on, an operator issuing through the staff API, a kiosk on a signed socket.
// Delivered signed and verifiable with the key the hub serves, acknowledged once, result
// stored once, every step audited with who and when; a kiosk that was offline gets its
// commands when it connects; expired commands are never delivered; only admins and
// supervisors may issue; bodies are validated; a kiosk cannot answer for another.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSIST_PATHS, ASSIST_PROTOCOL } from '../../../protocol/assist-signaling.js';
import { commandAuditResponseSchema, commandKeyResponseSchema, FLEET_COMMAND_PATHS, fleetCommandSchema, fleetCommandsResponseSchema, type CommandResult, type FleetCommand } from '../../../protocol/fleet-commands.js';
import type { KioskCredentials } from '../../../protocol/kiosk-auth.js';
import { createStaffResponseSchema, staffLoginResponseSchema } from '../../../protocol/staff-api.js';
import { verifyCommand } from '../../../electron/host/fleet/commands/command-verifier.node.js';
import { assistConfigFromEnv } from '../../assist/assist-config.js';
import { newTotpSecret, totpCode } from '../../assist/staff/totp.js';
import { FakeClock } from '../../assist/testing/fake-clock.js';
import { TestSocket } from '../../assist/testing/ws-client.js';
import { startHub, type RunningHub } from '../../start-hub.node.js';
import { migrate } from '../../storage/migrations.js';
import { enrollTestKiosk, signedFetch, signedHeaders } from '../../testing/kiosk-auth.js';
import { createTestSchema, openTestPostgres, TEST_DATABASE_URL, type TestDatabase } from '../../testing/test-databases.node.js';
import { CommandService } from './command-service.js';
import { commandSigner } from './command-signer.node.js';
import { auditTrail } from './command-store.js';

const cleanups: (() => Promise<void>)[] = [];
let hub: RunningHub;
let schema: string;
const tokens: Record<'admin' | 'supervisor' | 'expert', string> = { admin: '', supervisor: '', expert: '' };
const staffIds: Record<string, string> = {};
const suffix = Date.now().toString(36);
const K1 = `KC1-${suffix}`;
const K2 = `KC2-${suffix}`;
let k1: KioskCredentials;
let k2: KioskCredentials;

async function staffCall(role: keyof typeof tokens | null, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
  return fetch(`${hub.url}${path}`, {
    method,
    headers: { ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function issue(kioskId: string, body: unknown, role: keyof typeof tokens = 'supervisor'): Promise<FleetCommand> {
  const res = await staffCall(role, 'POST', FLEET_COMMAND_PATHS.issue.replace(':kioskId', kioskId), body);
  expect(res.status).toBe(201);
  return fleetCommandSchema.parse(await res.json());
}

async function listed(kioskId: string): Promise<FleetCommand[]> {
  const res = await staffCall('admin', 'GET', FLEET_COMMAND_PATHS.list.replace(':kioskId', kioskId));
  return fleetCommandsResponseSchema.parse(await res.json()).commands;
}

async function kioskSocket(credentials: KioskCredentials): Promise<TestSocket> {
  const path = `${ASSIST_PATHS.socket}?kioskId=${encodeURIComponent(credentials.kioskId)}`;
  const { headers } = signedHeaders(credentials, { method: 'GET', url: path });
  const socket = await TestSocket.open(`${hub.url.replace('http', 'ws')}${path}`, [ASSIST_PROTOCOL], headers);
  await socket.next('hello');
  cleanups.push(async () => void (await socket.close()));
  return socket;
}

const postResult = (credentials: KioskCredentials, kioskId: string, commandId: string, result: CommandResult) =>
  signedFetch(hub.url, credentials, { method: 'POST', url: FLEET_COMMAND_PATHS.result.replace(':kioskId', kioskId).replace(':commandId', commandId), payload: result });

beforeAll(async () => {
  const created = await createTestSchema();
  schema = created.schema;
  cleanups.push(created.drop);
  const adminSecret = newTotpSecret();
  const env = { HUB_SEED_ADMIN_USERNAME: 'admin', HUB_SEED_ADMIN_PASSWORD: 'commands admin password', HUB_SEED_ADMIN_TOTP_SECRET: adminSecret };
  Object.assign(process.env, env);
  try {
    hub = await startHub({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      assist: assistConfigFromEnv({ HUB_TURN_URLS: 'stun:127.0.0.1:3478' }),
      secretKey: 'c'.repeat(64),
    });
  } finally {
    for (const key of Object.keys(env)) delete process.env[key];
  }
  cleanups.push(() => hub.close());
  const login = async (username: string, password: string, secret: string) =>
    staffLoginResponseSchema.parse(
      await (
        await fetch(`${hub.url}${ASSIST_PATHS.staffLogin}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password, totp: totpCode(secret, Date.now()) }) })
      ).json(),
    );
  const admin = await login('admin', 'commands admin password', adminSecret);
  tokens.admin = admin.token;
  staffIds.admin = admin.staff.staffId;
  for (const role of ['supervisor', 'expert'] as const) {
    const password = `${role} password 12345`;
    const res = await staffCall('admin', 'POST', ASSIST_PATHS.staffUsers, { username: `${role}.${suffix}`, displayName: `Ops ${role}`, role, password, languages: ['en'], topics: ['accounts'] });
    const created = createStaffResponseSchema.parse(await res.json());
    const session = await login(`${role}.${suffix}`, password, created.totpSecret);
    tokens[role] = session.token;
    staffIds[role] = session.staff.staffId;
  }
  k1 = await enrollTestKiosk(hub.authStore, K1);
  k2 = await enrollTestKiosk(hub.authStore, K2);
}, 60_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

describe('remote commands through the hub (PostgreSQL)', () => {
  it('a connected kiosk gets the signed command at once; acknowledged once; the result is stored once; all audited with who and when', async () => {
    const socket = await kioskSocket(k1);
    const keyRes = await signedFetch(hub.url, k1, { method: 'GET', url: FLEET_COMMAND_PATHS.key.replace(':kioskId', K1) });
    expect(keyRes.status).toBe(200);
    const key = commandKeyResponseSchema.parse(await keyRes.json());

    const issued = await issue(K1, { params: { kind: 'enter-maintenance' }, ttlSec: 600 });
    expect(issued).toMatchObject({ status: 'pending', kind: 'enter-maintenance', issuedBy: staffIds.supervisor, issuedByName: 'Ops supervisor' });
    const delivered = await socket.next('command.deliver', (m) => m.command.commandId === issued.commandId);
    expect(verifyCommand(delivered.command, { kioskId: K1, key, now: Date.now() })).toEqual({ ok: true });
    expect(verifyCommand({ ...delivered.command, params: { kind: 'restart-host' } }, { kioskId: K1, key, now: Date.now() })).toEqual({ ok: false, reason: 'bad-signature' });

    socket.send({ type: 'command.ack', commandId: issued.commandId });
    socket.send({ type: 'command.ack', commandId: issued.commandId });
    await expect.poll(async () => (await listed(K1)).find((c) => c.commandId === issued.commandId)?.status, { timeout: 5_000 }).toBe('delivered');

    const result: CommandResult = { outcome: 'succeeded', finishedAt: new Date().toISOString(), detail: { maintenance: true, waitedForCustomerMs: 1200 } };
    const first = await postResult(k1, K1, issued.commandId, result);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ stored: true });
    const again = await postResult(k1, K1, issued.commandId, { ...result, detail: { maintenance: false } });
    expect(await again.json()).toEqual({ stored: false });

    const row = (await listed(K1)).find((c) => c.commandId === issued.commandId);
    expect(row).toMatchObject({ status: 'succeeded', detail: { maintenance: true, waitedForCustomerMs: 1200 }, reason: null });
    expect(row?.finishedAt).not.toBeNull();

    const audit = commandAuditResponseSchema.parse(await (await staffCall('admin', 'GET', FLEET_COMMAND_PATHS.audit.replace(':commandId', issued.commandId))).json());
    expect(audit.trail.map((e) => [e.event, e.actor])).toEqual([
      ['issued', staffIds.supervisor],
      ['acknowledged', `kiosk:${K1}`],
      ['succeeded', `kiosk:${K1}`],
    ]);
    expect(audit.trail.every((e) => Date.parse(e.at) > 0)).toBe(true);
    await socket.close();
  });

  it('a kiosk offline at issue time receives its commands, oldest first, when it connects; a refusal comes back with its reason', async () => {
    const a = await issue(K2, { params: { kind: 'device-test', test: 'print' } }, 'admin');
    const b = await issue(K2, { params: { kind: 'collect-diagnostics' } }, 'admin');
    const socket = await kioskSocket(k2);
    const first = await socket.next('command.deliver');
    const second = await socket.next('command.deliver');
    expect([first.command.commandId, second.command.commandId]).toEqual([a.commandId, b.commandId]);
    const refused = await postResult(k2, K2, a.commandId, { outcome: 'refused', reason: 'busy', finishedAt: new Date().toISOString() });
    expect(refused.status).toBe(200);
    const bundle = { collectedAt: new Date().toISOString(), facts: { version: '1.0.0' }, logLines: ['{"msg":"host started"}'], truncated: false };
    await postResult(k2, K2, b.commandId, { outcome: 'succeeded', finishedAt: new Date().toISOString(), diagnostics: bundle });
    const rows = await listed(K2);
    expect(rows.find((c) => c.commandId === a.commandId)).toMatchObject({ status: 'refused', reason: 'busy' });
    expect(rows.find((c) => c.commandId === b.commandId)).toMatchObject({ status: 'succeeded', hasDiagnostics: true });
    const diag = await staffCall('supervisor', 'GET', FLEET_COMMAND_PATHS.diagnostics.replace(':commandId', b.commandId));
    expect(await diag.json()).toEqual(bundle);
    await socket.close();
  });

  it('only admins and supervisors issue; bodies are validated; a kiosk answers only for itself', async () => {
    expect((await staffCall('expert', 'POST', FLEET_COMMAND_PATHS.issue.replace(':kioskId', K1), { params: { kind: 'reload-ui' } })).status).toBe(403);
    expect((await staffCall(null, 'POST', FLEET_COMMAND_PATHS.issue.replace(':kioskId', K1), { params: { kind: 'reload-ui' } })).status).toBe(401);
    expect((await staffCall('admin', 'POST', FLEET_COMMAND_PATHS.issue.replace(':kioskId', K1), { params: { kind: 'format-disk' } })).status).toBe(400);
    expect((await staffCall('admin', 'POST', FLEET_COMMAND_PATHS.issue.replace(':kioskId', K1), { params: { kind: 'update-config', config: { hubUrl: 'https://x' } } })).status).toBe(400);
    expect((await staffCall('admin', 'POST', FLEET_COMMAND_PATHS.issue.replace(':kioskId', K1), { params: { kind: 'reload-ui' }, ttlSec: 1 })).status).toBe(400);
    expect((await staffCall('admin', 'POST', FLEET_COMMAND_PATHS.issue.replace(':kioskId', 'K1%20x'), { params: { kind: 'reload-ui' } })).status).toBe(400);
    // A mistyped kiosk id is refused, not kept waiting until it expires.
    expect((await staffCall('admin', 'POST', FLEET_COMMAND_PATHS.issue.replace(':kioskId', `NOPE-${suffix}`), { params: { kind: 'reload-ui' } })).status).toBe(404);

    const c = await issue(K1, { params: { kind: 'reload-ui' } });
    const result: CommandResult = { outcome: 'succeeded', finishedAt: new Date().toISOString() };
    // K2's key signing for K1's path: refused by the kiosk guard.
    expect((await postResult(k2, K1, c.commandId, result)).status).toBeGreaterThanOrEqual(401);
    // K2 for itself, but K1's command: no such command for this kiosk.
    expect((await postResult(k2, K2, c.commandId, result)).status).toBe(404);
    expect((await listed(K1)).find((x) => x.commandId === c.commandId)?.status).not.toBe('succeeded');
    // Malformed result bodies are refused.
    expect((await postResult(k1, K1, c.commandId, { outcome: 'done' } as unknown as CommandResult)).status).toBe(400);
  });

  it('an operator on one hub instance reaches a kiosk connected to another (shared database, no bus needed)', async () => {
    const other = await startHub({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      assist: assistConfigFromEnv({ HUB_TURN_URLS: 'stun:127.0.0.1:3478' }),
      secretKey: 'c'.repeat(64),
    });
    cleanups.push(() => other.close());
    const path = `${ASSIST_PATHS.socket}?kioskId=${encodeURIComponent(K2)}`;
    const socket = await TestSocket.open(`${other.url.replace('http', 'ws')}${path}`, [ASSIST_PROTOCOL], signedHeaders(k2, { method: 'GET', url: path }).headers);
    cleanups.push(async () => void (await socket.close()));
    await socket.next('hello');
    const issued = await issue(K2, { params: { kind: 'reload-ui' } });
    // The instance holding the socket finds it on its next sweep (every 5 s).
    const delivered = await socket.next('command.deliver', (m) => m.command.commandId === issued.commandId, 12_000);
    // Same HUB_SECRET_KEY, same command key: a kiosk verifies commands from any instance.
    expect(delivered.command.issuedBy).toBe(staffIds.supervisor);
    socket.send({ type: 'command.ack', commandId: issued.commandId });
    await expect.poll(async () => (await listed(K2)).find((c) => c.commandId === issued.commandId)?.status, { timeout: 5_000 }).toBe('delivered');
  }, 30_000);
});

describe('command expiry (PostgreSQL, fake clock)', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestPostgres();
    await migrate(test.db);
  });
  afterAll(async () => test?.dispose());

  it('a command not delivered before its expiry is marked expired (audited by the hub) and never sent', async () => {
    const clock = new FakeClock();
    const service = new CommandService({ db: test.db, signer: commandSigner({ key: Buffer.alloc(32, 1) }), clock, logger: pino({ level: 'silent' }) });
    const sent: string[] = [];
    service.attach((_kioskId, message) => (sent.push(message.command.commandId), true));
    const by = { staffId: '0d9f3a5e-1c7b-4c2a-8d11-2f4e5a6b7c09', displayName: 'Ops' };
    const short = await service.issue('KX', { kind: 'reload-ui' }, 60, by);
    const long = await service.issue('KX', { kind: 'leave-maintenance' }, 3600, by);
    clock.advance(61_000);
    await service.sweep();
    service.connected('KX');
    await expect.poll(() => sent).toEqual([long.commandId]);
    expect((await service.get(short.commandId))?.status).toBe('expired');
    expect((await auditTrail(test.db, short.commandId)).map((e) => [e.event, e.actor])).toEqual([
      ['issued', by.staffId],
      ['expired', 'hub'],
    ]);
    // Not acknowledged: sent again by the sweep after resendAfterMs, never the expired one.
    clock.advance(11_000);
    await service.sweep();
    expect(sent).toEqual([long.commandId, long.commandId]);
    await service.acknowledged('KX', long.commandId);
    clock.advance(11_000);
    await service.sweep();
    expect(sent).toHaveLength(2);
    await service.close();
  });
});
