// The balances-and-statements journey against fake ports: every path a customer can take, the
// statement page by page through a printer that runs out of paper, and for each way out the
// compensations (card released, card session ended — each exactly once) and the outbox rows.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { accountServicesStateSchema, type AccountServicesState } from '../../bridge/account-services-contract.js';
import { accountServiceItemProblem, receiptNumberFor, type AccountServiceItem } from '../../../protocol/account-services-item.js';
import { CARD_SEAL_ALGORITHM, type PinBlock, type SealedCard } from '../../../protocol/card-security.js';
import type { AccountSummary, CardAuthorisationResponse, StatementEntry, StatementResponse } from '../../../protocol/core-banking.js';
import { AccountServicesJourney, canMove, PHASE_DEADLINE_MS } from './account-services-machine.js';
import type { AccountCardPort, AccountsBankPort, PageOutcome, StatementPageSlip } from './account-services-ports.js';
import { HubUnreachableError } from './bill-payment-ports.js';

const CARD: SealedCard = { alg: CARD_SEAL_ALGORITHM, keyId: 'demo-card-1', epk: 'A'.repeat(43), iv: 'B'.repeat(16), ct: 'C'.repeat(40), tag: 'D'.repeat(22), masked: '622202******0017', entry: 'chip' };
const PIN: PinBlock = { format: 4, keyId: 'demo-pek-aes-1', block: '0'.repeat(32) };
const SESSION = '0194c1a2-7b3c-7d4e-8f90-a1b2c3d4e5f6';
const cny = (minor: number) => ({ minor, currency: 'CNY' as const });
const ACCOUNTS: AccountSummary[] = [
  { accountId: 'A1001', maskedNumber: '6222 **** **** 0001', kind: 'current', name: { 'zh-CN': '活期账户', en: 'Current account' }, available: cny(1_234_567), ledger: cny(1_234_567) },
  { accountId: 'A1002', maskedNumber: '6222 **** **** 0002', kind: 'savings', name: { 'zh-CN': '储蓄账户', en: 'Savings account' }, available: cny(5_000_000), ledger: cny(5_000_000) },
];
const APPROVED: CardAuthorisationResponse = { outcome: 'approved', session: { sessionId: SESSION, expiresAt: '2026-12-04T10:05:00Z', maskedPan: CARD.masked, customer: { customerId: 'C1001', displayName: '张伟' }, accounts: ACCOUNTS } };

function entries(n: number): StatementEntry[] {
  let balance = 100_000;
  return Array.from({ length: n }, (_, i) => {
    const amount = i % 2 === 0 ? 10_000 : -2_500;
    balance += amount;
    return { entryId: `E${i + 1}`, bookedAt: `2026-11-${String(i + 1).padStart(2, '0')}T10:00:00+08:00`, description: `entry ${i + 1}`, amount: cny(amount), balanceAfter: cny(balance) };
  });
}

const manualTimers = () => {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 0;
  return {
    setTimeout: (fn: () => void, ms: number) => (pending.set(++next, { fn, ms }), next),
    clearTimeout: (handle: unknown) => void pending.delete(handle as number),
    /** Fires every armed deadline of `ms` or less. */
    elapse(ms: number) {
      for (const [id, t] of [...pending]) {
        if (t.ms > ms) continue;
        pending.delete(id);
        t.fn();
      }
    },
  };
};

interface HarnessOptions {
  authorise?: () => Promise<CardAuthorisationResponse>;
  statement?: () => Promise<StatementResponse>;
  /** Page outcomes in order; `printed` once they run out. */
  pages?: PageOutcome[];
  timers?: ReturnType<typeof manualTimers>;
  /** Holds each page in the printer until `releasePage()`. */
  holdPages?: boolean;
  /** Every page the journey sent to the printer. */
  seenPages?: StatementPageSlip[];
}

function harness(opts: HarnessOptions = {}) {
  const states: AccountServicesState[] = [];
  const effects: string[] = [];
  const rows: AccountServiceItem[] = [];
  const printedPages: { receiptNumber: string; page: number }[] = [];
  const slips: string[] = [];
  const pageOutcomes = [...(opts.pages ?? [])];
  const held: (() => void)[] = [];
  let removed: (() => void) | null = null;
  let pinDone: ((pin: PinBlock) => void) | null = null;
  let pinFail: ((err: Error) => void) | null = null;
  let digits: ((n: number) => void) | null = null;
  let enquiries = 0;
  const bank: AccountsBankPort = {
    authorise: vi.fn(opts.authorise ?? (async () => APPROVED)),
    endSession: async (id) => void effects.push(`end-session ${id}`),
    accounts: async () => ({ outcome: 'ok', accounts: ACCOUNTS }),
    miniStatement: async ({ accountId }) => ({ outcome: 'ok', account: ACCOUNTS.find((a) => a.accountId === accountId)!, entries: entries(3).reverse(), truncated: false }),
    statement: opts.statement ?? (async () => ({ outcome: 'ok', account: ACCOUNTS[0]!, entries: entries(5), truncated: false })),
  };
  const card: AccountCardPort = {
    presentCard: async () => ({ kind: 'card', sealed: CARD }),
    readPin: (onDigits, signal) =>
      new Promise((resolve, reject) => {
        let open = true;
        digits = onDigits;
        pinDone = (pin) => ((open = false), resolve(pin));
        pinFail = (err) => ((open = false), reject(err));
        signal.addEventListener('abort', () => {
          if (!open) return;
          effects.push('pin-entry-aborted');
          reject(Object.assign(new Error('cancelled'), { code: 'PIN_CANCELLED' }));
        });
      }),
    release: async () => void effects.push('card-released'),
    onRemoved: (cb) => {
      removed = cb;
      return () => (removed = null);
    },
  };
  const printPage = async (page: StatementPageSlip): Promise<PageOutcome> => {
    opts.seenPages?.push(page);
    if (opts.holdPages) await new Promise<void>((resolve) => held.push(resolve));
    const outcome = pageOutcomes.shift() ?? { printed: true };
    if (outcome.printed) printedPages.push({ receiptNumber: page.receiptNumber, page: page.page });
    return outcome;
  };
  const journey = new AccountServicesJourney({
    bank,
    card,
    printer: {
      printBalances: async (slip) => (slips.push(`balances ${slip.receiptNumber} ${slip.locale}`), true),
      printMiniStatement: async (slip) => (slips.push(`mini ${slip.receiptNumber} ${slip.locale}`), true),
      printStatementPage: printPage,
    },
    book: { record: async (row) => void rows.push(row) },
    inPrint: {
      save: async (statement) => void effects.push(`in-print ${statement.printedPages}/${statement.pages}`),
      clear: async () => void effects.push('in-print cleared'),
    },
    policy: { today: () => '2026-12-04', historyDays: 730, maxDays: 366, entriesPerPage: 2 },
    enquiry: () => {
      // Like a UUIDv7 from one generator: the in-millisecond counter differs.
      const enquiryId = `0194c1a2-7b3c-7d4e-8f${(++enquiries).toString(16).padStart(2, '0')}-a1b2c3d4e5f6`;
      return { enquiryId, receiptNumber: receiptNumberFor('K09', enquiryId) };
    },
    log: { info: () => undefined, debug: () => undefined, warn: () => undefined },
    onChange: (status) => states.push(accountServicesStateSchema.parse(status.state)),
    ...(opts.timers ? { timers: opts.timers } : {}),
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  const typePin = async () => {
    await vi.waitFor(() => expect(pinDone).not.toBeNull(), { interval: 1 });
    for (let i = 1; i <= 6; i++) digits?.(i);
    const done = pinDone;
    pinDone = null;
    done?.(PIN);
    await settle();
  };
  const toAccounts = async () => {
    const started = journey.start();
    await typePin();
    await started;
    expect(journey.state.phase).toBe('accounts');
  };
  const releasePage = async () => {
    await vi.waitFor(() => expect(held.length).toBeGreaterThan(0));
    held.shift()?.();
    await settle();
  };
  const count = (effect: string) => effects.filter((e) => e === effect).length;
  const padFails = async (code: string) => {
    await vi.waitFor(() => expect(pinFail).not.toBeNull(), { interval: 1 });
    pinFail?.(Object.assign(new Error(code), { code }));
    await settle();
  };
  return { journey, bank, states, effects, rows, printedPages, slips, settle, typePin, padFails, toAccounts, releasePage, removeCard: () => removed?.(), count, phase: () => journey.state.phase };
}

type H = ReturnType<typeof harness>;
const compensatedOnce = (h: H, authorised = true) => {
  expect(h.count('card-released')).toBe(1);
  expect(h.count(`end-session ${SESSION}`)).toBe(authorised ? 1 : 0);
};
const rowsOf = (h: H, type: string) => h.rows.filter((r) => r.type === type).map((r) => r.item);

describe('balances and statements journey', () => {
  it('card, PIN (dots only), balances with a receipt number; slip, mini-statement and its slip; one row per enquiry; Done compensates once', async () => {
    const h = harness();
    await h.toAccounts();
    expect(h.states.filter((s) => s.phase === 'pin').map((s) => (s.phase === 'pin' ? s.digits : -1))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const accounts = h.journey.state;
    if (accounts.phase !== 'accounts') throw new Error('expected accounts');
    expect(accounts).toMatchObject({ maskedPan: CARD.masked, accounts: ACCOUNTS, receiptNumber: receiptNumberFor('K09', '0194c1a2-7b3c-7d4e-8f01-a1b2c3d4e5f6') });

    await h.journey.printBalances('en');
    expect(h.journey.state).toMatchObject({ phase: 'accounts', receipt: 'printed' });
    expect(h.slips).toEqual([`balances ${accounts.receiptNumber} en`]);

    await h.journey.showMiniStatement('A1002');
    expect(h.states.some((s) => s.phase === 'loading' && s.what === 'mini-statement' && s.accountId === 'A1002')).toBe(true);
    const mini = h.journey.state;
    if (mini.phase !== 'mini-statement') throw new Error('expected the mini-statement');
    expect(mini.entries).toHaveLength(3);
    expect(mini.receiptNumber).not.toBe(accounts.receiptNumber);
    await h.journey.printMiniStatement('zh-CN');
    expect(h.journey.state).toMatchObject({ phase: 'mini-statement', receipt: 'printed' });

    await h.journey.backToAccounts();
    expect(h.journey.state).toMatchObject({ phase: 'accounts', receiptNumber: accounts.receiptNumber });
    expect(rowsOf(h, 'banking.mini-statement')).toEqual([{ enquiryId: expect.any(String), receiptNumber: mini.receiptNumber, locale: 'zh-CN', maskedAccount: '6222 **** **** 0002', entryCount: 3, printed: true }]);

    await h.journey.finish();
    expect(h.phase()).toBe('idle');
    expect(rowsOf(h, 'banking.balance-enquiry')).toEqual([{ enquiryId: expect.any(String), receiptNumber: accounts.receiptNumber, locale: 'en', maskedAccounts: ['6222 **** **** 0001', '6222 **** **** 0002'], printed: true }]);
    expect(h.effects).toEqual([`end-session ${SESSION}`, 'card-released']);
    // Every row is one the hub accepts from this kiosk.
    for (const row of h.rows) expect(accountServiceItemProblem('K09', row.type, row.item)).toBeNull();
    // No state the page saw carried anything but the masked card number.
    expect(JSON.stringify(h.states)).not.toMatch(/CCCCCCCC|block|6222021000000000017/);
  });

  it('a statement page by page; paper out on page 2 pauses there; resume prints 2 and 3 — each page once — and records it', async () => {
    const h = harness({ pages: [{ printed: true }, { printed: false, pause: 'paper-out' }] });
    await h.toAccounts();
    h.journey.chooseStatement('A1001');
    expect(h.journey.state).toMatchObject({ phase: 'statement-period', earliest: '2024-12-04', today: '2026-12-04', maxDays: 366 });
    await h.journey.printStatement('zh-CN', { from: '2026-11-01', to: '2026-11-30' });
    await vi.waitFor(() => expect(h.journey.state).toMatchObject({ phase: 'print-paused', page: 2, pages: 3, reason: 'paper-out' }));
    expect(h.printedPages.map((p) => p.page)).toEqual([1]);
    h.journey.resumePrint('paper replaced');
    h.journey.resumePrint('and again: a second tap starts nothing');
    await vi.waitFor(() => expect(h.phase()).toBe('statement-done'));
    const done = h.journey.state;
    expect(done).toMatchObject({ phase: 'statement-done', pages: 3, printedPages: 3 });
    expect(h.printedPages.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(new Set(h.printedPages.map((p) => p.receiptNumber)).size).toBe(1);
    expect(h.states.filter((s) => s.phase === 'printing').map((s) => (s.phase === 'printing' ? s.page : 0))).toEqual([1, 2, 2, 3]);
    expect(rowsOf(h, 'banking.statement-printed')).toEqual([
      {
        enquiryId: expect.any(String),
        receiptNumber: done.phase === 'statement-done' ? done.receiptNumber : '',
        locale: 'zh-CN',
        maskedAccount: '6222 **** **** 0001',
        period: { from: '2026-11-01', to: '2026-11-30' },
        pages: 3,
        printedPages: 3,
        truncated: false,
        outcome: 'printed',
      },
    ]);
    // Kept on disk before each page (pages out so far), cleared once recorded: a kill leaves a true record.
    expect(h.effects.filter((e) => e.startsWith('in-print'))).toEqual(['in-print 0/3', 'in-print 1/3', 'in-print 1/3', 'in-print 2/3', 'in-print cleared']);
    await h.journey.backToAccounts();
    expect(h.phase()).toBe('accounts');
    expect(rowsOf(h, 'banking.statement-printed')).toHaveLength(1);
  });

  it('period rules: longer than maxDays or outside earliest..today is too-long; an empty period is no-entries; nothing prints', async () => {
    const h = harness({ statement: async () => ({ outcome: 'ok', account: ACCOUNTS[0]!, entries: [], truncated: false }) });
    await h.toAccounts();
    h.journey.chooseStatement('A1001');
    await h.journey.printStatement('en', { from: '2025-11-01', to: '2026-11-30' });
    expect(h.journey.state).toMatchObject({ phase: 'statement-period', problem: 'too-long' });
    await h.journey.printStatement('en', { from: '2026-11-01', to: '2026-12-05' });
    expect(h.journey.state).toMatchObject({ phase: 'statement-period', problem: 'too-long' });
    await h.journey.printStatement('en', { from: '2026-11-01', to: '2026-11-30' });
    expect(h.journey.state).toMatchObject({ phase: 'statement-period', problem: 'no-entries' });
    expect(h.printedPages).toEqual([]);
    expect(rowsOf(h, 'banking.statement-printed')).toEqual([]);
  });

  it('a statement the bank cut short says so on its last page and in its row', async () => {
    const seen: StatementPageSlip[] = [];
    const h = harness({ seenPages: seen, statement: async () => ({ outcome: 'ok', account: ACCOUNTS[0]!, entries: entries(3), truncated: true }) });
    await h.toAccounts();
    h.journey.chooseStatement('A1001');
    await h.journey.printStatement('en', { from: '2026-11-01', to: '2026-11-30' });
    await vi.waitFor(() => expect(h.phase()).toBe('statement-done'));
    expect(seen.map((p) => [p.page, p.truncated])).toEqual([
      [1, false],
      [2, true],
    ]);
    // Page 2 carries on from where page 1 ended.
    expect(seen[1]?.broughtForward).toEqual(seen[0]?.carriedForward);
    expect(rowsOf(h, 'banking.statement-printed')[0]).toMatchObject({ truncated: true, outcome: 'printed' });
  });

  it('hub unreachable at authorisation: stopped, the card released, no session to end, no row', async () => {
    const h = harness({ authorise: async () => Promise.reject(new HubUnreachableError('connect ECONNREFUSED')) });
    const started = h.journey.start();
    await h.typePin();
    await started;
    expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'hub-unreachable' });
    compensatedOnce(h, false);
    expect(h.rows).toEqual([]);
  });

  it('a later request the hub cannot answer keeps the balances, with the problem', async () => {
    const h = harness();
    await h.toAccounts();
    h.bank.miniStatement = async () => Promise.reject(new HubUnreachableError('timeout'));
    await h.journey.showMiniStatement('A1001');
    expect(h.journey.state).toMatchObject({ phase: 'accounts', accounts: ACCOUNTS, problem: 'hub-unreachable' });
    h.bank.statement = async () => ({ outcome: 'declined', reason: 'session-expired' });
    h.journey.chooseStatement('A1001');
    await h.journey.printStatement('en', { from: '2026-11-01', to: '2026-11-30' });
    expect(h.journey.state).toMatchObject({ phase: 'accounts', problem: 'declined' });
  });

  it('stop printing while a page prints: that page comes out, the rest is called off, the done screen and the row say how many; the card stays in until Done', async () => {
    const h = harness({ holdPages: true });
    await h.toAccounts();
    h.journey.chooseStatement('A1001');
    await h.journey.printStatement('en', { from: '2026-11-01', to: '2026-11-30' });
    await h.releasePage();
    await vi.waitFor(() => expect(h.journey.state).toMatchObject({ phase: 'printing', page: 2 }));
    expect(await h.journey.cancel()).toBe(true);
    expect(h.phase()).toBe('printing');
    expect(h.count('card-released')).toBe(0);
    await h.releasePage();
    await vi.waitFor(() => expect(h.journey.state).toMatchObject({ phase: 'statement-done', pages: 3, printedPages: 2 }));
    expect(h.printedPages.map((p) => p.page)).toEqual([1, 2]);
    expect(rowsOf(h, 'banking.statement-printed')).toEqual([expect.objectContaining({ pages: 3, printedPages: 2, outcome: 'stopped' })]);
    expect(h.count('card-released')).toBe(0);
    await h.journey.finish();
    expect(h.phase()).toBe('idle');
    expect(rowsOf(h, 'banking.statement-printed')).toHaveLength(1);
    compensatedOnce(h);
  });

  it('stop printing while paused: the done screen says how many pages are out, no page prints after, one row', async () => {
    const h = harness({ pages: [{ printed: true }, { printed: false, pause: 'paper-out' }] });
    await h.toAccounts();
    h.journey.chooseStatement('A1001');
    await h.journey.printStatement('en', { from: '2026-11-01', to: '2026-11-30' });
    await vi.waitFor(() => expect(h.journey.state).toMatchObject({ phase: 'print-paused', page: 2 }));
    expect(await h.journey.cancel()).toBe(true);
    expect(h.journey.state).toMatchObject({ phase: 'statement-done', pages: 3, printedPages: 1 });
    h.journey.resumePrint('printer ready again');
    await h.settle();
    expect(h.journey.state).toMatchObject({ phase: 'statement-done' });
    expect(h.printedPages.map((p) => p.page)).toEqual([1]);
    expect(rowsOf(h, 'banking.statement-printed')).toEqual([expect.objectContaining({ pages: 3, printedPages: 1, outcome: 'stopped' })]);
    h.journey.backToAccounts();
    await vi.waitFor(() => expect(h.phase()).toBe('accounts'));
    await h.journey.finish();
    expect(rowsOf(h, 'banking.statement-printed')).toHaveLength(1);
    compensatedOnce(h);
  });

  it('card removed while the balances show: stopped, compensated once, the balance enquiry recorded', async () => {
    const h = harness();
    await h.toAccounts();
    h.removeCard();
    await vi.waitFor(() => expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'card-removed' }));
    h.removeCard();
    await h.journey.sessionEnded();
    compensatedOnce(h);
    expect(rowsOf(h, 'banking.balance-enquiry')).toHaveLength(1);
  });

  it('cancel on the PIN pad, or Home during the PIN, ends the entry and releases the card', async () => {
    const h = harness();
    void h.journey.start();
    await vi.waitFor(() => expect(h.phase()).toBe('pin'));
    await h.journey.sessionEnded();
    expect(h.phase()).toBe('idle');
    expect(h.effects).toEqual(['pin-entry-aborted', 'card-released']);
    expect(h.bank.authorise).not.toHaveBeenCalled();
  });

  it('the PIN pad timing out, or cancel pressed on it, stops the journey (timeout / customer) and releases the card', async () => {
    for (const [code, reason] of [
      ['PIN_TIMEOUT', 'timeout'],
      ['PIN_CANCELLED', 'customer'],
    ] as const) {
      const h = harness();
      const started = h.journey.start();
      await h.padFails(code);
      await started;
      expect(h.journey.state).toEqual({ phase: 'stopped', reason });
      compensatedOnce(h, false);
    }
  });

  it('the bank approving after the customer left: that card session is ended too', async () => {
    let approve: (r: CardAuthorisationResponse) => void = () => undefined;
    const h = harness({ authorise: () => new Promise((resolve) => (approve = resolve)) });
    const started = h.journey.start();
    await h.typePin();
    expect(h.phase()).toBe('authorising');
    await h.journey.sessionEnded();
    expect(h.effects).toEqual(['card-released']);
    approve(APPROVED);
    await started;
    expect(h.phase()).toBe('idle');
    expect(h.effects).toEqual(['card-released', `end-session ${SESSION}`]);
    expect(h.rows).toEqual([]);
  });

  it('session end while paused mid-statement: the statement is recorded as stopped at the pages out, compensated once', async () => {
    const h = harness({ pages: [{ printed: true }, { printed: false, pause: 'cover-open' }] });
    await h.toAccounts();
    h.journey.chooseStatement('A1001');
    await h.journey.printStatement('en', { from: '2026-11-01', to: '2026-11-30' });
    await vi.waitFor(() => expect(h.journey.state).toMatchObject({ phase: 'print-paused', page: 2, reason: 'cover-open' }));
    await h.journey.sessionEnded();
    h.journey.resumePrint('the printer came back after the customer left');
    await h.settle();
    expect(h.phase()).toBe('idle');
    expect(h.printedPages.map((p) => p.page)).toEqual([1]);
    expect(rowsOf(h, 'banking.statement-printed')).toEqual([expect.objectContaining({ printedPages: 1, outcome: 'stopped' })]);
    compensatedOnce(h);
  });

  it('each phase that waits on the customer has a deadline that ends the journey with its compensations', async () => {
    for (const phase of ['accounts', 'mini-statement', 'statement-period', 'print-paused'] as const) {
      const timers = manualTimers();
      const h = harness({ timers, pages: [{ printed: false, pause: 'printer-error' }] });
      await h.toAccounts();
      if (phase === 'mini-statement') await h.journey.showMiniStatement('A1001');
      if (phase === 'statement-period' || phase === 'print-paused') h.journey.chooseStatement('A1001');
      if (phase === 'print-paused') await h.journey.printStatement('en', { from: '2026-11-01', to: '2026-11-30' });
      await vi.waitFor(() => expect(h.phase()).toBe(phase));
      timers.elapse(PHASE_DEADLINE_MS[phase]! - 1);
      expect(h.phase()).toBe(phase);
      timers.elapse(PHASE_DEADLINE_MS[phase]!);
      await vi.waitFor(() => expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'timeout' }));
      compensatedOnce(h);
    }
    const timers = manualTimers();
    const done = harness({ timers });
    await done.toAccounts();
    done.journey.chooseStatement('A1001');
    await done.journey.printStatement('en', { from: '2026-11-01', to: '2026-11-30' });
    await vi.waitFor(() => expect(done.phase()).toBe('statement-done'));
    timers.elapse(PHASE_DEADLINE_MS['statement-done']!);
    await vi.waitFor(() => expect(done.phase()).toBe('idle'));
    compensatedOnce(done);
  });

  it('the session ends right after the bank approves the card, at any point before the journey took the answer: that card session is ended too, once (the race the bill-payment property found there)', async () => {
    // Every interleaving: 0…12 microtask turns between the bank's answer and the session end.
    for (let turns = 0; turns <= 12; turns++) {
      let approve: (answer: CardAuthorisationResponse) => void = () => undefined;
      const h = harness({ authorise: () => new Promise((resolve) => (approve = resolve)) });
      const started = h.journey.start();
      await h.typePin();
      await vi.waitFor(() => expect(h.phase()).toBe('authorising'));
      approve(APPROVED);
      for (let i = 0; i < turns; i++) await Promise.resolve();
      await Promise.all([started, h.journey.sessionEnded()]);
      await h.settle();
      expect(h.phase(), `after ${turns} turns`).toBe('idle');
      expect(h.count(`end-session ${SESSION}`), `after ${turns} turns`).toBe(1);
      expect(h.count('card-released'), `after ${turns} turns`).toBe(1);
    }
  });

  it('the moves table: nothing leaves printing but the next page, a pause or the end of the statement', () => {
    expect(canMove('printing', 'stopped')).toBe(false);
    expect(canMove('printing', 'idle')).toBe(false);
    expect(canMove('printing', 'print-paused')).toBe(true);
    expect(canMove('print-paused', 'printing')).toBe(true);
    expect(canMove('accounts', 'printing')).toBe(false);
    expect(canMove('idle', 'accounts')).toBe(false);
    expect(canMove('mini-statement', 'stopped')).toBe(true);
  });
});

type Step = 'printBalances' | 'showMini' | 'printMini' | 'back' | 'choose' | 'printStatement' | 'resume' | 'cancel' | 'cardRemoved' | 'sessionEnded' | 'finish' | 'tick';
const STEPS: Step[] = ['printBalances', 'showMini', 'printMini', 'back', 'choose', 'printStatement', 'resume', 'cancel', 'cardRemoved', 'sessionEnded', 'finish', 'tick'];

describe('balances and statements journey, random orders of events', () => {
  it('no page prints twice, the card is always released once at the end, a finished statement always has its row', async () => {
    await fc.assert(
      // `failures`: which page jobs, in order, the printer stops on (paper out).
      fc.asyncProperty(fc.array(fc.constantFrom(...STEPS), { maxLength: 25 }), fc.array(fc.boolean(), { maxLength: 12 }), async (steps, failures) => {
        const h = harness({ pages: failures.map((fail): PageOutcome => (fail ? { printed: false, pause: 'paper-out' } : { printed: true })) });
        await h.toAccounts();
        const pending: Promise<unknown>[] = [];
        for (const step of steps) {
          const j = h.journey;
          if (step === 'printBalances') pending.push(j.printBalances('en'));
          if (step === 'showMini') pending.push(j.showMiniStatement('A1001'));
          if (step === 'printMini') pending.push(j.printMiniStatement('zh-CN'));
          if (step === 'back') pending.push(j.backToAccounts());
          if (step === 'choose') j.chooseStatement('A1002');
          if (step === 'printStatement') pending.push(j.printStatement('en', { from: '2026-11-01', to: '2026-11-30' }));
          if (step === 'resume') j.resumePrint('property');
          if (step === 'cancel') pending.push(j.cancel());
          if (step === 'cardRemoved') h.removeCard();
          if (step === 'sessionEnded') pending.push(j.sessionEnded());
          if (step === 'finish') pending.push(j.finish());
          if (step === 'tick') await h.settle();
        }
        await Promise.all(pending);
        await h.journey.sessionEnded();
        await h.settle();
        expect(h.phase()).toBe('idle');
        // No page of any statement printed twice.
        const keys = h.printedPages.map((p) => `${p.receiptNumber}#${p.page}`);
        expect(new Set(keys).size).toBe(keys.length);
        // Compensated exactly once.
        compensatedOnce(h);
        // One row per receipt number; each statement row agrees with what the printer printed.
        const numbers = h.rows.map((r) => r.item.receiptNumber);
        expect(new Set(numbers).size).toBe(numbers.length);
        for (const row of h.rows) expect(accountServiceItemProblem('K09', row.type, row.item)).toBeNull();
        const statementRows = rowsOf(h, 'banking.statement-printed') as { receiptNumber: string; printedPages: number; pages: number }[];
        for (const row of statementRows) expect(h.printedPages.filter((p) => p.receiptNumber === row.receiptNumber)).toHaveLength(row.printedPages);
        // Every statement that reached its last page has its row, marked printed.
        const printedOut = new Set(h.printedPages.filter((p) => p.page === 3).map((p) => p.receiptNumber));
        for (const receiptNumber of printedOut) expect(statementRows.find((r) => r.receiptNumber === receiptNumber)).toMatchObject({ printedPages: 3, pages: 3 });
        // Every statement that printed anything has its row.
        for (const receiptNumber of new Set(h.printedPages.map((p) => p.receiptNumber))) expect(statementRows.some((r) => r.receiptNumber === receiptNumber)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
