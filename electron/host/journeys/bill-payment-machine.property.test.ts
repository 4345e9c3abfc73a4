// The bill-payment journey under random orders of events (customer taps, card reader and PIN pad,
// the bank's answers arriving late or lost, the hub going away, the printer failing, the outbox
// refusing, deadlines firing), against a fake bank that keeps its own ledger. Whatever the
// order: never a debit without a receipt record (the outbox row whose id is the key), never a
// receipt record that claims money the bank did not move, and nothing half done at the end —
// card released, card sessions ended, PIN entry closed, no card data or PIN block held or logged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { billPaymentStateSchema } from '../../bridge/bill-payment-contract.js';
import { CARD_SEAL_ALGORITHM, type PinBlock, type SealedCard } from '../../../protocol/card-security.js';
import { formatBillPayload, type Bill, type CardAuthorisationResponse, type PaymentResult } from '../../../protocol/core-banking.js';
import { BillPaymentJourney } from './bill-payment-machine.js';
import { HubUnreachableError, type BankPort, type CardPort, type PaymentRecord, type PresentedCard } from './bill-payment-ports.js';

const BILL: Bill = {
  billId: 'EB-202611-0001',
  billerId: 'sgcc-sh',
  reference: '3100123456',
  payeeName: '张*',
  period: '2026-11',
  amount: { minor: 25_680, currency: 'CNY' },
  fee: { minor: 0, currency: 'CNY' },
  dueDate: '2026-12-20',
  status: 'open',
};
const CARD: SealedCard = { alg: CARD_SEAL_ALGORITHM, keyId: 'demo-card-1', epk: 'A'.repeat(43), iv: 'B'.repeat(16), ct: 'C'.repeat(40), tag: 'D'.repeat(22), masked: '622202******1234', entry: 'chip' };
const PIN: PinBlock = { format: 4, keyId: 'demo-pek-aes-1', block: 'E'.repeat(32) };
const ACCOUNT = { accountId: 'acc-1', maskedNumber: '6222 **** **** 0123', kind: 'current' as const, name: { 'zh-CN': '活期', en: 'Current' }, available: { minor: 1_000_000, currency: 'CNY' as const }, ledger: { minor: 1_000_000, currency: 'CNY' as const } };
const SECRETS = [CARD.ct, CARD.epk, CARD.tag, PIN.block];

type AuthAnswer = 'approved' | 'wrong-pin' | 'declined' | 'unreachable';
type PayAnswer = 'approved' | 'declined' | 'lost-after-debit' | 'unreachable';
export type Event =
  | { e: 'start' | 'findPayload' | 'findReference' | 'payWithCard' | 'confirm' | 'cancel' | 'sessionEnded' | 'finish' | 'tick' | 'elapse' }
  | { e: 'insertCard' | 'swipeChip' | 'typePin' | 'padCancel' | 'padTimeout' | 'cardRemoved' }
  | { e: 'auth'; answer: AuthAnswer }
  | { e: 'pay'; answer: PayAnswer }
  | { e: 'hubDown' | 'hubUp' | 'printerFails' | 'printerWorks' | 'outboxFull' | 'outboxFree' };

const eventArb: fc.Arbitrary<Event> = fc.oneof(
  fc.constantFrom(...(['start', 'findPayload', 'findReference', 'payWithCard', 'confirm', 'cancel', 'sessionEnded', 'finish', 'tick', 'elapse'] as const)).map((e) => ({ e })),
  fc.constantFrom(...(['insertCard', 'swipeChip', 'typePin', 'padCancel', 'padTimeout', 'cardRemoved'] as const)).map((e) => ({ e })),
  fc.constantFrom<AuthAnswer>('approved', 'wrong-pin', 'declined', 'unreachable').map((answer) => ({ e: 'auth' as const, answer })),
  fc.constantFrom<PayAnswer>('approved', 'declined', 'lost-after-debit', 'unreachable').map((answer) => ({ e: 'pay' as const, answer })),
  fc.constantFrom(...(['hubDown', 'hubUp', 'printerFails', 'printerWorks', 'outboxFull', 'outboxFree'] as const)).map((e) => ({ e })),
);

type Waiter<T> = { resolve(value: T): void; reject(err: unknown): void };
const coded = (code: string) => Object.assign(new Error(code), { code });

/** A bank, card reader, PIN pad, outbox and printer whose every answer the test decides. */
export function world(opts: { offlineAllowed: boolean }) {
  const flags = { hubDown: false, printerFails: false, outboxFull: false };
  const rows = new Map<string, PaymentRecord>();
  const settled = new Map<string, unknown[]>();
  /** The bank's ledger: debits by idempotency key (a replay never debits again). */
  const debits = new Map<string, string>();
  const payCalls: { key: string; bookedBefore: boolean }[] = [];
  const openSessions = new Set<string>();
  const printed: { reference: string | null; pending: boolean }[] = [];
  const logged: unknown[] = [];
  const cardWaits: Waiter<PresentedCard>[] = [];
  const pinWaits: (Waiter<PinBlock> & { onDigits(n: number): void })[] = [];
  const authWaits: Waiter<CardAuthorisationResponse>[] = [];
  const payWaits: { key: string; waiter: Waiter<PaymentResult> }[] = [];
  const removalWatchers = new Set<() => void>();
  let cardHeld = false;
  let sessions = 0;
  let rowsMade = 0;
  const timers = new Map<number, () => void>();
  let timerId = 0;

  const bank: BankPort = {
    lookupBill: async () => {
      if (flags.hubDown) throw new HubUnreachableError('connect ECONNREFUSED');
      return { outcome: 'found', bill: BILL };
    },
    billerName: async () => ({ 'zh-CN': '国网上海电力', en: 'State Grid Shanghai' }),
    authorise: () => new Promise((resolve, reject) => authWaits.push({ resolve, reject })),
    payBill: (request) => {
      payCalls.push({ key: request.idempotencyKey, bookedBefore: rows.has(request.idempotencyKey) });
      return new Promise((resolve, reject) => payWaits.push({ key: request.idempotencyKey, waiter: { resolve, reject } }));
    },
    endSession: async (id) => void openSessions.delete(id),
  };
  const card: CardPort = {
    presentCard: (signal) =>
      new Promise((resolve, reject) => {
        const waiter = { resolve, reject };
        cardWaits.push(waiter);
        signal.addEventListener('abort', () => {
          const i = cardWaits.indexOf(waiter);
          if (i >= 0) cardWaits.splice(i, 1);
          reject(coded('ABORTED'));
        });
      }),
    readPin: (onDigits, signal) =>
      new Promise((resolve, reject) => {
        const waiter = { resolve, reject, onDigits };
        pinWaits.push(waiter);
        signal.addEventListener('abort', () => {
          const i = pinWaits.indexOf(waiter);
          if (i >= 0) pinWaits.splice(i, 1);
          reject(coded('PIN_CANCELLED'));
        });
      }),
    release: async () => {
      cardHeld = false;
    },
    onRemoved: (cb) => {
      removalWatchers.add(cb);
      return () => removalWatchers.delete(cb);
    },
  };
  const journey = new BillPaymentJourney({
    bank,
    card,
    book: {
      record: async (r) => {
        if (flags.outboxFull) throw new Error('backlog full');
        const id = `0194c1a2-7b3c-7d4e-8f90-${String(++rowsMade).padStart(12, '0')}`;
        rows.set(id, r);
        return { id };
      },
      settle: async (id, result) => void settled.set(id, [...(settled.get(id) ?? []), result]),
    },
    receipt: {
      printPayment: async (r) => {
        if (flags.printerFails) throw coded('PAPER_OUT');
        printed.push({ reference: r.reference, pending: r.pending });
        return true;
      },
    },
    offline: { mayPayOffline: async () => opts.offlineAllowed },
    log: { info: (...args: unknown[]) => void logged.push(args), debug: (...args: unknown[]) => void logged.push(args), warn: (...args: unknown[]) => void logged.push(args) },
    // Every state the page is sent must be one it can parse.
    onChange: (status) => void billPaymentStateSchema.parse(status.state),
    today: () => '2026-12-03',
    timers: {
      setTimeout: (fn, _ms) => (timers.set(++timerId, fn), timerId),
      clearTimeout: (handle) => void timers.delete(handle as number),
    },
  });

  const answerAuth = (answer: AuthAnswer) => {
    const w = authWaits.shift();
    if (!w) return;
    if (answer === 'unreachable' || flags.hubDown) return w.reject(new HubUnreachableError('timeout'));
    if (answer === 'wrong-pin') return w.resolve({ outcome: 'declined', reason: 'wrong-pin', triesLeft: 2 });
    if (answer === 'declined') return w.resolve({ outcome: 'declined', reason: 'card-blocked' });
    const sessionId = `0194c1a2-7b3c-7d4e-8f90-a1b2c3d4${String(++sessions).padStart(4, '0')}`;
    openSessions.add(sessionId);
    w.resolve({ outcome: 'approved', session: { sessionId, expiresAt: '2026-12-03T10:05:00Z', maskedPan: CARD.masked, customer: { customerId: 'c1', displayName: '张三' }, accounts: [ACCOUNT] } });
  };
  const answerPay = (answer: PayAnswer) => {
    const p = payWaits.shift();
    if (!p) return;
    const effective = flags.hubDown && answer !== 'lost-after-debit' ? 'unreachable' : answer;
    if (effective === 'unreachable') return p.waiter.reject(new HubUnreachableError('socket hang up'));
    if (effective === 'declined' && !debits.has(p.key)) return p.waiter.resolve({ outcome: 'declined', reason: 'insufficient-funds' });
    if (!debits.has(p.key)) debits.set(p.key, `PAY-${p.key.slice(-6)}`);
    if (effective === 'lost-after-debit') return p.waiter.reject(new HubUnreachableError('socket hang up after the debit'));
    const reference = debits.get(p.key) ?? '';
    p.waiter.resolve({ outcome: 'approved', paymentId: p.key, reference, billId: BILL.billId, amount: BILL.amount, fee: BILL.fee, balanceAfter: { minor: 974_320, currency: 'CNY' }, approvedAt: '2026-12-03T10:01:00Z' });
  };
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

  /** One event; journey calls are left running (their promises collected) like taps on a page. */
  const apply = (ev: Event, running: Promise<unknown>[]): void | Promise<unknown> => {
    const j = journey;
    const payload = formatBillPayload({ billerId: BILL.billerId, reference: BILL.reference, billId: BILL.billId, amount: BILL.amount });
    switch (ev.e) {
      case 'start':
        return void j.start();
      case 'findPayload':
        return void running.push(j.findBill({ by: 'payload', payload }));
      case 'findReference':
        return void running.push(j.findBill({ by: 'reference', billerId: BILL.billerId, reference: BILL.reference }));
      case 'payWithCard':
        return void running.push(j.payWithCard());
      case 'confirm':
        return void running.push(j.confirm());
      case 'cancel':
        return void running.push(j.cancel());
      case 'sessionEnded':
        return void running.push(j.sessionEnded());
      case 'finish':
        return void running.push(j.finish());
      case 'tick':
        return tick();
      case 'elapse': {
        const due = [...timers];
        timers.clear();
        return void due.forEach(([, fn]) => fn());
      }
      case 'insertCard':
      case 'swipeChip': {
        const w = cardWaits.shift();
        if (w && ev.e === 'insertCard') cardHeld = true;
        return void w?.resolve(ev.e === 'insertCard' ? { kind: 'card', sealed: CARD } : { kind: 'insert-chip' });
      }
      case 'typePin': {
        const w = pinWaits.shift();
        for (let i = 1; i <= 6; i++) w?.onDigits(i);
        return void w?.resolve(PIN);
      }
      case 'padCancel':
        return void pinWaits.shift()?.reject(coded('PIN_CANCELLED'));
      case 'padTimeout':
        return void pinWaits.shift()?.reject(coded('PIN_TIMEOUT'));
      case 'cardRemoved':
        // During the PIN the port ends the entry itself; afterwards the journey is told.
        pinWaits.splice(0).forEach((w) => w.reject(coded('CARD_REMOVED')));
        return void [...removalWatchers].forEach((cb) => cb());
      case 'auth':
        return answerAuth(ev.answer);
      case 'pay':
        return answerPay(ev.answer);
      case 'hubDown':
      case 'hubUp':
        return void (flags.hubDown = ev.e === 'hubDown');
      case 'printerFails':
      case 'printerWorks':
        return void (flags.printerFails = ev.e === 'printerFails');
      case 'outboxFull':
      case 'outboxFree':
        return void (flags.outboxFull = ev.e === 'outboxFull');
    }
  };

  /** The bank answers whatever is still waiting, the customer walks away, the session ends. */
  const drain = async (running: Promise<unknown>[]) => {
    for (let round = 0; round < 30 && (authWaits.length || payWaits.length || pinWaits.length || cardWaits.length || journey.state.phase === 'result'); round++) {
      while (payWaits.length) answerPay('approved');
      while (authWaits.length) answerAuth('approved');
      pinWaits.splice(0).forEach((w) => w.reject(coded('PIN_CANCELLED')));
      await journey.finish();
      await journey.sessionEnded();
      await tick();
    }
    await Promise.all(running);
    await journey.finish();
    await journey.sessionEnded();
    await tick();
  };

  return { journey, apply, drain, flags, rows, settled, debits, payCalls, openSessions, printed, logged, cardWaits, pinWaits, authWaits, payWaits, cardHeld: () => cardHeld };
}

/** Whether the journey itself (its own fields, not its ports) still holds the card data or PIN block. */
function holdsCardData(journey: BillPaymentJourney): boolean {
  const own = Object.entries(journey).filter(([key]) => key !== 'deps' && key !== 'timers');
  const seen = new WeakSet<object>();
  const text = JSON.stringify(own, (_key, value: unknown) => {
    if (typeof value === 'function') return undefined;
    if (typeof value === 'object' && value !== null) {
      if (seen.has(value)) return undefined;
      seen.add(value);
    }
    return value;
  });
  return SECRETS.some((secret) => text.includes(secret));
}

export async function runEvents(events: Event[], offlineAllowed: boolean) {
  const w = world({ offlineAllowed });
  const running: Promise<unknown>[] = [];
  for (const ev of events) await w.apply(ev, running);
  await w.drain(running);
  return w;
}

/** Everything the property asserts, for one finished run. */
export function checkNothingHalfDone(w: ReturnType<typeof world>): void {
  expect(w.journey.state.phase).toBe('idle');
  // Never a debit without a receipt record: every call that could move money named a row
  // that was already booked, and every key the bank debited is such a row.
  for (const call of w.payCalls) expect(call.bookedBefore).toBe(true);
  for (const key of w.debits.keys()) expect(w.rows.has(key)).toBe(true);
  // The kiosk never sent the same key twice (a replay is sync's business, not the journey's).
  expect(new Set(w.payCalls.map((c) => c.key)).size).toBe(w.payCalls.length);
  // No receipt record without a debit: every row has exactly one outcome kept with it, and it
  // agrees with the bank — approved only if debited, declined only if not, pending only when
  // the row carries what the hub needs to finish it (a forward row, or a session's fallback).
  for (const [id, row] of w.rows) {
    const outcomes = w.settled.get(id) ?? [];
    expect(outcomes).toHaveLength(1);
    const outcome = outcomes[0] as PaymentResult | { outcome: 'pending' };
    if (outcome.outcome === 'approved') expect(w.debits.get(id)).toBe(outcome.reference);
    if (outcome.outcome === 'declined') expect(w.debits.has(id)).toBe(false);
    if (outcome.outcome === 'pending') {
      if (row.authorisation.kind === 'session') expect(row.authorisation.fallback).toEqual({ card: CARD, pin: PIN });
      else expect(row.authorisation).toEqual({ kind: 'forward', card: CARD, pin: PIN });
    }
  }
  // A printed receipt is backed by a row: a reference only for money the bank moved.
  const references = new Set(w.debits.values());
  for (const receipt of w.printed) {
    if (receipt.reference !== null) expect(references.has(receipt.reference)).toBe(true);
    else expect(receipt.pending).toBe(true);
  }
  const pendingRows = [...w.settled.values()].filter((o) => (o[0] as { outcome: string }).outcome === 'pending').length;
  expect(w.printed.filter((r) => r.pending).length).toBeLessThanOrEqual(pendingRows);
  // Nothing half done: no card session left open at the bank, the card released, no PIN
  // entry or card wait left running, nothing secret held or logged.
  expect([...w.openSessions]).toEqual([]);
  expect(w.cardHeld()).toBe(false);
  expect(w.pinWaits).toHaveLength(0);
  expect(w.cardWaits).toHaveLength(0);
  expect(holdsCardData(w.journey)).toBe(false);
  const logs = JSON.stringify(w.logged);
  for (const secret of SECRETS) expect(logs).not.toContain(secret);
}

describe('bill payment journey, random orders of events', () => {
  it('never a debit without a receipt record, no receipt record without a debit, nothing half done', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { maxLength: 40 }), fc.boolean(), async (events, offlineAllowed) => {
        checkNothingHalfDone(await runEvents(events, offlineAllowed));
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 300) },
    );
  }, 120_000);

  it('the same property on a customer who pays, with random events between every step (they reach the card, the PIN, the bank and the payment)', async () => {
    const happy: fc.Arbitrary<Event[]> = fc.tuple(fc.constantFrom<AuthAnswer>('approved', 'approved', 'unreachable', 'wrong-pin'), fc.constantFrom<PayAnswer>('approved', 'declined', 'lost-after-debit', 'unreachable')).map(([auth, pay]) => [
      { e: 'start' },
      { e: 'findPayload' },
      { e: 'payWithCard' },
      { e: 'insertCard' },
      { e: 'typePin' },
      { e: 'auth', answer: auth },
      { e: 'typePin' },
      { e: 'auth', answer: 'approved' },
      { e: 'confirm' },
      { e: 'pay', answer: pay },
      { e: 'finish' },
    ]);
    const interleaved = happy.chain((steps) =>
      fc.tuple(...steps.map((step) => fc.tuple(fc.array(eventArb, { maxLength: 2 }), fc.constant(step)))).map((pairs) => pairs.flatMap(([noise, step]): Event[] => [...noise, { e: 'tick' }, step, { e: 'tick' }])),
    );
    await fc.assert(
      fc.asyncProperty(interleaved, fc.boolean(), async (events, offlineAllowed) => {
        checkNothingHalfDone(await runEvents(events, offlineAllowed));
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 400) },
    );
  }, 120_000);
});

// Counterexamples the property found (or that the fix for them covers), as plain cases.
describe('bill payment journey, ended in the same turn as a device or bank answer', () => {
  const toAuthorising: Event[] = [{ e: 'start' }, { e: 'findPayload' }, { e: 'tick' }, { e: 'payWithCard' }, { e: 'tick' }, { e: 'insertCard' }, { e: 'tick' }, { e: 'typePin' }, { e: 'tick' }];

  it('the session ends right after the bank approved the card, before the journey took the answer: that card session is ended too', async () => {
    const w = world({ offlineAllowed: false });
    const running: Promise<unknown>[] = [];
    for (const ev of [...toAuthorising, { e: 'auth', answer: 'approved' } as const, { e: 'sessionEnded' } as const]) await w.apply(ev, running);
    await Promise.all(running);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(w.journey.state.phase).toBe('idle');
    expect([...w.openSessions]).toEqual([]);
    expect(w.rows.size).toBe(0);
    expect(w.cardHeld()).toBe(false);
  });

  it('cancel in the same turn as the card is read: the card is released, not left in the reader', async () => {
    const w = world({ offlineAllowed: false });
    const running: Promise<unknown>[] = [];
    for (const ev of [{ e: 'start' }, { e: 'findPayload' }, { e: 'tick' }, { e: 'payWithCard' }, { e: 'tick' }] as Event[]) await w.apply(ev, running);
    // Not awaited in between: the card's arrival and the tap land in the same turn.
    void w.apply({ e: 'insertCard' }, running);
    void w.apply({ e: 'cancel' }, running);
    await Promise.all(running);
    await w.apply({ e: 'tick' }, running);
    expect(w.journey.state).toEqual({ phase: 'stopped', reason: 'customer' });
    expect(w.cardHeld()).toBe(false);
    expect(w.pinWaits).toHaveLength(0);
  });
});
