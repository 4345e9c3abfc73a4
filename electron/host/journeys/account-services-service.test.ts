// The host's balances-and-statements service with fake ports: one journey per session under one
// rising sequence, a printer that is ready again resuming a paused statement, and a session's
// end (or a new start) that compensates the old journey and silences it for good.
import { describe, expect, it, vi } from 'vitest';
import type { AccountServicesStatus } from '../../bridge/account-services-contract.js';
import type { CardKey, PinBlock, SealedCard } from '../../../protocol/card-security.js';
import type { AccountSummary } from '../../../protocol/core-banking.js';
import { receiptNumberFor } from '../../../protocol/account-services-item.js';
import type { AccountCardPort, PageOutcome } from './account-services-ports.js';
import { AccountServicesService } from './account-services-service.node.js';

const SEALED: SealedCard = { alg: 'X25519-HKDF-SHA256-A256GCM', keyId: 'demo-card-1', epk: 'a'.repeat(43), iv: 'b'.repeat(16), ct: 'c'.repeat(40), tag: 'd'.repeat(22), masked: '622202*********0025', entry: 'swipe' };
const KEY: CardKey = { alg: 'X25519-HKDF-SHA256-A256GCM', keyId: 'demo-card-1', publicKey: 'k'.repeat(43) };
const PIN: PinBlock = { format: 4, keyId: 'demo-pek-aes-1', block: '0'.repeat(32) };
const SESSION = '0194c1a2-7b3c-7d4e-8f90-a1b2c3d4e5f6';
const cny = (minor: number) => ({ minor, currency: 'CNY' as const });
const ACCOUNT: AccountSummary = { accountId: 'A2001', maskedNumber: '6222 **** **** 0001', kind: 'current', name: { 'zh-CN': '活期账户', en: 'Current account' }, available: cny(32_050), ledger: cny(32_050) };
const ENTRY = (i: number) => ({ entryId: `E${i}`, bookedAt: `2026-11-1${i}T10:00:00+08:00`, description: `entry ${i}`, amount: cny(1_000), balanceAfter: cny(1_000 * i) });

function service(pages: PageOutcome[] = []) {
  const emitted: AccountServicesStatus[] = [];
  const released: number[] = [];
  const ended: string[] = [];
  let printerReady: () => void = () => undefined;
  let cards = 0;
  let n = 0;
  const outcomes = [...pages];
  const svc = new AccountServicesService({
    bank: {
      cardKey: async () => KEY,
      authorise: async () => ({ outcome: 'approved', session: { sessionId: SESSION, expiresAt: '2026-12-04T10:05:00Z', maskedPan: SEALED.masked, customer: { customerId: 'C1002', displayName: '李娜' }, accounts: [ACCOUNT] } }),
      endSession: async (id) => void ended.push(id),
      accounts: async () => ({ outcome: 'ok', accounts: [ACCOUNT] }),
      miniStatement: async () => ({ outcome: 'ok', account: ACCOUNT, entries: [], truncated: false }),
      statement: async () => ({ outcome: 'ok', account: ACCOUNT, entries: [ENTRY(1), ENTRY(2)], truncated: false }),
    },
    cardPort: (): AccountCardPort => {
      const index = cards++;
      return { presentCard: async () => ({ kind: 'card', sealed: SEALED }), readPin: async () => PIN, release: async () => void released.push(index) };
    },
    printer: { printBalances: async () => true, printMiniStatement: async () => true, printStatementPage: async () => outcomes.shift() ?? { printed: true } },
    book: { record: async () => undefined },
    policy: { today: () => '2026-12-04', historyDays: 730, maxDays: 366, entriesPerPage: 1 },
    enquiry: () => {
      const enquiryId = `0194c1a2-7b3c-7d4e-8f${(++n).toString(16).padStart(2, '0')}-a1b2c3d4e5f6`;
      return { enquiryId, receiptNumber: receiptNumberFor('K09', enquiryId) };
    },
    setCardKey: vi.fn(async () => undefined),
    onPrinterReady: (cb) => ((printerReady = cb), () => (printerReady = () => undefined)),
    emit: (status) => emitted.push(status),
    log: { info: () => undefined, debug: () => undefined, warn: () => undefined },
  });
  return { svc, emitted, released, ended, printerReady: () => printerReady() };
}

describe('account services service', () => {
  it('start answers the card phase at once, then the balances arrive as events under a rising sequence', async () => {
    const s = service();
    expect((await s.svc.start()).state).toEqual({ phase: 'card', insertChip: false });
    await vi.waitFor(() => expect(s.svc.status().state.phase).toBe('accounts'));
    const seqs = s.emitted.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('a printer ready again resumes a statement paused on paper out, from the page that failed', async () => {
    const s = service([{ printed: true }, { printed: false, pause: 'paper-out' }]);
    await s.svc.start();
    await vi.waitFor(() => expect(s.svc.status().state.phase).toBe('accounts'));
    s.svc.chooseStatement('A2001');
    s.svc.printStatement('en', { from: '2026-11-01', to: '2026-11-30' });
    await vi.waitFor(() => expect(s.svc.status().state).toMatchObject({ phase: 'print-paused', page: 2, pages: 2 }));
    s.printerReady();
    await vi.waitFor(() => expect(s.svc.status().state).toMatchObject({ phase: 'statement-done', printedPages: 2 }));
    const printing = s.emitted.filter((e) => e.state.phase === 'printing').map((e) => (e.state.phase === 'printing' ? e.state.page : 0));
    expect(printing).toEqual([1, 2, 2]);
  });

  it('a session end, or a new start, compensates the old journey once and it never speaks to the page again', async () => {
    const s = service();
    await s.svc.start();
    await vi.waitFor(() => expect(s.svc.status().state.phase).toBe('accounts'));
    await s.svc.sessionEnded('idle timeout');
    expect(s.svc.status().state).toEqual({ phase: 'idle' });
    expect(s.released).toEqual([0]);
    expect(s.ended).toEqual([SESSION]);
    await s.svc.start();
    await vi.waitFor(() => expect(s.svc.status().state.phase).toBe('accounts'));
    const before = s.emitted.length;
    await s.svc.start();
    expect(s.released).toEqual([0, 1]);
    // Only the new journey's states reach the page from here on.
    await vi.waitFor(() => expect(s.svc.status().state.phase).toBe('accounts'));
    expect(s.emitted.slice(before).every((e) => e.state.phase !== 'stopped')).toBe(true);
    await s.svc.close();
    expect(s.released).toEqual([0, 1, 2]);
  });
});
