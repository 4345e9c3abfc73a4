// The fleet's staff routes on every engine (PGlite and PostgreSQL files call this), over HTTP
// (inject) on one hub:
//  - roles: operations staff may read the fleet, acknowledge and resolve alerts, issue
//    commands, publish releases and run rollouts, and set the alert webhook; experts and
//    tellers are refused (403) on each of these routes; operations are refused what serves
//    customers (follow-up cases, branch tickets, calls) and what only admins do;
//  - the alert webhook: validated settings, a write-only secret sealed at rest, each change
//    and test audited, a test send a local receiver can verify, and changes that apply to the
//    next delivery without a restart.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ASSIST_PATHS, type StaffRole } from '../../protocol/assist-values.js';
import { BRANCH_QUEUE_PATHS } from '../../protocol/branch-queue.js';
import { FLEET_COMMAND_PATHS } from '../../protocol/fleet-commands.js';
import { alertChangesResponseSchema, FLEET_PATHS, WEBHOOK_HEADERS, webhookBodySchema } from '../../protocol/fleet-alerts.js';
import type { HealthReport } from '../../protocol/fleet-health.js';
import { FLEET_WEBHOOK_PATHS, webhookAuditResponseSchema, webhookSettingsSchema, webhookTestBodySchema, webhookTestResultSchema } from '../../protocol/fleet-webhook.js';
import { FOLLOW_UP_PATHS } from '../../protocol/follow-ups.js';
import { SOFTWARE_UPDATE_PATHS } from '../../protocol/software-updates.js';
import { DEFAULT_ASSIST_CONFIG } from '../assist/assist-config.js';
import { createAssist, type Assist } from '../assist/assist-hub.node.js';
import { FakeClock } from '../assist/testing/fake-clock.js';
import { createTestStaff, loginTestStaff, TEST_SCRYPT_COST, TEST_SECRET_KEY } from '../assist/testing/staff-fixtures.js';
import { hubSecretKey } from '../auth/hub-secret-key.node.js';
import { createBranchQueueStore } from '../branch-queue/branch-queue-store.js';
import { createFollowUpStore } from '../follow-ups/follow-up-store.js';
import { buildHub } from '../server.js';
import type { Database } from '../storage/queryable.js';
import { enrollTestKiosk, TEST_TOKENS } from '../testing/kiosk-auth.js';
import type { TestDatabase } from '../testing/test-databases.node.js';
import { openTestStores } from '../testing/test-hub.js';
import { uniqueKioskId } from '../testing/transaction-items.js';
import { CommandService } from './commands/command-service.js';
import { commandSigner } from './commands/command-signer.node.js';
import { DEFAULT_FLEET_CONFIG } from './fleet-config.js';
import { FleetService } from './fleet-service.js';
import { UpdateService } from './updates/update-service.js';
import { openWebhookSecret } from './webhook-secret.node.js';
import { signWebhook } from './webhook-sender.node.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';
const ROLES = ['operations', 'supervisor', 'admin', 'expert', 'teller'] as const satisfies readonly StaffRole[];
const SHA = `${'B'.repeat(86)}==`;
const WINDOW = { from: '02:00', to: '05:00', timeZone: 'Asia/Shanghai' };
const SECRET = 'first webhook secret, 32 chars!';
const SECRET_2 = 'second webhook secret, also long';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export function describeFleetRoutesContract(engine: 'pglite' | 'postgres', open: () => Promise<TestDatabase>): void {
  describe(`fleet staff routes on ${engine}`, () => {
    let testDb: TestDatabase;
    let db: Database;
    let assist: Assist;
    let fleet: FleetService;
    let app: FastifyInstance;
    let receiver: Server;
    let receiverUrl: string;
    const received: Received[] = [];
    let answerStatus = 200;
    const clock = new FakeClock(Date.UTC(2026, 11, 4, 9, 0, 0));
    const tokens = {} as Record<(typeof ROLES)[number], string>;
    const staffIds = {} as Record<(typeof ROLES)[number], string>;

    beforeAll(async () => {
      testDb = await open();
      db = testDb.db;
      const stores = await openTestStores(db);
      const logger = pino({ level: 'silent' });
      assist = await createAssist({ db, config: DEFAULT_ASSIST_CONFIG, logger, clock, scryptCost: TEST_SCRYPT_COST, secretKey: TEST_SECRET_KEY });
      fleet = new FleetService({ db, clock, logger, config: DEFAULT_FLEET_CONFIG, ruleCacheMs: 0, secretKey: TEST_SECRET_KEY });
      const signer = commandSigner(TEST_SECRET_KEY);
      const commands = new CommandService({ db, signer, clock, logger });
      const updates = new UpdateService({ db, signer, clock, logger });
      app = buildHub({
        store: stores.store,
        staffStore: stores.staffStore,
        auth: { store: stores.authStore, tokens: TEST_TOKENS },
        assist,
        branchQueue: await createBranchQueueStore(db, clock),
        followUps: createFollowUpStore(db, clock),
        operations: { fleet, commands, updates },
      });
      for (const role of ROLES) {
        const who = await createTestStaff(assist.staffAuth, { role, displayName: `The ${role}` });
        clock.advanceSec(30);
        tokens[role] = await loginTestStaff(assist.staffAuth, clock, who);
        staffIds[role] = who.staff.staffId;
      }
      receiver = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          received.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
          response.writeHead(answerStatus).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await fleet?.close();
      await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
      await testDb?.dispose();
    });
    beforeEach(() => {
      received.length = 0;
      answerStatus = 200;
    });

    const call = (role: (typeof ROLES)[number] | null, method: Method, url: string, payload?: unknown) =>
      app.inject({ method, url, headers: role ? { authorization: `Bearer ${tokens[role]}` } : {}, ...(payload === undefined ? {} : { payload: payload as object }) });

    describe('who may do what', () => {
      let kioskId: string;
      let version: string;
      let rolloutId: string;
      const routes: { name: string; method: Method; url: () => string; body?: () => unknown; allowed: readonly (typeof ROLES)[number][] }[] = [];
      const fleetRoles = ['operations', 'supervisor', 'admin'] as const;
      const add = (name: string, method: Method, url: () => string, allowed: readonly (typeof ROLES)[number][] = fleetRoles, body?: () => unknown) =>
        routes.push({ name, method, url, allowed, ...(body ? { body } : {}) });
      const anAlert = () => FLEET_PATHS.acknowledge.replace(':alertId', globalThis.crypto.randomUUID());
      let counter = 0;
      const nextVersion = () => `5.${(counter += 1)}.0`;
      add('kiosks', 'GET', () => FLEET_PATHS.kiosks);
      add('kiosk history', 'GET', () => FLEET_PATHS.kioskHistory.replace(':kioskId', kioskId));
      add('alerts', 'GET', () => FLEET_PATHS.alerts);
      add('alert changes (long poll)', 'GET', () => `${FLEET_PATHS.alertChanges}?waitSec=0`);
      add('acknowledge', 'POST', anAlert);
      add('resolve', 'POST', () => FLEET_PATHS.resolve.replace(':alertId', globalThis.crypto.randomUUID()));
      add('rules', 'GET', () => FLEET_PATHS.rules);
      add('issue a command', 'POST', () => FLEET_COMMAND_PATHS.issue.replace(':kioskId', kioskId), fleetRoles, () => ({ params: { kind: 'reload-ui' } }));
      add('list commands', 'GET', () => FLEET_COMMAND_PATHS.list.replace(':kioskId', kioskId));
      add('diagnostics', 'GET', () => FLEET_COMMAND_PATHS.diagnostics.replace(':commandId', globalThis.crypto.randomUUID()));
      add('command audit', 'GET', () => FLEET_COMMAND_PATHS.audit.replace(':commandId', globalThis.crypto.randomUUID()));
      add('publish a release', 'POST', () => SOFTWARE_UPDATE_PATHS.releases, fleetRoles, () => ({ version: nextVersion(), channel: 'stable', url: 'https://hub.example/r.tar.gz', sha512: SHA, size: 10 }));
      add('releases', 'GET', () => SOFTWARE_UPDATE_PATHS.releases);
      add('start a rollout', 'POST', () => SOFTWARE_UPDATE_PATHS.rollouts, fleetRoles, () => ({ version, target: { percentage: 5 }, window: WINDOW }));
      add('rollouts', 'GET', () => SOFTWARE_UPDATE_PATHS.rollouts);
      add('pause a rollout', 'PATCH', () => SOFTWARE_UPDATE_PATHS.rollout.replace(':rolloutId', rolloutId), fleetRoles, () => ({ paused: true }));
      add('who runs what', 'GET', () => SOFTWARE_UPDATE_PATHS.versions);
      add('webhook settings', 'GET', () => FLEET_WEBHOOK_PATHS.settings, ['operations', 'admin']);
      add('change the webhook', 'PUT', () => FLEET_WEBHOOK_PATHS.settings, ['operations', 'admin'], () => ({ url: `${receiverUrl}/roles`, secret: SECRET, kinds: ['kiosk-offline'], enabled: false }));
      add('test the webhook', 'POST', () => FLEET_WEBHOOK_PATHS.test, ['operations', 'admin']);
      add('webhook audit', 'GET', () => FLEET_WEBHOOK_PATHS.audit, ['operations', 'admin']);

      beforeAll(async () => {
        kioskId = (await enrollTestKiosk((await openTestStores(db)).authStore, uniqueKioskId(), 'BR-ROLES')).kioskId;
        version = nextVersion();
        expect((await call('admin', 'POST', SOFTWARE_UPDATE_PATHS.releases, { version, channel: 'stable', url: 'https://hub.example/v.tar.gz', sha512: SHA, size: 10 })).statusCode).toBe(201);
        const started = await call('admin', 'POST', SOFTWARE_UPDATE_PATHS.rollouts, { version, target: { branches: ['BR-ROLES'] }, window: WINDOW });
        rolloutId = (started.json() as { rolloutId: string }).rolloutId;
      });

      it.each(routes.map((route) => [route.name, route] as const))('%s: allowed roles pass the guard, the others get 403, nobody signed in 401', async (_name, route) => {
        for (const role of ROLES) {
          const res = await call(role, route.method, route.url(), route.body?.());
          if (route.allowed.includes(role)) {
            // Past the guard: the route itself answered (found, made, or an honest 404/409).
            expect([200, 201, 204, 404, 409], `${role} ${route.method} ${route.name}: ${res.body}`).toContain(res.statusCode);
          } else {
            expect(res.statusCode, `${role} ${route.method} ${route.name}`).toBe(403);
          }
        }
        expect((await call(null, route.method, route.url(), route.body?.())).statusCode).toBe(401);
      });

      it('operations staff do what they are for: a command is issued in their name, a release published, a rollout paused', async () => {
        const issued = await call('operations', 'POST', FLEET_COMMAND_PATHS.issue.replace(':kioskId', kioskId), { params: { kind: 'reload-ui' } });
        expect(issued.statusCode).toBe(201);
        expect(issued.json()).toMatchObject({ issuedBy: staffIds.operations, issuedByName: 'The operations' });
        const published = await call('operations', 'POST', SOFTWARE_UPDATE_PATHS.releases, { version: nextVersion(), channel: 'beta', url: 'https://hub.example/b.tar.gz', sha512: SHA, size: 10 });
        expect(published.statusCode).toBe(201);
        expect(published.json()).toMatchObject({ createdBy: staffIds.operations, createdByName: 'The operations' });
        const listed = (await call('operations', 'GET', SOFTWARE_UPDATE_PATHS.releases)).json() as { releases: { version: string; createdByName: string | null }[] };
        expect(listed.releases.find((r) => r.version === (published.json() as { version: string }).version)?.createdByName).toBe('The operations');
        const paused = await call('operations', 'PATCH', SOFTWARE_UPDATE_PATHS.rollout.replace(':rolloutId', rolloutId), { paused: true });
        expect(paused.statusCode).toBe(200);
        expect(paused.json()).toMatchObject({ paused: true });
      });

      it('operations staff take no customers and edit no rules or accounts; they may sign out and read who they are', async () => {
        const refused: [Method, string, unknown?][] = [
          ['GET', FOLLOW_UP_PATHS.list],
          ['GET', BRANCH_QUEUE_PATHS.snapshot.replace(':branchId', 'BR-ROLES')],
          ['POST', BRANCH_QUEUE_PATHS.tickets, { ticketId: globalThis.crypto.randomUUID(), branchId: 'BR-ROLES', serviceId: 'deposit', number: 'A001', serviceClass: 'regular' }],
          ['POST', ASSIST_PATHS.quality.replace(':sessionId', globalThis.crypto.randomUUID()), { samples: [{ at: new Date().toISOString(), rttMs: 1, jitterMs: 1, packetLossPct: 0 }] }],
          ['PUT', FLEET_PATHS.rule.replace(':ruleId', 'kiosk-offline'), { enabled: true, severity: 'critical', holdDownSec: 0, params: { kind: 'kiosk-offline', offlineMinutes: 5 } }],
          ['POST', ASSIST_PATHS.staffUsers, { username: 'made.by.ops', displayName: 'X', role: 'operations', password: 'long enough password' }],
        ];
        for (const [method, url, body] of refused) expect((await call('operations', method, url, body)).statusCode, `${method} ${url}`).toBe(403);
        const me = await call('operations', 'GET', ASSIST_PATHS.staffMe);
        expect(me.statusCode).toBe(200);
        expect(me.json()).toMatchObject({ staff: { role: 'operations' } });
      });

      it('an admin creates an operations account (the database takes the role) and it signs in', async () => {
        const res = await call('admin', 'POST', ASSIST_PATHS.staffUsers, { username: `ops-${engine}-${Date.now().toString(36)}`, displayName: 'Ops Two', role: 'operations', password: 'operations password 1' });
        expect(res.statusCode).toBe(201);
        expect(res.json()).toMatchObject({ staff: { role: 'operations' } });
        const { rows } = await db.query<{ role: string }>('SELECT role FROM staff_users WHERE staff_id = $1', [(res.json() as { staff: { staffId: string } }).staff.staffId]);
        expect(rows[0]?.role).toBe('operations');
        await expect(db.query(`UPDATE staff_users SET role = 'janitor' WHERE staff_id = $1`, [staffIds.teller])).rejects.toThrow(/staff_users_role_check/);
      });
    });

    describe('alert changes by long poll (consoles without the call socket)', () => {
      const changes = async (query: string) => {
        const res = await call('operations', 'GET', `${FLEET_PATHS.alertChanges}?${query}`);
        expect(res.statusCode, res.body).toBe(200);
        return alertChangesResponseSchema.parse(res.json());
      };
      const diskReport = (freePercent: number): HealthReport => ({
        version: '1.4.0',
        startedAt: '2026-12-04T08:00:00.000Z',
        at: new Date(clock.now()).toISOString(),
        devices: [],
        outbox: { backlog: 0, oldestPendingAt: null, lastSyncAt: null, rejected: 0 },
        host: { diskFreeBytes: freePercent, diskTotalBytes: 100, memFreeBytes: 1, memTotalBytes: 2, uptimeSec: 1 },
      });

      beforeAll(async () => {
        await fleet.putRule('disk-almost-full', { enabled: true, severity: 'warning', holdDownSec: 0, params: { kind: 'disk-almost-full', minFreePercent: 10 } }, staffIds.admin);
      });

      it('without a cursor answers at once with one; then waits for the next event and returns it; a bad query is refused', async () => {
        const first = await changes('waitSec=25');
        expect(first.notices).toEqual([]);
        expect(first.at).toBe(new Date(clock.now() - 1).toISOString());
        clock.advanceSec(1);
        const kioskId = uniqueKioskId();
        const waiting = changes(`since=${encodeURIComponent(first.at)}&waitSec=10`);
        // The poll is parked until something happens.
        const parked = await Promise.race([waiting.then(() => 'answered'), new Promise((resolve) => setTimeout(() => resolve('parked'), 300))]);
        expect(parked).toBe('parked');
        fleet.report(kioskId, diskReport(5));
        await fleet.flush();
        const answer = await waiting;
        expect(answer.notices.map((n) => [n.event, n.alert.kind, n.alert.kioskId])).toEqual([['alert.raised', 'disk-almost-full', kioskId]]);
        // The next poll from the answer's cursor sees only what came after: an acknowledgement.
        const alertId = answer.notices[0]?.alert.alertId ?? '';
        clock.advanceSec(1);
        expect((await call('operations', 'POST', FLEET_PATHS.acknowledge.replace(':alertId', alertId))).statusCode).toBe(200);
        const next = await changes(`since=${encodeURIComponent(answer.at)}&waitSec=0`);
        expect(next.notices.map((n) => [n.event, n.alert.alertId, n.alert.acknowledgedByName])).toEqual([['alert.acknowledged', alertId, 'The operations']]);
        expect((await changes(`since=${encodeURIComponent(next.at)}&waitSec=0`)).notices).toEqual([]);
        for (const bad of ['waitSec=31', 'since=yesterday', 'waitSec=1&x=1']) expect((await call('operations', 'GET', `${FLEET_PATHS.alertChanges}?${bad}`)).statusCode, bad).toBe(400);
      });

      it('a change stamped in the same millisecond as the cursor handed out comes with the next poll', async () => {
        clock.advanceSec(1);
        const cursor = await changes('waitSec=0');
        // The clock has not moved: the alert's time is the millisecond the cursor was taken in.
        const kioskId = uniqueKioskId();
        fleet.report(kioskId, diskReport(5));
        await fleet.flush();
        const next = await changes(`since=${encodeURIComponent(cursor.at)}&waitSec=0`);
        expect(next.notices.map((n) => [n.event, n.alert.kioskId])).toEqual([['alert.raised', kioskId]]);
        expect(Date.parse(next.notices[0]?.alert.raisedAt ?? '')).toBe(clock.now());
      });

      it('a parked poll ends when the hub closes instead of holding the shutdown', async () => {
        const since = new Date(clock.now()).toISOString();
        const hub = buildHub({
          store: (await openTestStores(db)).store,
          staffStore: (await openTestStores(db)).staffStore,
          auth: { store: (await openTestStores(db)).authStore, tokens: TEST_TOKENS },
          assist,
          operations: { fleet },
        });
        const parked = hub.inject({ method: 'GET', url: `${FLEET_PATHS.alertChanges}?since=${encodeURIComponent(since)}&waitSec=30`, headers: { authorization: `Bearer ${tokens.operations}` } });
        await new Promise((resolve) => setTimeout(resolve, 200));
        const started = Date.now();
        await hub.close();
        const res = await parked;
        expect(res.statusCode).toBe(200);
        expect(Date.now() - started).toBeLessThan(5_000);
      });
    });

    describe('the alert webhook', () => {
      const settingsOf = async (role: 'operations' | 'admin' = 'operations') => {
        const res = await call(role, 'GET', FLEET_WEBHOOK_PATHS.settings);
        expect(res.statusCode).toBe(200);
        expect(res.body).not.toContain(SECRET);
        expect(res.body).not.toContain(SECRET_2);
        return webhookSettingsSchema.parse(res.json());
      };
      const put = (body: object, role: 'operations' | 'admin' = 'operations') => call(role, 'PUT', FLEET_WEBHOOK_PATHS.settings, body);
      const report = (freePercent: number): HealthReport => ({
        version: '1.4.0',
        startedAt: '2026-12-04T08:00:00.000Z',
        at: new Date(clock.now()).toISOString(),
        devices: [],
        outbox: { backlog: 0, oldestPendingAt: null, lastSyncAt: null, rejected: 0 },
        host: { diskFreeBytes: freePercent, diskTotalBytes: 100, memFreeBytes: 1, memTotalBytes: 2, uptimeSec: 1 },
      });
      /** Raises (nearly full disk) then resolves one disk alert on a fresh kiosk; returns its id. */
      async function diskAlertRaisedAndCleared(): Promise<string> {
        const kioskId = uniqueKioskId();
        fleet.report(kioskId, report(5));
        await fleet.flush();
        fleet.report(kioskId, report(80));
        await fleet.flush();
        return kioskId;
      }
      /** One alert's events leave in order, one round each: run rounds until none is due. */
      const drain = async () => {
        for (let round = 0; round < 10 && (await fleet.webhook.runOnce()) > 0; round++);
      };
      const verified = (r: Received, secret: string) => r.headers[WEBHOOK_HEADERS.signature] === signWebhook(secret, Number(r.headers[WEBHOOK_HEADERS.timestamp]), r.body);

      beforeAll(async () => {
        // Disk alerts with no hold-down, so one report raises one.
        await fleet.putRule('disk-almost-full', { enabled: true, severity: 'warning', holdDownSec: 0, params: { kind: 'disk-almost-full', minFreePercent: 10 } }, staffIds.admin);
        await db.exec('DELETE FROM fleet_webhook_settings');
      });

      it('refuses what is not a webhook: plain http to another host, a password in the URL, no kinds, unknown fields, no secret yet', async () => {
        // The other describe's PUT saved nothing usable: start clean.
        await db.exec('DELETE FROM fleet_webhook_settings');
        const good = { url: `${receiverUrl}/hook`, secret: SECRET, kinds: ['disk-almost-full'], enabled: true };
        for (const bad of [
          { ...good, url: 'not a url' },
          { ...good, url: 'http://tickets.example/hook' },
          { ...good, url: 'https://user:pw@tickets.example/hook' },
          { ...good, url: 'ftp://127.0.0.1/hook' },
          { ...good, kinds: [] },
          { ...good, kinds: ['disk-almost-full', 'disk-almost-full'] },
          { ...good, kinds: ['coffee-machine-empty'] },
          { ...good, secret: 'short' },
          { ...good, extra: 1 },
        ]) {
          expect((await put(bad)).statusCode, JSON.stringify(bad)).toBe(400);
        }
        const { secret: _omitted, ...withoutSecret } = good;
        expect((await put(withoutSecret)).statusCode).toBe(400);
        expect(await settingsOf()).toMatchObject({ source: 'none', secretSet: false, url: null });
        expect((await call('operations', 'POST', FLEET_WEBHOOK_PATHS.test)).statusCode).toBe(409);
      });

      it('saves the settings with a sealed secret that no answer carries, audited with who and when', async () => {
        const saved = await put({ url: `${receiverUrl}/hook`, secret: SECRET, kinds: ['disk-almost-full'], enabled: true });
        expect(saved.statusCode).toBe(200);
        expect(saved.body).not.toContain(SECRET);
        const settings = await settingsOf('admin');
        expect(settings).toEqual({
          source: 'hub',
          url: `${receiverUrl}/hook`,
          kinds: ['disk-almost-full'],
          enabled: true,
          secretSet: true,
          updatedAt: new Date(clock.now()).toISOString(),
          updatedBy: staffIds.operations,
          updatedByName: 'The operations',
        });
        const { rows } = await db.query<{ secret_sealed: string }>('SELECT secret_sealed FROM fleet_webhook_settings');
        const sealed = rows[0]?.secret_sealed ?? '';
        expect(sealed.startsWith(`enc1:${TEST_SECRET_KEY.kid}:`)).toBe(true);
        expect(sealed).not.toContain(SECRET);
        expect(openWebhookSecret(TEST_SECRET_KEY, sealed)).toBe(SECRET);
        const audit = await call('admin', 'GET', `${FLEET_WEBHOOK_PATHS.audit}?limit=1`);
        expect(audit.statusCode).toBe(200);
        expect(audit.body).not.toContain(SECRET);
        const { trail } = webhookAuditResponseSchema.parse(audit.json());
        expect(trail).toEqual([
          { event: 'changed', actor: staffIds.operations, actorName: 'The operations', at: new Date(clock.now()).toISOString(), detail: { url: `${receiverUrl}/hook`, kinds: ['disk-almost-full'], enabled: true, secretChanged: true } },
        ]);
      });

      it('a hub instance with another secret key cannot open the secret: it sends nothing and says so once', async () => {
        await put({ url: `${receiverUrl}/hook`, secret: SECRET, kinds: ['disk-almost-full'], enabled: true });
        const lines: string[] = [];
        const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(line) });
        const other = new FleetService({ db, clock, logger, config: DEFAULT_FLEET_CONFIG, ruleCacheMs: 0, secretKey: hubSecretKey(Buffer.alloc(32, 9), 'env') });
        expect(await other.webhookSettings.target()).toBeNull();
        expect(await other.webhookSettings.target()).toBeNull();
        expect(lines.filter((line) => line.includes('webhook secret does not open'))).toHaveLength(1);
        expect(lines.join('')).not.toContain(SECRET);
        expect((await fleet.webhookSettings.target())?.secret).toBe(SECRET);
        await other.close();
      });

      it('sends a signed test body the receiver can verify, and says when the receiver refuses', async () => {
        await put({ url: `${receiverUrl}/hook`, secret: SECRET, kinds: ['disk-almost-full'], enabled: true });
        const res = await call('admin', 'POST', FLEET_WEBHOOK_PATHS.test);
        expect(res.statusCode).toBe(200);
        const result = webhookTestResultSchema.parse(res.json());
        expect(result).toMatchObject({ ok: true, status: 200, error: null });
        expect(received).toHaveLength(1);
        const [got] = received as [Received];
        expect(webhookTestBodySchema.parse(JSON.parse(got.body))).toMatchObject({ event: 'webhook.test', deliveryId: result.deliveryId, by: staffIds.admin });
        expect(verified(got, SECRET)).toBe(true);
        expect(verified(got, SECRET_2)).toBe(false);
        answerStatus = 503;
        expect(webhookTestResultSchema.parse((await call('operations', 'POST', FLEET_WEBHOOK_PATHS.test)).json())).toMatchObject({ ok: false, status: 503, error: 'HTTP 503' });
        expect((await fleet.webhookSettings.auditTrail(2)).map((a) => [a.event, a.actor])).toEqual([
          ['tested', staffIds.operations],
          ['tested', staffIds.admin],
        ]);
      });

      it('a change applies to the next alert without a restart: new URL and secret, kinds filtered, off means nothing is queued', async () => {
        await put({ url: `${receiverUrl}/first`, secret: SECRET, kinds: ['disk-almost-full'], enabled: true });
        const first = await diskAlertRaisedAndCleared();
        await drain();
        expect(received.map((r) => [r.path, webhookBodySchema.parse(JSON.parse(r.body)).event, webhookBodySchema.parse(JSON.parse(r.body)).alert.kioskId])).toEqual([
          ['/first', 'alert.raised', first],
          ['/first', 'alert.resolved', first],
        ]);
        expect(received.every((r) => verified(r, SECRET))).toBe(true);

        received.length = 0;
        expect((await put({ url: `${receiverUrl}/second`, secret: SECRET_2, kinds: ['disk-almost-full', 'kiosk-offline'], enabled: true }, 'admin')).statusCode).toBe(200);
        const second = await diskAlertRaisedAndCleared();
        await drain();
        expect(received.map((r) => r.path)).toEqual(['/second', '/second']);
        expect(received.every((r) => verified(r, SECRET_2) && !verified(r, SECRET))).toBe(true);
        expect(received.every((r) => webhookBodySchema.parse(JSON.parse(r.body)).alert.kioskId === second)).toBe(true);

        // Keeping the secret (none sent) and subscribing another kind: disk alerts are not queued.
        received.length = 0;
        expect((await put({ url: `${receiverUrl}/second`, kinds: ['kiosk-offline'], enabled: true })).statusCode).toBe(200);
        expect(openWebhookSecret(TEST_SECRET_KEY, (await db.query<{ secret_sealed: string }>('SELECT secret_sealed FROM fleet_webhook_settings')).rows[0]?.secret_sealed ?? '')).toBe(SECRET_2);
        await diskAlertRaisedAndCleared();
        expect(Number((await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM fleet_webhook_deliveries WHERE state = 'pending'`)).rows[0]?.n)).toBe(0);

        // Off: nothing queued, even for a subscribed kind.
        expect((await put({ url: `${receiverUrl}/second`, kinds: ['disk-almost-full'], enabled: false })).statusCode).toBe(200);
        await diskAlertRaisedAndCleared();
        await drain();
        expect(received).toEqual([]);
        expect(Number((await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM fleet_webhook_deliveries WHERE state = 'pending'`)).rows[0]?.n)).toBe(0);
      });
    });
  });
}
