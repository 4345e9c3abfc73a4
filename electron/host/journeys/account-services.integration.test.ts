// Balances and statements end to end: the real host (bridge dispatch, device worker with the
// magstripe reader, PIN pad and ESC/POS printer simulators behind their real drivers, outbox,
// sync) against the embedded hub's demo bank on PGlite. The statement runs out of paper on
// page 2 of 3; the paper comes back, printing resumes from page 2, and every page number is in
// the printer's decoded output exactly once; the hub stores the row with the printed receipt
// number. Then, with the journey's real hub client and a card port the test controls: a card
// removed mid-journey, and the hub down at authorisation.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AccountServicesState, AccountServicesStatus } from '../../bridge/account-services-contract.js';
import { decodeAll, encodeReceipt, type ReceiptDocument } from '../../../drivers/escpos/index.js';
import { encodeGb18030 } from '../../../drivers/escpos/text-encoding.node.js';
import type { MsrSimulator } from '../../../drivers/card/msr-simulator.node.js';
import type { PinPadSimulator } from '../../../drivers/pinpad/simulator.node.js';
import { enrollLocalKiosk } from '../../../hub/auth/enroll-local.node.js';
import { sealedSeedCard, seedPinBlock } from '../../../hub/testing/banking.node.js';
import { receiptNumberFor, STATEMENT_PRINTED_TYPE } from '../../../protocol/account-services-item.js';
import type { CardKey } from '../../../protocol/card-security.js';
import { startTestHub, type TestHub } from '../../../test/support/enrolled-hub.js';
import { HubBankClient } from '../banking/hub-bank-client.node.js';
import { loadConfig } from '../config.js';
import { hubSender } from '../hub-send.node.js';
import { silentLogger } from '../log.node.js';
import { signRequest } from '../request-signer.js';
import { startHost, type KioskHost } from '../start-host.node.js';
import type { AccountServiceItem } from '../../../protocol/account-services-item.js';
import { AccountServicesJourney } from './account-services-machine.js';
import type { AccountCardPort } from './account-services-ports.js';
import { statementPage } from './account-services-receipts.js';

const KIOSK = 'K41';
const simulated = { transport: { type: 'simulated' } } as const;
// Demo data (hub/banking/README.md): K1002 is a magstripe-only card of 李娜 (account A2001).
const K1002 = { pan: '6222021000000000025', name: { surname: 'LI', given: 'NA' }, expiry: { year: 2029, month: 8 }, serviceCode: '101' };
const K1002_PIN = '246810';

let hub: TestHub;
let host: KioskHost;
let cardKey: CardKey;
let bank: HubBankClient;
const seen: AccountServicesStatus[] = [];

beforeAll(async () => {
  hub = await startTestHub();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bk-accounts-'));
  const config = loadConfig({
    env: {},
    file: null,
    overrides: {
      kioskId: KIOSK,
      dataDir,
      hubUrl: hub.hub.url,
      syncIntervalMs: 60_000,
      devices: [
        { role: 'receipt', kind: 'receipt-printer', driver: 'escpos', ...simulated },
        { role: 'card', kind: 'card-reader', driver: 'msr-serial', ...simulated },
        { role: 'pinpad', kind: 'pin-pad', driver: 'epp-serial', ...simulated },
      ],
    },
  });
  await hub.enroll(KIOSK, dataDir);
  // One entry a page: the demo account's three entries of the period make a three-page statement.
  host = await startHost({ config, logger: silentLogger(), statements: { entriesPerPage: 1, historyDays: 3650, maxDays: 3660 } });
  host.events.subscribe((name, payload) => {
    if (name === 'accounts.state') seen.push(payload as AccountServicesStatus);
  });
  await vi.waitFor(() => expect(host.devices.list().map((d) => d.state)).toEqual(['ready', 'ready', 'ready']), { timeout: 60_000, interval: 200 });
  // A second client of the same hub, for the journeys driven directly below and the card key.
  const credentials = await enrollLocalKiosk(hub.hub, 'K41B');
  bank = new HubBankClient('K41B', hubSender({ hubUrl: hub.hub.url, sign: async (method, url, body) => ({ ...signRequest({ method, url, body, credentials }) }) }));
  cardKey = await bank.cardKey();
  // The host hands the key to the readers at start; awaited here so the first swipe is sealed.
  await host.devices.setCardKey(cardKey);
}, 120_000);
afterAll(async () => {
  await host?.close();
  await hub?.close();
});

async function call(method: string, params: unknown = {}): Promise<Record<string, unknown>> {
  const env = await host.dispatch(method, params);
  if (!env.ok) throw new Error(`${method}: ${env.error.code} ${env.error.message}`);
  return env.result as Record<string, unknown>;
}

const accountsState = async (): Promise<AccountServicesState> => ((await call('accounts.status')) as unknown as AccountServicesStatus).state;
const waitFor = (predicate: (s: AccountServicesState) => boolean, timeout = 30_000) =>
  vi.waitFor(
    async () => {
      const state = await accountsState();
      expect(predicate(state), JSON.stringify(state)).toBe(true);
      return state;
    },
    { timeout, interval: 50 },
  );

const sim = () => host.devices.simulator()!;
const card = (): MsrSimulator => host.devices.simulatorControls('card') as MsrSimulator;
const pinpad = (): PinPadSimulator => host.devices.simulatorControls('pinpad') as PinPadSimulator;

async function swipeAndPin(): Promise<void> {
  await card().swipe(K1002);
  await pinpad().whenEntryStarts(15_000);
  await pinpad().type(K1002_PIN, { enter: true });
}

/** Paper a document takes, counted as the printer simulator counts it. */
function linesOf(doc: ReceiptDocument): number {
  return decodeAll(encodeReceipt(doc, { encodeText: encodeGb18030 })).reduce((n, c) => n + (c.type === 'newline' ? 1 : c.type === 'feed' ? c.lines : c.type === 'qr-print' ? 8 : 0), 0);
}

async function hubRows(): Promise<{ type: string; payload: Record<string, unknown> }[]> {
  return (await hub.staffGet<{ items: { type: string; payload: Record<string, unknown> }[] }>(`/v1/transactions?kioskId=${KIOSK}`)).items;
}

describe('balances and statements on the real host, the demo bank and the simulators', () => {
  it('a bill paid first, then: balances, a mini-statement printed, a statement out of paper on page 2 of 3 that resumes, each page once, rows at the hub', async () => {
    // The pad's own working key from the hub (simulated key ceremony, TR-31 block), loaded at
    // start; the PIN entries below use it (the card port asks at each entry), and the hub opens
    // them with this kiosk's key only (hub/banking/pinpad-keys.pglite.test.ts).
    await vi.waitFor(() => expect(host.devices.pinWorkingKey()?.keyId).toMatch(/^pek-[0-9a-f]{8}-[0-9a-f]{8}$/), { timeout: 15_000 });
    expect(pinpad().epp.workingKey).toEqual(host.devices.pinWorkingKey());
    // A bill paid with the same card puts a third entry on the account.
    await call('billPayment.start', { locale: 'en' });
    await call('billPayment.findBill', { billerId: 'water-sh', reference: '20456790' });
    await vi.waitFor(async () => expect((await call('billPayment.status')).state).toMatchObject({ phase: 'bill-shown' }), { timeout: 15_000 });
    await call('billPayment.confirmBill');
    await swipeAndPin();
    await vi.waitFor(async () => expect((await call('billPayment.status')).state).toMatchObject({ phase: 'review' }), { timeout: 15_000 });
    await call('billPayment.confirmPayment', { locale: 'en' });
    await vi.waitFor(async () => expect((await call('billPayment.status')).state).toMatchObject({ phase: 'result', outcome: 'approved', receipt: 'printed' }), { timeout: 30_000 });
    await sim().waitForJob();
    await call('billPayment.finish');

    // Balances.
    expect(await call('accounts.start')).toMatchObject({ state: { phase: 'card', insertChip: false } });
    await swipeAndPin();
    const accounts = await waitFor((s) => s.phase === 'accounts');
    if (accounts.phase !== 'accounts') throw new Error('expected the balances');
    expect(accounts.accounts.map((a) => [a.accountId, a.maskedNumber, a.available.minor])).toEqual([['A2001', '6222 **** **** 0001', 32_050 - 6_120]]);
    expect(accounts.receiptNumber).toMatch(/^K41-[A-Z]{6}-[0-9A-Z]{10}$/);
    expect(seen.filter((s) => s.state.phase === 'pin').map((s) => (s.state.phase === 'pin' ? s.state.digits : -1))).toEqual(expect.arrayContaining([0, 6]));
    await call('accounts.printBalances', { locale: 'zh-CN' });
    await waitFor((s) => s.phase === 'accounts' && s.receipt === 'printed');
    const balanceSlip = await sim().waitForJob();
    expect(balanceSlip.text).toContain('账户余额');
    expect(balanceSlip.text).toContain(accounts.receiptNumber);

    // Mini-statement, printed.
    await call('accounts.showMiniStatement', { accountId: 'A2001' });
    const mini = await waitFor((s) => s.phase === 'mini-statement');
    if (mini.phase !== 'mini-statement') throw new Error('expected the mini-statement');
    // Newest first: the bill just paid, then the seeded rent and transfer.
    expect(mini.entries.map((e) => e.description)).toEqual([expect.stringContaining('water-sh 20456790'), '房租 / Rent', '转账 / Transfer from 张伟']);
    await call('accounts.printMiniStatement', { locale: 'en' });
    await waitFor((s) => s.phase === 'mini-statement' && s.receipt === 'printed');
    const miniSlip = await sim().waitForJob();
    expect(miniSlip.text).toContain('Recent transactions');
    expect(miniSlip.text).toContain(mini.receiptNumber);
    await call('accounts.backToAccounts');
    await waitFor((s) => s.phase === 'accounts');

    // The statement: the paper runs out three lines into page 2.
    await call('accounts.chooseStatement', { accountId: 'A2001' });
    const period = await waitFor((s) => s.phase === 'statement-period');
    if (period.phase !== 'statement-period') throw new Error('expected the period choice');
    const onePage = statementPage(
      { locale: 'en', receiptNumber: accounts.receiptNumber, account: accounts.accounts[0]!, period: { from: '2026-11-01', to: period.today }, page: 1, pages: 3, entries: mini.entries.slice(0, 1), broughtForward: mini.account.available, carriedForward: mini.account.available, truncated: false },
      { branchName: { 'zh-CN': '支行', en: 'Branch' }, kioskId: KIOSK, at: new Date(), timeZone: 'Asia/Shanghai' },
    );
    const jobsBefore = sim().jobs().length;
    sim().runOutOfPaperAfter(linesOf(onePage) + 3);
    await call('accounts.printStatement', { locale: 'en', period: { from: '2026-11-01', to: period.today } });
    const paused = await waitFor((s) => s.phase === 'print-paused');
    expect(paused).toMatchObject({ phase: 'print-paused', page: 2, pages: 3, reason: 'paper-out' });
    if (paused.phase !== 'print-paused') throw new Error('expected a pause');
    // Staff reload the paper: the printer's health returns to ready and printing goes on by itself.
    sim().setPaper('ok');
    const done = await waitFor((s) => s.phase === 'statement-done');
    expect(done).toMatchObject({ pages: 3, printedPages: 3, receiptNumber: paused.receiptNumber });

    const jobs = sim().jobs().slice(jobsBefore);
    expect(jobs.map((j) => j.interrupted)).toEqual([false, true, false, false]);
    const output = jobs.map((j) => j.text).join('\n');
    for (const n of [1, 2, 3]) expect(output.split(`Page ${n} of 3`).length - 1, `page ${n}`).toBe(1);
    for (const job of jobs.filter((j) => !j.interrupted)) expect(job.text).toContain(`Receipt no.: ${paused.receiptNumber}`);
    expect(output).toContain('Balance brought forward');
    expect(output).toContain('End of statement');

    await call('accounts.backToAccounts');
    await waitFor((s) => s.phase === 'accounts');
    await call('accounts.finish');
    await waitFor((s) => s.phase === 'idle');

    await host.syncNow();
    const rows = await hubRows();
    const statementRow = rows.find((r) => r.type === STATEMENT_PRINTED_TYPE);
    expect(statementRow?.payload).toMatchObject({ receiptNumber: paused.receiptNumber, maskedAccount: '6222 **** **** 0001', pages: 3, printedPages: 3, outcome: 'printed', locale: 'en' });
    expect(statementRow?.payload.receiptNumber).toBe(receiptNumberFor(KIOSK, String(statementRow?.payload.enquiryId)));
    expect(rows.find((r) => r.type === 'banking.mini-statement')?.payload).toMatchObject({ receiptNumber: mini.receiptNumber, printed: true, entryCount: 3 });
    expect(rows.find((r) => r.type === 'banking.balance-enquiry')?.payload).toMatchObject({ receiptNumber: accounts.receiptNumber, printed: true, maskedAccounts: ['6222 **** **** 0001'] });
    // Nothing personal but masked numbers reached the hub.
    expect(JSON.stringify(rows.filter((r) => r.type.startsWith('banking.')).map((r) => r.payload))).not.toMatch(/房租|Rent|"minor"|6222021000000000025/);
  }, 180_000);
});

describe('balances and statements: the ways out, against the demo bank', () => {
  function demoCard(): AccountCardPort & { released: number; remove(): void } {
    let removed: (() => void) | null = null;
    const port = {
      released: 0,
      presentCard: async () => ({ kind: 'card' as const, sealed: sealedSeedCard(cardKey, 'K1001') }),
      readPin: async (onDigits: (n: number) => void) => {
        for (let i = 1; i <= 6; i++) onDigits(i);
        return seedPinBlock('K1001');
      },
      release: async () => void (port.released += 1),
      onRemoved: (cb: () => void) => ((removed = cb), () => (removed = null)),
      remove: () => removed?.(),
    };
    return port;
  }

  function journey(client: HubBankClient, cardPort: AccountCardPort) {
    const rows: AccountServiceItem[] = [];
    let n = 0;
    const j = new AccountServicesJourney({
      bank: client,
      card: cardPort,
      printer: { printBalances: async () => true, printMiniStatement: async () => true, printStatementPage: async () => ({ printed: true }) },
      book: { record: async (row) => void rows.push(row) },
      policy: { today: () => '2026-12-04', historyDays: 730, maxDays: 366, entriesPerPage: 20 },
      enquiry: () => {
        const enquiryId = `0194c1a2-7b3c-7d4e-8f${(++n).toString(16).padStart(2, '0')}-a1b2c3d4e5f6`;
        return { enquiryId, receiptNumber: receiptNumberFor('K41B', enquiryId) };
      },
      log: { info: () => undefined, debug: () => undefined, warn: () => undefined },
      onChange: () => undefined,
    });
    return { journey: j, rows };
  }

  it('card removed mid-journey: stopped, the card released once, the hub’s card session ended (it answers declined after)', async () => {
    const cardPort = demoCard();
    const ended: string[] = [];
    const client = Object.assign(Object.create(bank) as HubBankClient, { endSession: async (id: string) => (ended.push(id), bank.endSession(id)) });
    const { journey: j, rows } = journey(client, cardPort);
    await j.start();
    expect(j.state).toMatchObject({ phase: 'accounts', accounts: [{ accountId: 'A1001' }, { accountId: 'A1002' }] });
    await j.showMiniStatement('A1001');
    expect(j.state.phase).toBe('mini-statement');
    cardPort.remove();
    await vi.waitFor(() => expect(j.state).toEqual({ phase: 'stopped', reason: 'card-removed' }));
    expect(cardPort.released).toBe(1);
    expect(ended).toHaveLength(1);
    // The session is gone at the hub: nothing more can be read with it.
    expect(await bank.accounts(ended[0]!)).toMatchObject({ outcome: 'declined' });
    expect(rows.map((r) => r.type).sort()).toEqual(['banking.balance-enquiry', 'banking.mini-statement']);
  });

  it('hub down at authorisation: stopped hub-unreachable, the card released, nothing recorded', async () => {
    const cardPort = demoCard();
    const down = new HubBankClient('K41B', hubSender({ hubUrl: 'http://127.0.0.1:9', requestTimeoutMs: 2_000 }));
    const { journey: j, rows } = journey(down, cardPort);
    await j.start();
    expect(j.state).toEqual({ phase: 'stopped', reason: 'hub-unreachable' });
    expect(cardPort.released).toBe(1);
    expect(rows).toEqual([]);
  });
});
