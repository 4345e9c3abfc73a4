// startHub's `coreBanking` option over real HTTP: the demo by default (its card key kept across a
// restart of a data directory), 'none' serves no banking routes, and a bank's own adapter is
// what the routes reach.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cardKeySchema } from '../../protocol/card-security.js';
import { billersResponseSchema, type Biller } from '../../protocol/core-banking.js';
import { enrollLocalKiosk } from '../auth/enroll-local.node.js';
import { startHub, type RunningHub } from '../start-hub.node.js';
import { signedFetch, TEST_TOKENS } from '../testing/kiosk-auth.js';
import { uniqueKioskId } from '../testing/transaction-items.js';
import type { CoreBankingAdapter } from './core-banking-adapter.js';

const auth = { tokens: TEST_TOKENS };
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function getAs(hub: RunningHub, url: string): Promise<Response> {
  const credentials = await enrollLocalKiosk(hub, uniqueKioskId());
  return signedFetch(hub.url, credentials, { method: 'GET', url });
}

describe('startHub coreBanking', () => {
  it('serves the demo bank by default, with one card key across restarts', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'hub-bank-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    // No secretKey given: the hub secret key that seals the card key comes from the data directory's key file.
    const first = await startHub({ port: 0, host: '127.0.0.1', dataDir, auth });
    const key = cardKeySchema.parse(await (await getAs(first, '/v1/banking/card-key')).json());
    const billers = billersResponseSchema.parse(await (await getAs(first, '/v1/banking/billers')).json()).billers;
    expect(billers).toHaveLength(4);
    await first.close();
    const second = await startHub({ port: 0, host: '127.0.0.1', dataDir, auth });
    cleanups.push(() => second.close());
    expect(cardKeySchema.parse(await (await getAs(second, '/v1/banking/card-key')).json())).toEqual(key);
  });

  it("serves no banking routes with 'none'", async () => {
    const hub = await startHub({ port: 0, host: '127.0.0.1', dataDir: 'memory://', auth, coreBanking: 'none' });
    cleanups.push(() => hub.close());
    expect((await getAs(hub, '/v1/banking/billers')).status).toBe(404);
  });

  it("routes to a bank's own adapter given as a factory, and closes it with the hub", async () => {
    let closed = false;
    const biller: Biller = { billerId: 'acme-gas', category: 'gas', name: { 'zh-CN': '燃气费', en: 'Gas' }, referenceLabel: { 'zh-CN': '户号', en: 'Account' }, referencePattern: '^\\d{6}$', fee: { minor: 0, currency: 'CNY' } };
    const acme = { name: 'acme', listBillers: async () => [biller], close: async () => void (closed = true) } as unknown as CoreBankingAdapter;
    const hub = await startHub({ port: 0, host: '127.0.0.1', dataDir: 'memory://', auth, coreBanking: async ({ db }) => (await db.query('SELECT 1'), acme) });
    expect(billersResponseSchema.parse(await (await getAs(hub, '/v1/banking/billers')).json()).billers).toEqual([biller]);
    await hub.close();
    expect(closed).toBe(true);
  });
});
