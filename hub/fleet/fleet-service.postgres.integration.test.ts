// Fleet health and alerts against the real PostgreSQL, on a fake clock: the lifecycle
// (hold-down, de-duplication, hourly limit, auto-resolve, staff acknowledge/resolve), two
// instances sweeping the same database, history pruning, and signed webhook deliveries that
// survive failures and a restart.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WEBHOOK_HEADERS, webhookBodySchema, type AlertNotice } from '../../protocol/fleet-alerts.js';
import type { HealthReport, ReportedDevice } from '../../protocol/fleet-health.js';
import { InProcessNetwork } from '../assist/cluster/cluster-bus.js';
import { FakeClock } from '../assist/testing/fake-clock.js';
import { migrate } from '../storage/migrations.js';
import type { Database } from '../storage/queryable.js';
import { openTestPostgres, type TestDatabase } from '../testing/test-databases.node.js';
import { DEFAULT_FLEET_CONFIG, type FleetConfig } from './fleet-config.js';
import { FleetService } from './fleet-service.js';
import { signWebhook } from './webhook-sender.node.js';
import { deliveryCounts } from './webhook-store.js';

const logger = pino({ level: 'silent' });
let test: TestDatabase;

beforeAll(async () => {
  test = await openTestPostgres();
  await migrate(test.db);
  await test.db.exec('CREATE TABLE default_rules AS SELECT * FROM fleet_alert_rules');
});
afterAll(async () => test.dispose());
beforeEach(async () => {
  await test.db.exec(`TRUNCATE fleet_kiosk_health, fleet_health_history, fleet_alerts, fleet_alert_conditions, fleet_webhook_deliveries;
    DELETE FROM fleet_alert_rules; INSERT INTO fleet_alert_rules SELECT * FROM default_rules;`);
});

const printer = (state: ReportedDevice['state'], reason?: string): ReportedDevice => ({ role: 'printer', kind: 'receipt-printer', state, since: '2026-11-23T08:00:00.000Z', ...(reason ? { reason } : {}) });

function report(clock: FakeClock, devices: ReportedDevice[] = [printer('ready')], startedAt = '2026-11-23T08:00:00.000Z'): HealthReport {
  return {
    version: '1.4.0',
    startedAt,
    at: new Date(clock.now()).toISOString(),
    devices,
    outbox: { backlog: 0, oldestPendingAt: null, lastSyncAt: null, rejected: 0 },
    host: { diskFreeBytes: 50, diskTotalBytes: 100, memFreeBytes: 1, memTotalBytes: 2, uptimeSec: 1 },
  };
}

function fleet(clock: FakeClock, config: Partial<FleetConfig> = {}, extra: Partial<ConstructorParameters<typeof FleetService>[0]> = {}) {
  const service = new FleetService({ db: test.db, clock, logger, config: { ...DEFAULT_FLEET_CONFIG, ...config }, ruleCacheMs: 0, ...extra });
  const notices: AlertNotice[] = [];
  service.onNotice((n) => notices.push(n));
  return { service, notices };
}

async function send(service: FleetService, kioskId: string, r: HealthReport) {
  service.report(kioskId, r);
  await service.flush();
}

describe('fleet alerts lifecycle', () => {
  it('holds a condition down, raises it once, de-duplicates repeats and resolves it when it clears', async () => {
    const clock = new FakeClock();
    const { service, notices } = fleet(clock);
    await send(service, 'K01', report(clock, [printer('attention', 'paper-out')]));
    expect(notices).toEqual([]); // printer-paper holds down 30 s
    clock.advanceSec(29);
    await service.sweep();
    expect(notices).toEqual([]);
    clock.advanceSec(1);
    await service.sweep();
    expect(notices.map((n) => `${n.event}:${n.alert.kind}:${n.alert.device}`)).toEqual(['alert.raised:printer-paper:printer']);
    expect(notices[0]?.alert.detail).toMatchObject({ reason: 'paper-out', state: 'attention' });
    // The heartbeat repeats it: still one alert.
    clock.advanceSec(60);
    await send(service, 'K01', report(clock, [printer('attention', 'paper-out')]));
    await service.sweep();
    expect(await service.listAlerts({ state: 'active', limit: 10 })).toHaveLength(1);
    await send(service, 'K01', report(clock, [printer('ready')]));
    expect(notices.at(-1)).toMatchObject({ event: 'alert.resolved', alert: { state: 'resolved', resolvedBy: 'auto' } });
    expect(await service.listAlerts({ state: 'active', limit: 10 })).toHaveLength(0);
    const history = await service.kioskHistory('K01');
    expect(history.filter((h) => h.event === 'device').map((h) => h.detail.reason)).toEqual([null, 'paper-out']);
  });

  it('a device flapping faster than the hold-down raises nothing; past it, the hourly limit caps the flood', async () => {
    const clock = new FakeClock();
    const { service, notices } = fleet(clock, { maxAlertsPerKioskPerHour: 2 });
    for (let i = 0; i < 30; i++) {
      await send(service, 'K01', report(clock, [printer('attention', i % 2 === 0 ? 'paper-out' : undefined)]));
      clock.advanceSec(10);
      await service.sweep();
    }
    expect(notices).toEqual([]);
    // Cover open with no hold-down, flapping every 10 s for 10 minutes.
    await service.putRule('printer-cover-open', { enabled: true, severity: 'warning', holdDownSec: 0, params: { kind: 'printer-cover-open' } }, 'admin1');
    for (let i = 0; i < 60; i++) {
      await send(service, 'K01', report(clock, [i % 2 === 0 ? printer('attention', 'cover-open') : printer('ready')]));
      clock.advanceSec(10);
    }
    expect(notices.filter((n) => n.event === 'alert.raised')).toHaveLength(2);
    // An hour on, the condition still pending is raised.
    await send(service, 'K01', report(clock, [printer('attention', 'cover-open')]));
    clock.advanceSec(3600);
    await service.sweep();
    expect(notices.filter((n) => n.event === 'alert.raised')).toHaveLength(3);
  });

  it('staff acknowledge (who, when) and resolve; a second acknowledge is refused', async () => {
    const clock = new FakeClock();
    const { service, notices } = fleet(clock);
    await send(service, 'K01', report(clock, [{ role: 'card', kind: 'card-reader', state: 'error', reason: 'reader-error', since: '2026-11-23T08:00:00.000Z' }]));
    clock.advanceSec(30);
    await service.sweep();
    const raised = notices[0]?.alert;
    expect(raised?.kind).toBe('card-reader-error');
    clock.advanceSec(5);
    const acked = await service.acknowledge(raised?.alertId ?? '', 'ops1');
    expect(acked).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'ops1', acknowledgedAt: new Date(clock.now()).toISOString() });
    expect(await service.acknowledge(raised?.alertId ?? '', 'ops2')).toBeNull();
    const resolved = await service.resolve(raised?.alertId ?? '', 'ops1');
    expect(resolved).toMatchObject({ state: 'resolved', resolvedBy: 'ops1' });
    expect(notices.map((n) => n.event)).toEqual(['alert.raised', 'alert.acknowledged', 'alert.resolved']);
  });

  it('disabling or deleting a rule resolves its open alerts; a deleted default can be put back', async () => {
    const clock = new FakeClock();
    const { service, notices } = fleet(clock);
    await service.putRule('disk-almost-full', { enabled: true, severity: 'warning', holdDownSec: 0, params: { kind: 'disk-almost-full', minFreePercent: 60 } }, 'admin1');
    await service.putRule('disk-low-critical', { enabled: true, severity: 'critical', holdDownSec: 0, params: { kind: 'disk-almost-full', minFreePercent: 70 } }, 'admin1');
    await send(service, 'K04', report(clock));
    expect(notices.filter((n) => n.event === 'alert.raised').map((n) => n.alert.ruleId).sort()).toEqual(['disk-almost-full', 'disk-low-critical']);
    await service.putRule('disk-almost-full', { enabled: false, severity: 'warning', holdDownSec: 0, params: { kind: 'disk-almost-full', minFreePercent: 60 } }, 'admin1');
    expect(await service.deleteRule('disk-low-critical')).toBe(true);
    expect(await service.deleteRule('disk-low-critical')).toBe(false);
    clock.advanceSec(60);
    await send(service, 'K04', report(clock));
    expect(notices.filter((n) => n.event === 'alert.resolved').map((n) => n.alert.ruleId).sort()).toEqual(['disk-almost-full', 'disk-low-critical']);
    expect(await service.listAlerts({ state: 'active', limit: 10 })).toEqual([]);
    expect((await service.listRules()).find((r) => r.ruleId === 'disk-almost-full')).toMatchObject({ enabled: false, updatedBy: 'admin1' });
  });

  it('three restarts within ten minutes are a crash loop', async () => {
    const clock = new FakeClock();
    const { service, notices } = fleet(clock);
    for (let i = 0; i < 3; i++) {
      await send(service, 'K01', report(clock, undefined, new Date(clock.now()).toISOString()));
      clock.advanceSec(120);
    }
    expect(notices.map((n) => n.alert.kind)).toEqual(['crash-loop']);
  });
});

describe('report storage', () => {
  it('keeps only the newest waiting report per kiosk: a burst becomes one write', async () => {
    const clock = new FakeClock();
    let transactions = 0;
    const counting: Database = { ...test.db, transaction: (work) => ((transactions += 1), test.db.transaction(work)) };
    const { service } = fleet(clock, {}, { db: counting });
    for (let i = 0; i < 50; i++) service.report('K10', { ...report(clock), outbox: { backlog: i, oldestPendingAt: null, lastSyncAt: null, rejected: 0 } });
    await service.flush();
    const [kiosk] = await service.fleetKiosks();
    expect(kiosk?.backlog).toBe(49);
    expect(service.counters.reports).toBe(50);
    // All 50 arrived before the first write began: one write, of the newest.
    expect(transactions).toBe(1);
    service.report('K10', report(clock));
    await service.flush();
    expect(transactions).toBe(2);
  });
});

describe('offline sweeper with two hub instances on one database', () => {
  it('marks a silent kiosk offline once, raises one offline alert (heard live on every instance), resolves it when the kiosk is back', async () => {
    const clock = new FakeClock();
    const network = new InProcessNetwork();
    const a = fleet(clock, {}, { bus: network.bus('a') });
    const b = fleet(clock, {}, { bus: network.bus('b') });
    const c = fleet(clock, {}, { bus: network.bus('c') });
    a.service.connected('K07');
    await a.service.flush();
    await send(a.service, 'K07', report(clock));
    // Instance A dies without a disconnect; B and A's ghost both sweep.
    clock.advanceSec(DEFAULT_FLEET_CONFIG.offlineAfterSec - 1);
    expect((await b.service.sweep()).markedOffline).toEqual([]);
    clock.advanceSec(2);
    const [first, second] = await Promise.all([b.service.sweep(), c.service.sweep()]);
    expect([...first.markedOffline, ...second.markedOffline]).toEqual(['K07']);
    expect((await b.service.fleetKiosks()).map((k) => [k.kioskId, k.online])).toEqual([['K07', false]]);
    clock.advanceSec(5 * 60);
    await Promise.all([b.service.sweep(), c.service.sweep(), b.service.sweep()]);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the bus delivers on a later tick
    const offline = await b.service.listAlerts({ state: 'active', limit: 10 });
    expect(offline.map((x) => x.kind)).toEqual(['kiosk-offline']);
    expect(offline[0]?.detail.minutesOffline).toBeGreaterThanOrEqual(5);
    for (const instance of [a, b, c]) expect(instance.notices.filter((n) => n.event === 'alert.raised')).toHaveLength(1);
    // Back: its socket opens on B.
    b.service.connected('K07');
    await b.service.flush();
    expect(await b.service.listAlerts({ state: 'active', limit: 10 })).toEqual([]);
    const events = (await b.service.kioskHistory('K07')).map((h) => h.event);
    expect(events.filter((e) => e === 'offline')).toHaveLength(1);
    expect(events[0]).toBe('online');
  });

  it('an instance that holds the socket keeps a quiet kiosk online by touching it at every sweep', async () => {
    const clock = new FakeClock();
    const a = fleet(clock);
    a.service.connected('K08');
    await a.service.flush();
    for (let i = 0; i < 20; i++) {
      clock.advanceSec(15);
      await a.service.sweep();
    }
    expect((await a.service.fleetKiosks()).map((k) => k.online)).toEqual([true]);
    a.service.disconnected('K08');
    clock.advanceSec(DEFAULT_FLEET_CONFIG.offlineAfterSec + 1);
    expect((await a.service.sweep()).markedOffline).toEqual(['K08']);
  });

  it('prunes history older than the retention', async () => {
    const clock = new FakeClock();
    const { service } = fleet(clock, { historyRetentionDays: 1 });
    await send(service, 'K09', report(clock, [printer('attention', 'paper-out')]));
    clock.advanceSec(2 * 86_400);
    await send(service, 'K09', report(clock, [printer('ready')]));
    const result = await service.sweep();
    expect(result.pruned).toBeGreaterThan(0);
    const left = await service.kioskHistory('K09');
    expect(left.every((h) => Date.parse(h.at) >= clock.now() - 86_400_000)).toBe(true);
    expect(left.length).toBeGreaterThan(0);
  });
});

describe('alert webhook', () => {
  let server: Server;
  let url: string;
  let failFirst = 0;
  const received: { body: string; headers: IncomingMessage['headers'] }[] = [];
  const secret = 'a-webhook-secret-of-some-length';

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
        if (failFirst > 0) {
          failFirst -= 1;
          res.writeHead(503).end();
        } else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
    failFirst = 0;
  });

  const webhook = () => ({ url, secret, maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000, timeoutMs: 2_000 });

  it('signs each body with HMAC-SHA256 over timestamp and body, retries with growing backoff, and delivers in order', async () => {
    const clock = new FakeClock();
    const { service } = fleet(clock, { webhook: webhook() });
    failFirst = 2;
    await service.putRule('disk-almost-full', { enabled: true, severity: 'warning', holdDownSec: 0, params: { kind: 'disk-almost-full', minFreePercent: 60 } }, 'admin1');
    await send(service, 'K01', report(clock)); // 50 % free < 60 %: raised at once
    await service.putRule('disk-almost-full', { enabled: true, severity: 'warning', holdDownSec: 0, params: { kind: 'disk-almost-full', minFreePercent: 10 } }, 'admin1');
    await send(service, 'K01', report(clock)); // resolved
    const worker = service.webhook;
    if (!worker) throw new Error('webhook worker missing');
    const attemptsAt: number[] = [];
    for (let i = 0; i < 400; i++) {
      const before = received.length;
      await worker.runOnce();
      if (received.length > before) attemptsAt.push(clock.now());
      if ((await deliveryCounts(test.db)).pending === 0) break;
      clock.advance(500);
    }
    expect(await deliveryCounts(test.db)).toEqual({ pending: 0, delivered: 2, failed: 0 });
    expect(received).toHaveLength(4); // 2 failures, then raised, then resolved
    // The retries waited (backoff) instead of going out in the same round.
    expect(new Set(attemptsAt).size).toBeGreaterThanOrEqual(3);
    const bodies = received.map((r) => webhookBodySchema.parse(JSON.parse(r.body)));
    expect(bodies.slice(2).map((b) => b.event)).toEqual(['alert.raised', 'alert.resolved']);
    expect(bodies[0]?.deliveryId).toBe(bodies[2]?.deliveryId); // a retry is the same delivery
    for (const r of received) {
      const t = Number(r.headers[WEBHOOK_HEADERS.timestamp]);
      expect(r.headers[WEBHOOK_HEADERS.signature]).toBe(signWebhook(secret, t, r.body));
      expect(r.headers[WEBHOOK_HEADERS.signature]).not.toBe(signWebhook('another-secret-of-some-length', t, r.body));
    }
    await service.close();
  });

  it('a pending delivery survives a hub restart: the next instance sends it', async () => {
    const clock = new FakeClock();
    const first = fleet(clock, { webhook: webhook() }).service;
    await send(first, 'K02', report(clock, [{ role: 'card', kind: 'card-reader', state: 'error', since: '2026-11-23T08:00:00.000Z' }]));
    clock.advanceSec(30);
    await first.sweep();
    await first.close(); // never ran its worker
    expect(received).toHaveLength(0);
    expect((await deliveryCounts(test.db)).pending).toBe(1);
    const second = fleet(clock, { webhook: webhook() }).service;
    await second.webhook?.runOnce();
    expect(received).toHaveLength(1);
    expect(webhookBodySchema.parse(JSON.parse(received[0]?.body ?? '')).alert.kioskId).toBe('K02');
    expect(await deliveryCounts(test.db)).toEqual({ pending: 0, delivered: 1, failed: 0 });
    await second.close();
  });

  it('gives up after maxAttempts and keeps the row as failed', async () => {
    const clock = new FakeClock();
    const { service } = fleet(clock, { webhook: { ...webhook(), maxAttempts: 3 } });
    failFirst = 100;
    await service.putRule('disk-almost-full', { enabled: true, severity: 'warning', holdDownSec: 0, params: { kind: 'disk-almost-full', minFreePercent: 60 } }, 'admin1');
    await send(service, 'K03', report(clock));
    for (let i = 0; i < 20; i++) {
      await service.webhook?.runOnce();
      clock.advance(60_000);
    }
    expect(received).toHaveLength(3);
    expect(await deliveryCounts(test.db)).toEqual({ pending: 0, delivered: 0, failed: 1 });
    await service.close();
  });
});
