// Issue 11: a host killed (SIGKILL, no shutdown) while its customer waits for the expert leaves
// no half-opened account. A child process runs two kiosks, each with an application filed at
// the hub, and is killed; before the restart the expert approves one of them (the kiosk never
// hears of it). Each host is restarted on its own data dir against the same hub: at start it
// withdraws what the last run left on the way, so the approved application cannot be opened any
// more and the demo bank holds no account for either; the rows say withdrawn.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HubBankClient } from '../../electron/host/banking/hub-bank-client.node.js';
import { hubSender } from '../../electron/host/hub-send.node.js';
import { openCredentialsStore } from '../../electron/host/kiosk-credentials.node.js';
import { silentLogger } from '../../electron/host/log.node.js';
import { signRequest } from '../../electron/host/request-signer.js';
import { startHost, type KioskHost } from '../../electron/host/start-host.node.js';
import { enrollLocalKiosk } from '../../hub/auth/enroll-local.node.js';
import { systemClock } from '../../hub/assist/clock.js';
import { StaffAuth } from '../../hub/assist/staff/staff-auth.node.js';
import { createAssistStore, type AssistStore } from '../../hub/assist/storage/assist-store.js';
import { createTestStaff, TEST_SCRYPT_COST, TEST_SECRET_KEY } from '../../hub/assist/testing/staff-fixtures.js';
import { createDemoCoreBanking } from '../../hub/banking/demo/demo-core-banking.node.js';
import { startHub, type RunningHub } from '../../hub/start-hub.node.js';
import type { Database } from '../../hub/storage/queryable.js';
import { recordExpertDecision } from '../../hub/testing/account-opening.node.js';
import type { KioskCredentials } from '../../protocol/kiosk-auth.js';
import { killTestConfig, type KilledApplication, type KilledKioskSpec } from './account-opening-kill.shared.js';

let hub: RunningHub;
let db: Database;
let assistStore: AssistStore;
let expertId: string;
const specs: KilledKioskSpec[] = ['K71', 'K72'].map((kioskId) => ({ kioskId, dataDir: mkdtempSync(path.join(os.tmpdir(), `bk-aokill-${kioskId}-`)) }));
const credentials = new Map<string, KioskCredentials>();
const restarted: KioskHost[] = [];

beforeAll(async () => {
  hub = await startHub({
    port: 0,
    host: '127.0.0.1',
    dataDir: 'memory://',
    coreBanking: async (ctx) => {
      db = ctx.db;
      return createDemoCoreBanking({ db: ctx.db, secretKey: ctx.secretKey });
    },
  });
  assistStore = await createAssistStore(db);
  const staffAuth = new StaffAuth({ db, clock: systemClock, sessionTtlSec: 3600, idleSec: 600, scryptCost: TEST_SCRYPT_COST, secretKey: TEST_SECRET_KEY });
  expertId = (await createTestStaff(staffAuth, { role: 'expert' })).staff.staffId;
  for (const spec of specs) {
    const creds = await enrollLocalKiosk(hub, spec.kioskId);
    credentials.set(spec.kioskId, creds);
    await openCredentialsStore({ dataDir: spec.dataDir }).save(creds);
  }
}, 60_000);
afterAll(async () => {
  for (const host of restarted) await host.close().catch(() => undefined);
  await hub?.close();
});

function runChild(): Promise<{ stops: KilledApplication[]; kill(): Promise<void> }> {
  const script = path.join(import.meta.dirname, 'account-opening-kill.child.node.ts');
  // Its own process group: the kill takes the hosts and everything they started (device workers, socat simulators) at one instant.
  const child = spawn(process.execPath, ['--import', 'tsx', script, hub.url, JSON.stringify(specs)], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('['));
      if (!line) return;
      const stops = JSON.parse(line) as KilledApplication[];
      resolve({
        stops,
        async kill() {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
          await exited;
          for (const s of stops) {
            try {
              if (s.workerPid) process.kill(s.workerPid, 'SIGKILL');
            } catch {
              // already gone with its parent
            }
          }
        },
      });
    });
    void exited.then(() => reject(new Error(`kill child exited before its stops: ${stderr.slice(-3000)}`)));
  });
}

const statusOf = async (id: string) => (await db.query<{ status: string }>('SELECT status FROM account_applications WHERE application_id = $1', [id])).rows[0]?.status;

describe('account opening: a host killed while the customer waits for the expert', () => {
  it('withdraws at restart what the killed run left filed or approved: no account is opened', async () => {
    const child = await runChild();
    const [waiting, approvedMeanwhile] = child.stops;
    if (!waiting || !approvedMeanwhile) throw new Error('two stops expected');
    expect(await statusOf(waiting.applicationId)).toBe('filed');
    await child.kill();
    // The expert approves after the kiosk died: the hub records it, nobody is there to open it.
    await recordExpertDecision(assistStore, { kioskId: approvedMeanwhile.kioskId, applicationId: approvedMeanwhile.applicationId, staffId: expertId, decision: 'approve' });
    expect(await statusOf(approvedMeanwhile.applicationId)).toBe('approved');

    for (const spec of specs) restarted.push(await startHost({ config: killTestConfig(spec, hub.url), logger: silentLogger() }));
    await vi.waitFor(async () => expect([await statusOf(waiting.applicationId), await statusOf(approvedMeanwhile.applicationId)]).toEqual(['withdrawn', 'withdrawn']), { timeout: 30_000, interval: 200 });

    // Asked to open it now (a late replay), the hub refuses; the demo bank holds no account.
    const creds = credentials.get(approvedMeanwhile.kioskId);
    if (!creds) throw new Error('no credentials');
    const bank = new HubBankClient(creds.kioskId, hubSender({ hubUrl: hub.url, sign: async (method, url, body) => ({ ...signRequest({ method, url, body, credentials: creds }) }) }));
    expect(await bank.openAccount(approvedMeanwhile.applicationId)).toEqual({ outcome: 'refused', reason: 'withdrawn' });
    const accounts = await db.query('SELECT 1 FROM demo_bank_account_openings WHERE application_id = ANY($1::uuid[])', [[waiting.applicationId, approvedMeanwhile.applicationId]]);
    expect(accounts.rows).toHaveLength(0);

    // The restarted kiosk serves the next customer.
    const host = restarted[0];
    if (!host) throw new Error('no host');
    await host.syncNow();
    const started = await host.dispatch('accountOpening.start', {});
    expect(started).toMatchObject({ ok: true, result: { state: { phase: 'document' } } });
  }, 150_000);
});
