import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceHealth, EventName, RequestName } from '../../bridge/contract.js';
import { createDispatcher } from '../../bridge/dispatcher.js';
import { EventBus } from '../../bridge/event-bus.js';
import type { HandlerMap } from '../../bridge/dispatcher.js';
import type { PrintResult } from '../../../drivers/escpos/index.js';
import { DeviceCallError } from '../devices/device-handle.js';
import { openLocalStore } from '../local-store.node.js';
import { silentLogger } from '../log.node.js';
import { Outbox } from '../outbox.node.js';
import type { SqliteDb } from '../sqlite.node.js';
import type { DeviceTestSource } from './device-tests.node.js';
import { createServiceMode, type ServiceMode, type ServiceModeDeps } from './service-mode.node.js';
import { SERVICE_AUDIT_TYPE, ServiceStore } from './service-store.node.js';
import { setTechnicianCredentials, TECHNICIAN_FILE } from './technician-credentials.node.js';
import { ManualClock } from './testing.js';
import { totpCode } from './totp.js';

const PIN = '358024';
const since = new Date().toISOString();

class FakeDevices implements DeviceTestSource {
  health: DeviceHealth[] = [
    { role: 'receipt', kind: 'receipt-printer', state: 'ready', since },
    { role: 'card', kind: 'card-reader', state: 'ready', since },
  ];
  printResult: PrintResult | Error = { printed: true } as PrintResult;
  prints = 0;
  private listeners = new Set<(e: { role: string; name: string; payload: unknown }) => void>();
  roleOf = (kind: DeviceHealth['kind']) => this.health.find((h) => h.kind === kind)?.role ?? null;
  list = () => this.health;
  print = async () => {
    this.prints++;
    if (this.printResult instanceof Error) throw this.printResult;
    return this.printResult;
  };
  onDeviceEvent = (cb: (e: { role: string; name: string; payload: unknown }) => void) => (this.listeners.add(cb), () => void this.listeners.delete(cb));
  emit(role: string, name: string, payload: unknown = {}) {
    for (const cb of this.listeners) cb({ role, name, payload });
  }
  listening() {
    return this.listeners.size;
  }
}

let dir: string;
let db: SqliteDb;
let outbox: Outbox;
let clock: ManualClock;
let devices: FakeDevices;
let events: EventBus;
let heard: { name: EventName; payload: unknown }[];
let service: ServiceMode;
let secret: string;
let restarts: string[];

function start(overrides: Partial<ServiceModeDeps> = {}): ServiceMode {
  const store = new ServiceStore({ db, outbox, kioskId: 'K07', branchId: 'BR9', onEnqueued: () => undefined, now: () => new Date(clock.now()) });
  return createServiceMode({
    kioskId: 'K07',
    version: '1.2.3',
    credentialsFile: path.join(dir, TECHNICIAN_FILE),
    journeys: ['queue-ticket'],
    devices,
    events,
    store,
    hub: { hubUrl: null, kioskId: 'K07', sign: async () => ({}) },
    logFile: path.join(dir, 'kiosk.log'),
    log: silentLogger(),
    restartHost: () => restarts.push('exit'),
    softRestart: () => restarts.push('soft'),
    idleMs: 300_000,
    readerWaitMs: 50,
    outOfServiceGraceMs: 3_000,
    clock,
    ...overrides,
  });
}

async function call<N extends RequestName>(method: N, params: unknown): Promise<unknown> {
  const envelope = await createDispatcher(service.handlers as unknown as HandlerMap, silentLogger())(method, params);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
  return envelope.result;
}

const code = (offsetSteps = 0) => totpCode(secret, clock.now() + offsetSteps * 30_000);

/** A fresh code each time: a code is good for one sign-in only. */
async function signIn(): Promise<string> {
  clock.advance(30_000);
  const r = (await call('serviceMode.enter', { pin: PIN, totp: code() })) as { ok: boolean; sessionId: string };
  expect(r.ok).toBe(true);
  return r.sessionId;
}

const auditRows = () => db.all<{ action: string; outcome: string; technician: string | null; detail: string }>('SELECT action, outcome, technician, detail FROM service_audit ORDER BY rowid');

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bk-service-'));
  db = await openLocalStore(dir);
  outbox = new Outbox(db);
  clock = new ManualClock();
  devices = new FakeDevices();
  events = new EventBus();
  heard = [];
  restarts = [];
  events.subscribe((name, payload) => heard.push({ name, payload }));
  ({ totpSecret: secret } = await setTechnicianCredentials({ file: path.join(dir, TECHNICIAN_FILE), technicianId: 'tech-li', pin: PIN, cost: { N: 1024, r: 8, p: 1 } }));
  service = start();
});
afterEach(async () => {
  service.close();
  await db.close();
});

describe('service mode sign-in', () => {
  it('enters with PIN + TOTP, audits it locally and as an outbox row, without the PIN or code', async () => {
    const totp = code();
    const r = await call('serviceMode.enter', { pin: PIN, totp });
    expect(r).toMatchObject({ ok: true, technician: 'tech-li', idleTimeoutMs: 300_000 });
    expect(await auditRows()).toEqual([{ action: 'enter', outcome: 'ok', technician: 'tech-li', detail: '{}' }]);
    const [row] = await outbox.pending(10);
    expect(row?.type).toBe(SERVICE_AUDIT_TYPE);
    expect(row?.payload).toMatchObject({ kioskId: 'K07', branchId: 'BR9', action: 'enter', outcome: 'ok', technician: 'tech-li' });
    expect(JSON.stringify(row?.payload)).not.toContain(PIN);
    expect(JSON.stringify(row?.payload)).not.toContain(totp);
  });

  it('accepts a code from the previous or next 30 s step, refuses older ones and a reused code', async () => {
    expect(await call('serviceMode.enter', { pin: PIN, totp: code(-2) })).toMatchObject({ ok: false, reason: 'wrong' });
    expect(await call('serviceMode.enter', { pin: PIN, totp: code(-1) })).toMatchObject({ ok: true });
    // The same step again (a code seen over a shoulder) is refused.
    expect(await call('serviceMode.enter', { pin: PIN, totp: code(-1) })).toMatchObject({ ok: false, reason: 'wrong' });
    expect(await call('serviceMode.enter', { pin: PIN, totp: code(1) })).toMatchObject({ ok: true });
  });

  it('locks out after five wrong sign-ins with backoff, kept across a host restart', async () => {
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await call('serviceMode.enter', { pin: '111222', totp: code() }));
    expect(answers.map((a) => (a as { attemptsLeft?: number }).attemptsLeft)).toEqual([4, 3, 2, 1, undefined]);
    expect(answers[4]).toEqual({ ok: false, reason: 'locked', retryAfterMs: 60_000 });
    // The right PIN and code do not get through a lock, and are not even checked.
    expect(await call('serviceMode.enter', { pin: PIN, totp: code() })).toMatchObject({ ok: false, reason: 'locked' });
    service.close();
    service = start();
    clock.advance(59_000);
    expect(await call('serviceMode.enter', { pin: PIN, totp: code() })).toEqual({ ok: false, reason: 'locked', retryAfterMs: 1_000 });
    clock.advance(1_000);
    for (let i = 0; i < 5; i++) await call('serviceMode.enter', { pin: '111222', totp: code() });
    expect(await call('serviceMode.enter', { pin: PIN, totp: code() })).toEqual({ ok: false, reason: 'locked', retryAfterMs: 120_000 });
    clock.advance(120_000);
    await signIn();
    const rows = await auditRows();
    expect(rows.filter((r) => r.outcome === 'wrong')).toHaveLength(8);
    expect(rows.filter((r) => r.outcome === 'locked-out')).toHaveLength(2);
    expect(rows.filter((r) => r.outcome === 'locked')).toHaveLength(3);
    expect(rows.at(-1)).toMatchObject({ action: 'enter', outcome: 'ok' });
  });

  it('refuses with not-configured when no technician credentials were set', async () => {
    service.close();
    service = start({ credentialsFile: path.join(dir, 'none.json') });
    expect(await call('serviceMode.enter', { pin: PIN, totp: code() })).toEqual({ ok: false, reason: 'not-configured' });
  });

  it('refuses a PIN that is not 6–12 digits at the bridge', async () => {
    await expect(call('serviceMode.enter', { pin: '12345', totp: code() })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('service session', () => {
  it('expires after five minutes without activity; every request counts as activity', async () => {
    const sessionId = await signIn();
    clock.advance(240_000);
    await call('serviceMode.touch', { sessionId });
    clock.advance(240_000);
    expect(await call('serviceMode.touch', { sessionId })).toEqual({ ok: true });
    clock.advance(300_000);
    expect(heard.filter((e) => e.name === 'serviceMode.ended').map((e) => e.payload)).toEqual([{ sessionId, reason: 'expired' }]);
    await expect(call('serviceMode.overview', { sessionId })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await auditRows()).map((r) => r.action)).toEqual(['enter', 'expired']);
  });

  it('ends on leave, which is audited; the old id is refused afterwards', async () => {
    const sessionId = await signIn();
    expect(await call('serviceMode.leave', { sessionId })).toEqual({ ok: true });
    expect(heard.filter((e) => e.name === 'serviceMode.ended').map((e) => e.payload)).toEqual([{ sessionId, reason: 'left' }]);
    await expect(call('serviceMode.touch', { sessionId })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await auditRows()).map((r) => `${r.action}:${r.technician}`)).toEqual(['enter:tech-li', 'leave:tech-li']);
  });
});

describe('device tests', () => {
  it('prints a test page (pass), records who and when, and shows it as the last result', async () => {
    const sessionId = await signIn();
    const result = await call('serviceMode.runTest', { sessionId, test: 'print' });
    expect(result).toMatchObject({ test: 'print', role: 'receipt', outcome: 'pass', reason: null, technician: 'tech-li', at: new Date(clock.now()).toISOString() });
    expect(devices.prints).toBe(1);
    const overview = (await call('serviceMode.overview', { sessionId })) as { tests: { test: string; last: { outcome: string } | null }[] };
    expect(overview.tests.map((t) => t.test)).toEqual(['print', 'card', 'hub', 'camera', 'microphone', 'turn']);
    expect(overview.tests.find((t) => t.test === 'print')?.last?.outcome).toBe('pass');
    expect(await auditRows()).toContainEqual({ action: 'test', outcome: 'pass', technician: 'tech-li', detail: JSON.stringify({ test: 'print', role: 'receipt', reason: null }) });
  });

  it('records a failed print with the printer’s reason', async () => {
    const sessionId = await signIn();
    devices.printResult = new DeviceCallError('PAPER_OUT', 'the printer is out of paper');
    expect(await call('serviceMode.runTest', { sessionId, test: 'print' })).toMatchObject({ outcome: 'fail', reason: 'paper-out' });
    devices.printResult = { printed: false, code: 'COVER_OPEN' } as PrintResult;
    expect(await call('serviceMode.runTest', { sessionId, test: 'print' })).toMatchObject({ outcome: 'fail', reason: 'cover-open' });
    const rows = await db.all<{ outcome: string; reason: string }>('SELECT outcome, reason FROM service_test_results ORDER BY rowid');
    expect(rows).toEqual([{ outcome: 'fail', reason: 'paper-out' }, { outcome: 'fail', reason: 'cover-open' }]);
  });

  it('waits for a card: pass on a read, fail on a read error or the deadline, cancelled by Cancel', async () => {
    const sessionId = await signIn();
    const swiped = call('serviceMode.runTest', { sessionId, test: 'card' });
    await expect.poll(() => devices.listening()).toBe(1);
    devices.emit('receipt', 'card'); // another role: ignored
    devices.emit('card', 'card', { masked: '411111******1111' });
    expect(await swiped).toMatchObject({ test: 'card', role: 'card', outcome: 'pass', reason: null });

    const bad = call('serviceMode.runTest', { sessionId, test: 'card' });
    await expect.poll(() => devices.listening()).toBe(1);
    devices.emit('card', 'read-error', { code: 'LRC' });
    expect(await bad).toMatchObject({ outcome: 'fail', reason: 'read-error:lrc' });

    expect(await call('serviceMode.runTest', { sessionId, test: 'card' })).toMatchObject({ outcome: 'fail', reason: 'timeout' });

    service.close();
    service = start({ readerWaitMs: 60_000 });
    const sid = await signIn();
    const waiting = call('serviceMode.runTest', { sessionId: sid, test: 'card' });
    await expect.poll(() => devices.listening()).toBe(1);
    expect(await call('serviceMode.cancelTest', { sessionId: sid })).toEqual({ cancelled: true });
    expect(await waiting).toMatchObject({ outcome: 'cancelled' });
    expect(devices.listening()).toBe(0);
    const stored = await db.all<{ outcome: string }>('SELECT outcome FROM service_test_results ORDER BY rowid');
    expect(stored.map((r) => r.outcome)).toEqual(['pass', 'fail', 'fail', 'cancelled']);
  });

  it('fails at once for an offline reader and for a reader that is not configured', async () => {
    const sessionId = await signIn();
    devices.health = devices.health.map((h) => (h.kind === 'card-reader' ? { ...h, state: 'offline', reason: 'disconnected' } : h));
    expect(await call('serviceMode.runTest', { sessionId, test: 'card' })).toMatchObject({ outcome: 'fail', reason: 'offline:disconnected' });
    expect(await call('serviceMode.runTest', { sessionId, test: 'scan' })).toMatchObject({ outcome: 'fail', reason: 'not-configured' });
  });

  it('records camera, microphone and TURN verdicts the page reports', async () => {
    const sessionId = await signIn();
    expect(await call('serviceMode.reportTest', { sessionId, test: 'camera', passed: false, reason: 'NotAllowedError', durationMs: 120 })).toMatchObject({ test: 'camera', outcome: 'fail', reason: 'NotAllowedError', technician: 'tech-li', durationMs: 120 });
    await expect(call('serviceMode.reportTest', { sessionId, test: 'camera', passed: false, reason: 'spaces and <html>', durationMs: 1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await call('serviceMode.runTest', { sessionId, test: 'hub' })).toMatchObject({ outcome: 'fail', reason: 'no-hub-configured' });
    expect(await call('serviceMode.iceServers', { sessionId })).toEqual({ ok: false, reason: 'no-hub-configured' });
  });

  it('requires a live session for every technician request', async () => {
    for (const [method, params] of [
      ['serviceMode.runTest', { test: 'print' }],
      ['serviceMode.logs', { minLevel: 'info', before: null, limit: 10 }],
      ['serviceMode.restart', { target: 'host' }],
    ] as const) {
      await expect(call(method, { sessionId: 'x'.repeat(32), ...params })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
    expect(devices.prints).toBe(0);
    expect(restarts).toEqual([]);
  });
});

describe('log viewer and restart', () => {
  it('pages the host log newest first, filtered by level, and audits the view', async () => {
    const line = (level: number, msg: string, i: number) => JSON.stringify({ level, time: `2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z`, pid: 1, hostname: 'k', svc: 'kiosk-host', msg });
    writeFileSync(path.join(dir, 'kiosk.log'), Array.from({ length: 30 }, (_, i) => line(i % 3 === 0 ? 40 : 30, `m${i}`, i)).join('\n') + '\n');
    const sessionId = await signIn();
    const first = (await call('serviceMode.logs', { sessionId, minLevel: 'warn', before: null, limit: 4 })) as { lines: { msg: string; level: string; detail: string }[]; older: number };
    expect(first.lines.map((l) => l.msg)).toEqual(['m27', 'm24', 'm21', 'm18']);
    expect(first.lines[0]).toMatchObject({ level: 'warn', detail: '{"svc":"kiosk-host"}' });
    const second = (await call('serviceMode.logs', { sessionId, minLevel: 'warn', before: first.older, limit: 4 })) as { lines: { msg: string }[]; older: number | null };
    expect(second.lines.map((l) => l.msg)).toEqual(['m15', 'm12', 'm9', 'm6']);
    const all = (await call('serviceMode.logs', { sessionId, minLevel: 'info', before: null, limit: 100 })) as { lines: unknown[]; older: number | null };
    expect(all.lines).toHaveLength(30);
    expect(all.older).toBeNull();
    expect((await auditRows()).filter((r) => r.action === 'logs')).toHaveLength(3);
  });

  it('restarts the host through its supervisor when there is one, else reloads what it can', async () => {
    let sessionId = await signIn();
    expect(await call('serviceMode.restart', { sessionId, target: 'ui' })).toEqual({ mode: 'reload-page' });
    sessionId = await signIn();
    expect(await call('serviceMode.restart', { sessionId, target: 'host' })).toEqual({ mode: 'exit' });
    await expect.poll(() => restarts).toEqual(['exit']);
    service.close();
    service = start({ restartHost: null });
    sessionId = await signIn();
    expect(await call('serviceMode.restart', { sessionId, target: 'host' })).toEqual({ mode: 'soft' });
    expect(restarts).toEqual(['exit', 'soft']);
    const rows = (await auditRows()).filter((r) => r.action === 'restart').map((r) => JSON.parse(r.detail) as unknown);
    expect(rows).toEqual([{ target: 'ui', mode: 'reload-page' }, { target: 'host', mode: 'exit' }, { target: 'host', mode: 'soft' }]);
    expect(heard.filter((e) => e.name === 'serviceMode.ended').map((e) => (e.payload as { reason: string }).reason)).toEqual(['restart', 'restart', 'restart']);
  });
});

describe('out-of-service over the bridge', () => {
  it('answers the current state and emits changes when device health changes', async () => {
    expect(await call('kiosk.outOfService', {})).toMatchObject({ outOfService: false, blockedBy: [] });
    devices.health = devices.health.map((h) => (h.kind === 'receipt-printer' ? { ...h, state: 'attention', reason: 'paper-out' } : h));
    events.emit('device.health', devices.health[0] as DeviceHealth);
    clock.advance(3_000);
    expect(await call('kiosk.outOfService', {})).toMatchObject({ outOfService: true, blockedBy: [{ kind: 'receipt-printer', role: 'receipt', reason: 'paper-out' }] });
    expect(heard.filter((e) => e.name === 'kiosk.outOfService').map((e) => (e.payload as { outOfService: boolean }).outOfService)).toEqual([true]);
  });
});
