// What `npm start` runs, for the journey-latency benchmark: the embedded hub with the demo bank,
// the kiosk host with every bill-payment device simulated through its real driver, and the
// built kiosk page. Unlike test/e2e/stack.ts it keeps the demo bank's database at hand, so each
// iteration can pay the same bill again (the bank marks a bill paid), and it lifts the per-kiosk
// banking rates, which would otherwise refuse a second card check within 6 s by design.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../electron/host/config.js';
import { openCredentialsStore } from '../../electron/host/kiosk-credentials.node.js';
import { silentLogger } from '../../electron/host/log.node.js';
import { servePage, type PageServer } from '../../electron/host/page-server.node.js';
import { startHost, type KioskHost } from '../../electron/host/start-host.node.js';
import { enrollLocalKiosk } from '../../hub/auth/enroll-local.node.js';
import { createDemoCoreBanking } from '../../hub/banking/demo/demo-core-banking.node.js';
import { startHub, type RunningHub } from '../../hub/start-hub.node.js';
import type { Queryable } from '../../hub/storage/queryable.js';

const simulated = { transport: { type: 'simulated' } } as const;
const UNLIMITED = { capacity: 1_000_000, refillPerSec: 1_000_000 };

export interface JourneyStack {
  hub: RunningHub;
  host: KioskHost;
  page: PageServer;
  /** The bill paid again and the payer's balance back to what it was, as the demo seed has them. */
  resetBill(billId: string, accountId: string, balanceMinor: number): Promise<void>;
  close(): Promise<void>;
}

export async function startJourneyStack(kioskId: string): Promise<JourneyStack> {
  let bankDb: Queryable | null = null;
  const hub = await startHub({
    port: 0,
    host: '127.0.0.1',
    dataDir: 'memory://',
    coreBanking: async (context) => {
      bankDb = context.db;
      return createDemoCoreBanking({ db: context.db, secretKey: context.secretKey });
    },
    banking: { rates: { authorise: UNLIMITED, lookup: UNLIMITED, read: UNLIMITED, pay: UNLIMITED } },
  });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bk-journey-latency-'));
  const config = loadConfig({
    env: {},
    file: null,
    overrides: {
      dataDir,
      kioskId,
      hubUrl: hub.url,
      syncIntervalMs: 1_000,
      devices: [
        { role: 'receipt', kind: 'receipt-printer', driver: 'escpos', ...simulated },
        { role: 'card', kind: 'card-reader', driver: 'msr-serial', ...simulated },
        { role: 'pinpad', kind: 'pin-pad', driver: 'epp-serial', ...simulated },
        { role: 'scanner', kind: 'barcode-scanner', driver: 'barcode-serial', ...simulated },
      ],
    },
  });
  await openCredentialsStore({ dataDir }).save(await enrollLocalKiosk(hub, kioskId));
  const host = await startHost({ config, logger: silentLogger() });
  const page = await servePage({ host, rendererDir: path.resolve('dist/renderer'), log: silentLogger() });
  const db = bankDb as Queryable | null;
  if (!db) throw new Error('the demo bank did not start');
  return {
    hub,
    host,
    page,
    async resetBill(billId, accountId, balanceMinor) {
      await db.query("UPDATE demo_bank_bills SET status = 'open', paid_by = NULL WHERE bill_id = $1", [billId]);
      await db.query('UPDATE demo_bank_accounts SET balance_minor = $2 WHERE account_id = $1', [accountId, balanceMinor]);
    },
    async close() {
      await page.close();
      await host.close();
      await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
