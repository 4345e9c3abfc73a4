// A host killed (SIGKILL) mid-statement — page 1 out, page 2 in the printer — leaves nothing
// half done: the restarted host records that statement as stopped with one page out, under the
// receipt number printed on page 1, and the hub stores that row; no row claims it printed.
// The killed host's card session expires at the hub; its card read died with its device worker.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubBankClient } from '../../electron/host/banking/hub-bank-client.node.js';
import { loadConfig } from '../../electron/host/config.js';
import { hubSender } from '../../electron/host/hub-send.node.js';
import { silentLogger } from '../../electron/host/log.node.js';
import { signRequest } from '../../electron/host/request-signer.js';
import { startHost, type KioskHost } from '../../electron/host/start-host.node.js';
import { todayIn } from '../../electron/host/journeys/statement-pages.js';
import { enrollLocalKiosk } from '../../hub/auth/enroll-local.node.js';
import { STATEMENT_PRINTED_TYPE } from '../../protocol/account-services-item.js';
import { startTestHub, type TestHub } from '../support/enrolled-hub.js';

const KIOSK = 'K42';
let hub: TestHub;
let restarted: KioskHost | null = null;

beforeAll(async () => {
  hub = await startTestHub();
}, 60_000);
afterAll(async () => {
  await restarted?.close();
  await hub?.close();
});

interface ChildReport {
  receiptNumber: string;
  workerPid: number | null;
  page1: string;
}

function runChildToMidStatement(dataDir: string, cardKey: unknown): Promise<{ report: ChildReport; kill(): Promise<void> }> {
  const script = path.join(import.meta.dirname, 'account-services-kill.child.node.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, hub.hub.url, dataDir, KIOSK, JSON.stringify(cardKey), todayIn('Asia/Shanghai')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      const report = JSON.parse(line) as ChildReport;
      resolve({
        report,
        async kill() {
          child.kill('SIGKILL');
          await exited;
          // The device worker follows its parent (IPC disconnect); made sure of here.
          if (report.workerPid) {
            try {
              process.kill(report.workerPid, 'SIGKILL');
            } catch {
              // already gone
            }
          }
        },
      });
    });
    void exited.then(() => reject(new Error(`kill child exited before mid-statement: ${stderr.slice(-2000)}`)));
  });
}

describe('a host killed mid-statement', () => {
  it('is recorded as stopped with the pages out, under the printed receipt number, by the restarted host', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bk-kill-'));
    await hub.enroll(KIOSK, dataDir);
    const credentials = await enrollLocalKiosk(hub.hub, 'K42B');
    const cardKey = await new HubBankClient('K42B', hubSender({ hubUrl: hub.hub.url, sign: async (method, url, body) => ({ ...signRequest({ method, url, body, credentials }) }) })).cardKey();

    const child = await runChildToMidStatement(dataDir, cardKey);
    expect(child.report.page1).toContain('Page 1 of 2');
    expect(child.report.page1).toContain(`Receipt no.: ${child.report.receiptNumber}`);
    await child.kill();

    const config = loadConfig({ env: {}, file: null, overrides: { kioskId: KIOSK, dataDir, hubUrl: hub.hub.url, syncIntervalMs: 60_000, devices: [] } });
    restarted = await startHost({ config, logger: silentLogger() });
    const rows = async () => (await hub.staffGet<{ items: { type: string; payload: Record<string, unknown> }[] }>(`/v1/transactions?kioskId=${KIOSK}`)).items;
    let statements: Awaited<ReturnType<typeof rows>> = [];
    for (let i = 0; i < 100 && statements.length === 0; i++) {
      await restarted.syncNow();
      statements = (await rows()).filter((r) => r.type === STATEMENT_PRINTED_TYPE);
      if (statements.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(statements).toHaveLength(1);
    expect(statements[0]?.payload).toMatchObject({ receiptNumber: child.report.receiptNumber, pages: 2, printedPages: 1, outcome: 'stopped', maskedAccount: '6222 **** **** 0001' });
    // A second start finds nothing left to record.
    await restarted.close();
    restarted = await startHost({ config, logger: silentLogger() });
    await restarted.syncNow();
    expect((await rows()).filter((r) => r.type === STATEMENT_PRINTED_TYPE)).toHaveLength(1);
  }, 180_000);
});
