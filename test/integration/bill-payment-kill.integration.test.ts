// Issue 10: a host killed (SIGKILL, no shutdown) at any step of a bill payment leaves nothing
// half done — no debit without the kiosk's and the hub's record of it, no record of a payment
// the bank did not make. One child process runs five kiosks, each stopped at a step that
// matters, and is killed; each host is restarted on its own data dir against the same hub, and
// the bank's, the hub's and the kiosk's records are read back:
//  - KP1 at the PIN pad, KR1 at review (card authorised): nothing booked, nothing paid; the
//    worker's card is gone with it, the card session only expires.
//  - KH1 with the payment booked and its call held inside the bank (the demo adapter waits):
//    sync delivers the row while the call still runs, another hub instance looks at it, then
//    the bank debits — once — and the hub records that approval, not "unconfirmed".
//  - KA1 with the payment debited and answered by the hub, the answer held on its way back (a
//    relay keeps it): the replay of the key is the first answer, no second debit.
//  - KT1 approved, receipt in the printer (held by the printer simulator).
// Afterwards every kiosk is idle for the next customer and the debits add up to the balance.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillPaymentStatus } from '../../electron/bridge/bill-payment-contract.js';
import { HubBankClient } from '../../electron/host/banking/hub-bank-client.node.js';
import { loadConfig } from '../../electron/host/config.js';
import { hubSender } from '../../electron/host/hub-send.node.js';
import { openCredentialsStore } from '../../electron/host/kiosk-credentials.node.js';
import { openLocalStore } from '../../electron/host/local-store.node.js';
import { silentLogger } from '../../electron/host/log.node.js';
import { signRequest } from '../../electron/host/request-signer.js';
import { startHost, type KioskHost } from '../../electron/host/start-host.node.js';
import { enrollLocalKiosk } from '../../hub/auth/enroll-local.node.js';
import { Banking } from '../../hub/banking/banking-service.js';
import type { CoreBankingAdapter } from '../../hub/banking/core-banking-adapter.js';
import { createDemoCoreBanking } from '../../hub/banking/demo/demo-core-banking.node.js';
import { startHub, type RunningHub } from '../../hub/start-hub.node.js';
import type { Database } from '../../hub/storage/queryable.js';
import { BILL_PAYMENT_TYPE } from '../../protocol/bill-payment-item.js';
import type { CardKey } from '../../protocol/card-security.js';
import { BANKING_PATHS, type PaymentResult } from '../../protocol/core-banking.js';
import { killCasesSchema, simulatedDevices, type KillCase, type KilledKiosk } from './bill-payment-kill.shared.js';

const ACCOUNT = 'A2001';
/** A bounded wait on something that must happen; its name is in the failure. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** The demo bank, except that one kiosk's first payment waits, before any debit, until released. */
class HeldBank {
  readonly arrived = deferred();
  readonly release = deferred();
  readonly done = deferred();
  private kioskId: string | null = null;

  hold(kioskId: string): void {
    this.kioskId = kioskId;
  }

  wrap(demo: CoreBankingAdapter): CoreBankingAdapter {
    return {
      ...demo,
      name: 'demo (held)',
      payBill: async (input) => {
        if (input.kioskId !== this.kioskId) return demo.payBill(input);
        this.kioskId = null;
        this.arrived.resolve();
        await this.release.promise;
        try {
          return await demo.payBill(input);
        } finally {
          this.done.resolve();
        }
      },
    };
  }
}

/**
 * An HTTP relay in front of the hub: requests pass unchanged (the kiosk's signature covers
 * method, path and body, not the host), and one kiosk's first payment answer is kept here
 * — the hub has answered, the kiosk never hears it.
 */
async function startRelay(target: string, holdAnswerOf: string) {
  const answered = deferred<PaymentResult>();
  let holding = true;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const hold = holding && req.url === BANKING_PATHS.payments && (JSON.parse(body.toString() || '{}') as { kioskId?: string }).kioskId === holdAnswerOf;
      if (hold) holding = false;
      const headers = { ...req.headers };
      delete headers.host;
      const upstream = http.request(new URL(req.url ?? '/', target), { method: req.method, headers }, (reply) => {
        const parts: Buffer[] = [];
        reply.on('data', (c: Buffer) => parts.push(c));
        reply.on('end', () => {
          const text = Buffer.concat(parts);
          if (hold) return answered.resolve(JSON.parse(text.toString()) as PaymentResult);
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          res.end(text);
        });
      });
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  // The assistance socket is not part of this test.
  server.on('upgrade', (_req, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answered: answered.promise,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

let hub: RunningHub;
let db: Database;
let relay: Awaited<ReturnType<typeof startRelay>>;
/** A second hub instance on the same database: its stored-payment rounds are run by the test. */
let otherInstance: Banking;
let cardKey: CardKey;
const heldBank = new HeldBank();
const restarted: KioskHost[] = [];

const CASES: Omit<KillCase, 'dataDir'>[] = [
  { kioskId: 'KP1', stopAt: 'pin', billerId: 'sgcc-sh', reference: '3100123456' },
  { kioskId: 'KR1', stopAt: 'review', billerId: 'cmcc', reference: '13800138000' },
  { kioskId: 'KH1', stopAt: 'paying', billerId: 'water-sh', reference: '20456789' },
  { kioskId: 'KA1', stopAt: 'paying', billerId: 'water-sh', reference: '20456790' },
  { kioskId: 'KT1', stopAt: 'printing', billerId: 'cmcc', reference: '13912345678' },
];
const BILLS: Record<string, { billId: string; minor: number }> = {
  KP1: { billId: 'EB-202611-0001', minor: 25_680 },
  KR1: { billId: 'PB-202611-0001', minor: 10_000 },
  KH1: { billId: 'WB-202611-0001', minor: 7_840 },
  KA1: { billId: 'WB-202611-0002', minor: 6_120 },
  KT1: { billId: 'PB-202611-0002', minor: 5_800 },
};
const PAID = ['KH1', 'KA1', 'KT1'];
const UNPAID = ['KP1', 'KR1'];

beforeAll(async () => {
  heldBank.hold('KH1');
  let adapter: CoreBankingAdapter | null = null;
  hub = await startHub({
    port: 0,
    host: '127.0.0.1',
    dataDir: 'memory://',
    auth: { tokens: { staffToken: randomBytes(32).toString('base64url') } },
    coreBanking: async (context) => {
      db = context.db;
      adapter = heldBank.wrap(await createDemoCoreBanking({ db: context.db, secretKey: context.secretKey }));
      return adapter;
    },
  });
  if (!adapter) throw new Error('no core-banking adapter');
  otherInstance = new Banking({ db, adapter, logger: pino({ level: 'silent' }) });
  cardKey = await otherInstance.cardKey();
  relay = await startRelay(hub.url, 'KA1');
}, 60_000);
afterAll(async () => {
  heldBank.release.resolve();
  for (const host of restarted) await host.close().catch(() => undefined);
  await relay?.close();
  await hub?.close();
});

function runChild(cases: KillCase[]): Promise<{ kiosks: KilledKiosk[]; kill(): Promise<void> }> {
  const script = path.join(import.meta.dirname, 'bill-payment-kill.child.node.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, relay.url, JSON.stringify(cases), JSON.stringify(cardKey)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('['));
      if (!line) return;
      const kiosks = JSON.parse(line) as KilledKiosk[];
      resolve({
        kiosks,
        async kill() {
          child.kill('SIGKILL');
          await exited;
          // The device workers follow their parent (IPC disconnect); made sure of here.
          for (const k of kiosks) {
            try {
              if (k.workerPid) process.kill(k.workerPid, 'SIGKILL');
            } catch {
              // already gone
            }
          }
        },
      });
    });
    void exited.then(() => reject(new Error(`kill child exited before its stops: ${stderr.slice(-3000)}`)));
  });
}

const rows = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => (await db.query<T & Record<string, unknown>>(sql, params)).rows;
const balance = async () => Number((await rows<{ balance_minor: unknown }>('SELECT balance_minor FROM demo_bank_accounts WHERE account_id = $1', [ACCOUNT]))[0]?.balance_minor);

/** The kiosk's own outbox, read from its data dir after the host closed: bill payments and their states. */
async function kioskPayments(dataDir: string): Promise<{ id: string; state: string; answer: string | null }[]> {
  const store = await openLocalStore(dataDir);
  try {
    return await store.all<{ id: string; state: string; answer: string | null }>('SELECT id, state, answer FROM outbox WHERE type = ? ORDER BY seq', [BILL_PAYMENT_TYPE]);
  } finally {
    await store.close();
  }
}

async function call(host: KioskHost, method: string, params: unknown = {}): Promise<unknown> {
  const env = await host.dispatch(method, params);
  if (!env.ok) throw new Error(`${method}: ${env.error.message}`);
  return env.result;
}
const status = async (host: KioskHost) => (await call(host, 'billPayment.status')) as BillPaymentStatus;

describe('a host killed during a bill payment', () => {
  it('leaves no debit without a record on both sides and no record without a debit, at every step', async () => {
    const cases = await Promise.all(
      CASES.map(async (c) => {
        const dataDir = mkdtempSync(path.join(os.tmpdir(), `bk-billkill-${c.kioskId}-`));
        await openCredentialsStore({ dataDir }).save(await enrollLocalKiosk(hub, c.kioskId));
        return killCasesSchema.element.parse({ ...c, dataDir });
      }),
    );
    const before = await balance();

    const child = await within(runChild(cases), 60_000, 'the kiosks to reach their steps');
    // KH1's call is inside the bank, KA1's answer is in the relay: now is the instant.
    await within(heldBank.arrived.promise, 15_000, "KH1's payment at the bank");
    const lostAnswer = await within(relay.answered, 15_000, "the hub's answer to KA1");
    await child.kill();
    expect(lostAnswer).toMatchObject({ outcome: 'approved' });

    // Each host again, on its own data dir, devices and all.
    restarted.push(
      ...(await Promise.all(
        cases.map((c) => startHost({ config: loadConfig({ env: {}, file: null, overrides: { kioskId: c.kioskId, dataDir: c.dataDir, hubUrl: relay.url, syncIntervalMs: 60_000, devices: [...simulatedDevices] } }), logger: silentLogger() })),
      )),
    );
    // What a new customer meets: no journey, no card; the killed worker's card handle is gone.
    for (const [i, host] of restarted.entries()) {
      const killed = child.kiosks[i]!;
      expect((await status(host)).state).toEqual({ phase: 'idle' });
      expect(killed.cardRef).toEqual(expect.any(String));
      expect(await host.devices.releaseCard(killed.cardRef!)).toBe(false);
      expect(host.devices.workerPid()).not.toBe(killed.workerPid);
      // The next customer starts from the beginning, and leaving ends it.
      expect(await call(host, 'billPayment.start', { locale: 'en' })).toMatchObject({ state: { phase: 'bill-entry' } });
      expect(await call(host, 'billPayment.cancel')).toMatchObject({ cancelled: true });
    }

    // Sync delivers whatever was booked. KH1's first call is still inside the bank: a stored-
    // payment round (here another hub instance's) must not settle it before the bank answers.
    await Promise.all(restarted.map((host) => host.syncNow()));
    await otherInstance.storedPayments.runOnce();
    heldBank.release.resolve();
    await within(heldBank.done.promise, 15_000, "the bank's answer to KH1");
    await otherInstance.storedPayments.runOnce();

    // The bank: one payment per booked row, keyed by the kiosk's row id, one debit each.
    const transactions = await rows<{ kiosk_id: string; tx_id: string }>('SELECT kiosk_id, tx_id FROM kiosk_transactions WHERE type = $1', [BILL_PAYMENT_TYPE]);
    const payments = await rows<{ kiosk_id: string; idem_key: string; payment_id: string; result: PaymentResult }>('SELECT kiosk_id, idem_key, payment_id, result FROM demo_bank_payments');
    const stored = await rows<{ kiosk_id: string; tx_id: string; status: string; payment_reference: string | null }>('SELECT kiosk_id, tx_id, status, payment_reference FROM banking_stored_payments');
    // The killed hosts never had the bank's answer: each asks the hub for it and keeps it on its row.
    for (const host of restarted) await host.paymentAnswersNow();
    const kioskRows = new Map<string, { id: string; state: string; answer: string | null }[]>();
    for (const [i, host] of restarted.entries()) {
      await host.close();
      kioskRows.set(cases[i]!.kioskId, await kioskPayments(cases[i]!.dataDir));
    }
    restarted.length = 0;

    for (const kioskId of UNPAID) {
      expect(kioskRows.get(kioskId), kioskId).toEqual([]);
      expect(transactions.filter((t) => t.kiosk_id === kioskId), kioskId).toEqual([]);
      expect(payments.filter((p) => p.kiosk_id === kioskId), kioskId).toEqual([]);
      expect(await rows('SELECT 1 FROM banking_idempotency WHERE kiosk_id = $1', [kioskId]), kioskId).toEqual([]);
      expect(await rows('SELECT status FROM demo_bank_bills WHERE bill_id = $1', [BILLS[kioskId]!.billId])).toEqual([{ status: 'open' }]);
    }
    for (const kioskId of PAID) {
      const booked = kioskRows.get(kioskId) ?? [];
      expect(booked.map((r) => r.state), kioskId).toEqual(['acked']);
      const txId = booked[0]!.id;
      expect(transactions.filter((t) => t.kiosk_id === kioskId).map((t) => t.tx_id), kioskId).toEqual([txId]);
      const paid = payments.filter((p) => p.kiosk_id === kioskId);
      expect(paid.map((p) => [p.idem_key, p.result.outcome]), kioskId).toEqual([[txId, 'approved']]);
      const payment = paid[0]!;
      const reference = payment.result.outcome === 'approved' ? payment.result.reference : '';
      expect(await rows('SELECT amount_minor FROM demo_bank_ledger WHERE payment_id = $1', [payment.payment_id]), kioskId).toEqual([{ amount_minor: expect.anything() }]);
      expect(await rows('SELECT status, paid_by FROM demo_bank_bills WHERE bill_id = $1', [BILLS[kioskId]!.billId])).toEqual([{ status: 'paid', paid_by: payment.payment_id }]);
      // The hub's records: the first answer under the key, and the synced row settled with it.
      const idem = await rows<{ answer: PaymentResult }>('SELECT answer FROM banking_idempotency WHERE kiosk_id = $1 AND idem_key = $2', [kioskId, txId]);
      expect(idem.map((r) => r.answer), kioskId).toEqual([payment.result]);
      expect(stored.filter((s) => s.kiosk_id === kioskId), kioskId).toEqual([{ kiosk_id: kioskId, tx_id: txId, status: 'approved', payment_reference: reference }]);
      // …and the kiosk's own row says what the bank said, with the same reference.
      expect(JSON.parse(booked[0]!.answer ?? 'null'), kioskId).toEqual({ outcome: 'approved', reference });
    }
    const total = PAID.reduce((sum, k) => sum + BILLS[k]!.minor, 0);
    expect(await balance()).toBe(before - total);

    // KA1's answer never reached it: the same key again is that first answer, not a debit.
    const ka1 = cases.find((c) => c.kioskId === 'KA1')!;
    const credentials = await openCredentialsStore({ dataDir: ka1.dataDir }).load();
    if (!credentials) throw new Error('KA1 lost its credentials');
    const ka1Bank = new HubBankClient('KA1', hubSender({ hubUrl: hub.url, sign: async (method, url, body) => ({ ...signRequest({ method, url, body, credentials }) }) }));
    const txKa1 = kioskRows.get('KA1')![0]!.id;
    const replay = await ka1Bank.payBill({ idempotencyKey: txKa1, sessionId: randomUUID(), accountId: ACCOUNT, billId: BILLS.KA1!.billId, amount: { minor: BILLS.KA1!.minor, currency: 'CNY' } });
    expect(replay).toEqual(lostAnswer);
    expect(await balance()).toBe(before - total);

    // The card sessions the killed hosts left open cannot move money once they expire (3 min idle).
    const sessions = await rows<{ kiosk_id: string; session_id: string }>('SELECT kiosk_id, session_id FROM banking_card_sessions WHERE ended_at IS NULL');
    expect(sessions.map((s) => s.kiosk_id).sort()).toEqual(['KA1', 'KH1', 'KR1', 'KT1']);
    const later = new Banking({ db, adapter: otherInstance.adapter, logger: pino({ level: 'silent' }), now: () => Date.now() + 3 * 60_000 + 1_000 });
    for (const s of sessions) {
      const late = await later.payBill({ kioskId: s.kiosk_id, idempotencyKey: randomUUID(), sessionId: s.session_id, accountId: ACCOUNT, billId: BILLS.KR1!.billId, amount: { minor: BILLS.KR1!.minor, currency: 'CNY' } });
      expect(late.result, s.kiosk_id).toEqual({ outcome: 'declined', reason: 'session-expired' });
    }
    expect(await balance()).toBe(before - total);
  }, 120_000);
});
