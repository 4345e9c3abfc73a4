// The queue catalog from head office to the kiosk screen: an admin publishes the branch's
// services to a real hub, the real host pulls them (signed) on its next sync, and the page's
// `queue.services` request and ticket issuing both use them.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueService } from '../../electron/bridge/contract.js';
import { loadConfig } from '../../electron/host/config.js';
import { silentLogger } from '../../electron/host/log.node.js';
import { defaultQueueServices } from '../../electron/host/queue-catalog.js';
import { startHost, type KioskHost } from '../../electron/host/start-host.node.js';
import { HUB_API_PATHS, QUEUE_SERVICES_KEY, publishChangeResponseSchema } from '../../protocol/hub-api.js';
import { freePort } from '../../scripts/start-helpers.js';
import { startTestHub, type TestHub } from '../support/enrolled-hub.js';

const KIOSK_ID = 'K-CAT';
const BRANCH_ID = 'BR-CATALOG';
const adminToken = randomBytes(32).toString('base64url');

const branchCatalog: QueueService[] = [
  { id: 'cards', prefix: 'K', name: { 'zh-CN': '银行卡业务', en: 'Cards' }, vip: false },
  { id: 'wealth', prefix: 'W', name: { 'zh-CN': '理财业务', en: 'Wealth management' }, vip: true },
];

let host: KioskHost;
let hub: TestHub | null = null;
let dataDir: string;
let hubPort: number;

async function call(method: string, params: unknown = {}) {
  const env = await host.dispatch(method, params);
  if (!env.ok) throw Object.assign(new Error(`${env.error.code}: ${env.error.message}`), { code: env.error.code });
  return env.result;
}

beforeAll(async () => {
  hubPort = await freePort(0);
  const config = loadConfig({
    env: {},
    file: null,
    overrides: {
      kioskId: KIOSK_ID,
      branchId: BRANCH_ID,
      ticketPrefix: '5',
      dataDir: (dataDir = mkdtempSync(path.join(os.tmpdir(), 'bk-catalog-'))),
      hubUrl: `http://127.0.0.1:${hubPort}`,
      syncIntervalMs: 60_000,
      devices: [],
    },
  });
  // Started before the hub: the kiosk's first sync fails, so no pull is scheduled ahead of
  // the one this test asks for.
  host = await startHost({ config, logger: silentLogger() });
});

afterAll(async () => {
  await host?.close();
  await hub?.close();
});

describe('queue catalog pulled from the hub (real hub + real host)', () => {
  it('offers the built-in services before the kiosk has ever reached the hub', async () => {
    expect(await call('queue.services')).toEqual(defaultQueueServices);
  });

  it("offers the branch's catalog once an admin published it and the kiosk synced", async () => {
    hub = await startTestHub({ port: hubPort, adminToken });
    const res = await fetch(`${hub.hub.url}${HUB_API_PATHS.adminChanges}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ scope: { kind: 'branch', branchId: BRANCH_ID }, kind: 'catalog', key: QUEUE_SERVICES_KEY, value: branchCatalog }),
    });
    expect(res.status).toBe(201);
    expect(publishChangeResponseSchema.parse(await res.json()).version).toBe(1);
    // Enrolled only now: until then the kiosk's requests are unsigned and refused, so none
    // of its background retries can pull before this test's sync.
    await hub.enroll(KIOSK_ID, dataDir);

    await host.syncNow();
    expect(await call('sync.status')).toMatchObject({ online: true });
    expect(await call('queue.services')).toEqual(branchCatalog);
  });

  it('issues tickets for the pulled services and refuses the retired default ones', async () => {
    const issued = (await call('queue.issueTicket', { serviceId: 'wealth', locale: 'en' })) as { ticket: { number: string; serviceId: string } };
    expect(issued.ticket).toMatchObject({ number: 'W5001', serviceId: 'wealth' });
    await expect(call('queue.issueTicket', { serviceId: 'deposits', locale: 'en' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
