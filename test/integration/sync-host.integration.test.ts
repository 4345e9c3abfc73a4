// The transaction pipeline as the host runs it, over the bridge: offline rules and
// back-pressure visible before a customer starts, STORAGE_FULL with an alert to the hub, and
// the backlog (alert included) delivered once a hub on PostgreSQL is reachable.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../electron/host/config.js';
import { silentLogger } from '../../electron/host/log.node.js';
import { startHost, type KioskHost } from '../../electron/host/start-host.node.js';
import { STORAGE_ALERT } from '../../electron/host/sync-setup.node.js';
import { startHubOnPostgres, type HubFixture } from '../chaos/hub-on-postgres.node.js';

let hub: HubFixture;
let host: KioskHost;

async function call(method: string, params: unknown = {}) {
  const env = await host.dispatch(method, params);
  if (!env.ok) throw Object.assign(new Error(env.error.message), { code: env.error.code });
  return env.result as Record<string, unknown>;
}

beforeAll(async () => {
  hub = await startHubOnPostgres();
  await hub.stop(); // the kiosk starts offline
  const config = loadConfig({
    env: {},
    file: null,
    overrides: { kioskId: 'K-SYNC', ticketPrefix: '7', dataDir: mkdtempSync(path.join(os.tmpdir(), 'bk-synchost-')), hubUrl: hub.url, syncIntervalMs: 60_000, outbox: { maxBacklog: 3, requestTimeoutMs: 2_000 } },
  });
  host = await startHost({ config, logger: silentLogger() });
});

afterAll(async () => {
  await host?.close();
  await hub?.dispose();
});

describe('kiosk transaction pipeline over the bridge', () => {
  it('tells the page, before anyone starts, what is unavailable offline', async () => {
    await host.syncNow();
    const availability = (await call('services.availability')) as { online: boolean; services: { type: string; available: boolean; reason?: string }[] };
    expect(availability.online).toBe(false);
    expect(availability.services).toContainEqual({ type: 'queue.ticket.issued', available: true });
    expect(availability.services).toContainEqual({ type: 'account.open', available: false, reason: 'OFFLINE_NOT_ALLOWED' });
    expect(availability.services).toContainEqual({ type: 'bill.payment', available: false, reason: 'OFFLINE_LIMIT' });
  });

  it('refuses with STORAGE_FULL at the backlog limit and queues one alert for the hub', async () => {
    for (let i = 0; i < 3; i++) await call('queue.issueTicket', { serviceId: 'deposits', locale: 'en' });
    await expect(call('queue.issueTicket', { serviceId: 'deposits', locale: 'en' })).rejects.toMatchObject({ code: 'STORAGE_FULL' });
    await expect(call('queue.issueTicket', { serviceId: 'loans', locale: 'en' })).rejects.toMatchObject({ code: 'STORAGE_FULL' });
    const availability = (await call('services.availability')) as { services: { type: string; reason?: string }[] };
    expect(availability.services.find((s) => s.type === 'queue.ticket.issued')).toMatchObject({ available: false, reason: 'STORAGE_FULL' });
    await host.syncNow();
    expect(await call('sync.status')).toMatchObject({ online: false, backlog: 4 });
  });

  it('delivers the backlog and the alert once the hub is back, and takes tickets again', async () => {
    await hub.start();
    await host.syncNow();
    expect(await call('sync.status')).toMatchObject({ online: true, backlog: 0, rejected: 0 });
    const rows = await hub.rows('K-SYNC');
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(rows.map((r) => r.type)).toEqual(['queue.ticket.issued', 'queue.ticket.issued', 'queue.ticket.issued', STORAGE_ALERT]);
    const availability = (await call('services.availability')) as { online: boolean; services: { available: boolean }[] };
    expect(availability.online).toBe(true);
    expect(availability.services.every((s) => s.available)).toBe(true);
    await call('queue.issueTicket', { serviceId: 'deposits', locale: 'en' });
    await host.syncNow();
    expect((await hub.rows('K-SYNC')).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
  });
});
