// Issue 11: "no charged fee without a card". A host killed (SIGKILL, no shutdown of any kind)
// after the bank issued the new card and took the fee, with the card at the dispenser's slot and
// nobody having taken it: the restarted host, on the same data dir, clears the dispenser's
// channel into the capture bin, completes the replacement 'not-taken', and the bank voids the
// card and refunds the fee. The kiosk's row says voided; the next customer meets an idle journey.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CardReplacementStatus } from '../../electron/bridge/card-replacement-contract.js';
import type { DispenserSimulator } from '../../drivers/dispenser/simulator.node.js';
import { HubBankClient } from '../../electron/host/banking/hub-bank-client.node.js';
import { loadConfig } from '../../electron/host/config.js';
import { hubSender } from '../../electron/host/hub-send.node.js';
import { openCredentialsStore } from '../../electron/host/kiosk-credentials.node.js';
import { CARD_REPLACEMENT_TYPE } from '../../electron/host/journeys/outbox-replacement-book.node.js';
import { openLocalStore } from '../../electron/host/local-store.node.js';
import { silentLogger } from '../../electron/host/log.node.js';
import { signRequest } from '../../electron/host/request-signer.js';
import { startHost, type KioskHost } from '../../electron/host/start-host.node.js';
import { enrollLocalKiosk } from '../../hub/auth/enroll-local.node.js';
import { createDemoCoreBanking } from '../../hub/banking/demo/demo-core-banking.node.js';
import { startHub, type RunningHub } from '../../hub/start-hub.node.js';
import type { Database } from '../../hub/storage/queryable.js';
import { replacementKillDevices } from './card-replacement-kill.shared.js';

const KIOSK = 'K62';
const ACCOUNT = 'A2001';
let hub: RunningHub;
let db: Database;
let restarted: KioskHost | null = null;

beforeAll(async () => {
  hub = await startHub({
    port: 0,
    host: '127.0.0.1',
    dataDir: 'memory://',
    auth: { tokens: { staffToken: randomBytes(32).toString('base64url') } },
    coreBanking: async (context) => {
      db = context.db;
      return createDemoCoreBanking({ db: context.db, secretKey: context.secretKey });
    },
  });
}, 60_000);
afterAll(async () => {
  await restarted?.close();
  await hub?.close();
});

interface ChildReport {
  workerPid: number | null;
  maskedPan: string;
}

function runChildToSlot(dataDir: string, cardKey: unknown): Promise<{ report: ChildReport; kill(): Promise<void> }> {
  const script = path.join(import.meta.dirname, 'card-replacement-kill.child.node.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, hub.url, dataDir, KIOSK, JSON.stringify(cardKey)], { stdio: ['ignore', 'pipe', 'pipe'] });
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
    void exited.then(() => reject(new Error(`kill child exited before the card reached the slot: ${stderr.slice(-3000)}`)));
  });
}

const rows = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => (await db.query<T & Record<string, unknown>>(sql, params)).rows;
const balance = async () => Number((await rows<{ balance_minor: unknown }>('SELECT balance_minor FROM demo_bank_accounts WHERE account_id = $1', [ACCOUNT]))[0]?.balance_minor);
const bankIssues = () => rows<{ idem_key: string; status: string; fee_minor: unknown }>('SELECT idem_key, status, fee_minor FROM demo_bank_card_issues WHERE kiosk_id = $1', [KIOSK]);
const cardStatus = async (maskedPan: string) => (await rows<{ status: string }>('SELECT status FROM demo_bank_cards WHERE masked_pan = $1', [maskedPan])).map((r) => r.status);

describe('a host killed with a new card issued and waiting at the slot', () => {
  it('is completed not-taken by the restarted host: the card captured, voided at the bank, the fee refunded', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bk-replacekill-'));
    await openCredentialsStore({ dataDir }).save(await enrollLocalKiosk(hub, KIOSK));
    const credentials = await enrollLocalKiosk(hub, 'K62B');
    const cardKey = await new HubBankClient('K62B', hubSender({ hubUrl: hub.url, sign: async (method, url, body) => ({ ...signRequest({ method, url, body, credentials }) }) })).cardKey();
    const before = await balance();

    const child = await runChildToSlot(dataDir, cardKey);
    // The instant of the kill: the bank issued the card and took the fee; nobody holds the card.
    expect(child.report.maskedPan).toBe('622202*********0015');
    expect(await balance()).toBe(before - 500);
    expect((await bankIssues()).map((i) => i.status)).toEqual(['issued']);
    expect(await cardStatus(child.report.maskedPan)).toEqual(['issued']);
    await child.kill();

    // The host again, on the same data dir; its dispenser (a fresh simulator) is told to clear its channel into the bin.
    const config = loadConfig({ env: {}, file: null, overrides: { kioskId: KIOSK, dataDir, hubUrl: hub.url, syncIntervalMs: 60_000, devices: [...replacementKillDevices] } });
    restarted = await startHost({ config, logger: silentLogger() });
    const host = restarted;
    // No charged fee without a card: the bank voided the issue and refunded it.
    await vi.waitFor(async () => expect((await bankIssues()).map((i) => i.status)).toEqual(['voided']), { timeout: 60_000, interval: 250 });
    expect(await balance()).toBe(before);
    expect(await cardStatus(child.report.maskedPan)).toEqual(['voided']);
    // The dispenser was reset with capture: a card left at the slot goes to the bin.
    const dispenser = host.devices.simulatorControls('dispenser') as DispenserSimulator;
    expect(dispenser.dispenser.executed).toContain('reset-capture');
    // The next customer meets an idle journey.
    const env = await host.dispatch('cardReplacement.status', {});
    expect(env.ok && (env.result as CardReplacementStatus).state).toEqual({ phase: 'idle' });

    // The kiosk's own row: booked before the bank was asked, issued, then completed voided.
    await host.close();
    restarted = null;
    const store = await openLocalStore(dataDir);
    try {
      const booked = await store.all<{ id: string; answer: string | null }>('SELECT id, answer FROM outbox WHERE type = ? ORDER BY seq', [CARD_REPLACEMENT_TYPE]);
      expect(booked).toHaveLength(1);
      expect(JSON.parse(booked[0]?.answer ?? 'null')).toMatchObject({ outcome: 'approved', completion: 'voided' });
      expect((await bankIssues()).map((i) => i.idem_key)).toEqual([booked[0]?.id]);
    } finally {
      await store.close();
    }

    // A second start finds nothing left to complete: the refund is not given twice.
    restarted = await startHost({ config, logger: silentLogger() });
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await balance()).toBe(before);
  }, 180_000);
});
