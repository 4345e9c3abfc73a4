// The bill-payment journey against fake ports: every path a customer can take, and for each
// way out, the compensations that leave nothing half done.
import { describe, expect, it, vi } from 'vitest';
import { billPaymentStateSchema, type BillPaymentState } from '../../bridge/bill-payment-contract.js';
import { CARD_SEAL_ALGORITHM, type PinBlock, type SealedCard } from '../../../protocol/card-security.js';
import { formatBillPayload, type Bill, type CardAuthorisationResponse, type PaymentResult } from '../../../protocol/core-banking.js';
import { BillPaymentJourney, canMove, PHASE_DEADLINE_MS } from './bill-payment-machine.js';
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
const CARD: SealedCard = {
  alg: CARD_SEAL_ALGORITHM,
  keyId: 'demo-card-1',
  epk: 'A'.repeat(43),
  iv: 'B'.repeat(16),
  ct: 'C'.repeat(40),
  tag: 'D'.repeat(22),
  masked: '622202******1234',
  entry: 'chip',
};
const PIN: PinBlock = { format: 4, keyId: 'demo-pek-aes-1', block: '0'.repeat(32) };
const ACCOUNT = { accountId: 'acc-1', maskedNumber: '6222 **** **** 0123', kind: 'current' as const, name: { 'zh-CN': '活期', en: 'Current' }, available: { minor: 1_000_000, currency: 'CNY' as const }, ledger: { minor: 1_000_000, currency: 'CNY' as const } };
const APPROVED: CardAuthorisationResponse = {
  outcome: 'approved',
  session: { sessionId: '0194c1a2-7b3c-7d4e-8f90-a1b2c3d4e5f6', expiresAt: '2026-12-03T10:05:00Z', maskedPan: CARD.masked, customer: { customerId: 'c1', name: { 'zh-CN': '张三', en: 'Zhang San' } } as never, accounts: [ACCOUNT] },
};
const PAID: PaymentResult = {
  outcome: 'approved',
  paymentId: '0194c1a2-7b3c-7d4e-8f90-a1b2c3d4e5f7',
  reference: 'PAY-20261203-0001',
  billId: BILL.billId,
  amount: BILL.amount,
  fee: BILL.fee,
  balanceAfter: { minor: 974_320, currency: 'CNY' },
  approvedAt: '2026-12-03T10:01:00Z',
};

function manualTimers() {
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
}

function harness(opts: { authorise?: (() => Promise<CardAuthorisationResponse>)[]; cards?: PresentedCard[]; payBill?: () => Promise<PaymentResult>; recordFails?: boolean; offlineAllowed?: boolean; lookupFails?: boolean; timers?: ReturnType<typeof manualTimers> } = {}) {
  const states: BillPaymentState[] = [];
  const effects: string[] = [];
  const records: PaymentRecord[] = [];
  const settled: unknown[] = [];
  const authorise = [...(opts.authorise ?? [async () => APPROVED])];
  const cards = [...(opts.cards ?? [{ kind: 'card', sealed: CARD } as const])];
  let pinDigits: ((n: number) => void) | null = null;
  let pinDone: { resolve(pin: PinBlock): void; reject(err: unknown): void } | null = null;
  const bank: BankPort = {
    lookupBill: async () => {
      if (opts.lookupFails) throw new HubUnreachableError('connect ECONNREFUSED');
      return { outcome: 'found', bill: BILL };
    },
    billerName: async () => ({ 'zh-CN': '国网上海电力', en: 'State Grid Shanghai' }),
    authorise: async () => (authorise.shift() ?? (async () => APPROVED))(),
    payBill: vi.fn(opts.payBill ?? (async () => PAID)),
    endSession: async (id) => void effects.push(`end-session ${id}`),
  };
  const card: CardPort = {
    presentCard: (signal) =>
      new Promise((resolve, reject) => {
        signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { code: 'ABORTED' })));
        const next = cards.shift();
        if (next) setTimeout(() => resolve(next), 0);
      }),
    readPin: (onDigits, signal) =>
      new Promise((resolve, reject) => {
        let open = true;
        pinDigits = onDigits;
        pinDone = {
          resolve: (pin) => {
            open = false;
            resolve(pin);
          },
          reject: (err) => {
            open = false;
            reject(err);
          },
        };
        signal.addEventListener('abort', () => {
          if (!open) return;
          effects.push('pin-entry-aborted');
          reject(Object.assign(new Error('cancelled'), { code: 'PIN_CANCELLED' }));
        });
      }),
    release: async () => void effects.push('card-released'),
    onRemoved: (cb) => {
      removalWatchers.add(cb);
      return () => removalWatchers.delete(cb);
    },
  };
  const removalWatchers = new Set<() => void>();
  const removeCard = () => [...removalWatchers].forEach((cb) => cb());
  const printed: unknown[] = [];
  const logged: unknown[] = [];
  const journey = new BillPaymentJourney({
    bank,
    card,
    book: {
      record: async (r) => {
        if (opts.recordFails) throw new Error('backlog full');
        records.push(r);
        return { id: `0194c1a2-7b3c-7d4e-8f90-00000000000${records.length}` };
      },
      settle: async (_id, result) => void settled.push(result),
    },
    receipt: { printPayment: async (r) => (printed.push(r), true) },
    offline: { mayPayOffline: async () => opts.offlineAllowed ?? false },
    log: { info: (...args: unknown[]) => void logged.push(args), debug: (...args: unknown[]) => void logged.push(args), warn: (...args: unknown[]) => void logged.push(args) },
    onChange: (status) => states.push(billPaymentStateSchema.parse(status.state)),
    today: () => '2026-12-03',
    ...(opts.timers ? { timers: opts.timers } : {}),
  });
  const phase = () => journey.state.phase;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  const typePin = async (digits: number) => {
    await vi.waitFor(() => expect(pinDigits).not.toBeNull());
    for (let i = 1; i <= digits; i++) pinDigits?.(i);
    const done = pinDone;
    pinDigits = null;
    pinDone = null;
    done?.resolve(PIN);
    await settle();
  };
  const pressCancelOnPad = async () => {
    await vi.waitFor(() => expect(pinDone).not.toBeNull());
    pinDone?.reject(Object.assign(new Error('cancel key'), { code: 'PIN_CANCELLED' }));
    await settle();
  };
  return { journey, bank, states, effects, records, settled, printed, logged, phase, settle, typePin, pressCancelOnPad, removeCard, watching: () => removalWatchers.size };
}

/**
 * Whether the journey itself (its own fields, not its ports) still holds any of the card's
 * sealed data or the PIN block, however it keeps them.
 */
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
  return [CARD.ct, CARD.epk, CARD.tag, PIN.block].some((secret) => text.includes(secret));
}

async function toReview(h: ReturnType<typeof harness>) {
  h.journey.start();
  await h.journey.findBill({ by: 'payload', payload: formatBillPayload({ billerId: BILL.billerId, reference: BILL.reference, billId: BILL.billId, amount: BILL.amount }) });
  expect(h.phase()).toBe('bill-shown');
  const paying = h.journey.payWithCard();
  await vi.waitFor(() => expect(h.phase()).toBe('pin'));
  await h.typePin(6);
  await paying;
}

describe('bill payment journey', () => {
  it('online: bill, card, PIN (dots only), review, one payment keyed by the outbox row, receipt, then the card is released', async () => {
    const h = harness();
    await toReview(h);
    expect(h.states.filter((s) => s.phase === 'pin').map((s) => (s.phase === 'pin' ? s.digits : -1))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(h.journey.state).toMatchObject({ phase: 'review', offline: false, account: { accountId: 'acc-1' }, total: { minor: 25_680, currency: 'CNY' } });
    expect(h.bank.payBill).not.toHaveBeenCalled(); // nothing moves before the review is confirmed
    await h.journey.confirm();
    expect(h.records).toHaveLength(1);
    expect(h.bank.payBill).toHaveBeenCalledWith(expect.objectContaining({ idempotencyKey: '0194c1a2-7b3c-7d4e-8f90-000000000001', accountId: 'acc-1', billId: BILL.billId }));
    expect(h.journey.state).toMatchObject({ phase: 'result', outcome: 'approved', reference: PAID.reference, receipt: 'printed' });
    expect(h.printed).toEqual([expect.objectContaining({ reference: PAID.reference, pending: false, maskedPan: CARD.masked })]);
    await h.journey.confirm(); // a second tap pays nothing
    expect(h.bank.payBill).toHaveBeenCalledTimes(1);
    await h.journey.finish();
    expect(h.effects).toEqual(['end-session 0194c1a2-7b3c-7d4e-8f90-a1b2c3d4e5f6', 'card-released']);
    expect(h.phase()).toBe('idle');
    // No state the page saw carried anything but the masked card number.
    expect(JSON.stringify(h.states)).not.toMatch(/CCCCCCCC|"pin"\s*:\s*\{|block/);
  });

  it('a card taken out at review ends the journey before anything is booked; once paying, the payment runs to its end', async () => {
    const h = harness();
    await toReview(h);
    h.removeCard();
    await vi.waitFor(() => expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'card-removed' }));
    expect(h.records).toEqual([]);
    expect(h.bank.payBill).not.toHaveBeenCalled();
    expect(h.effects).toEqual(['end-session 0194c1a2-7b3c-7d4e-8f90-a1b2c3d4e5f6', 'card-released']);
    expect(h.watching()).toBe(0);

    let answer: (result: PaymentResult) => void = () => undefined;
    const g = harness({ payBill: () => new Promise((resolve) => (answer = resolve)) });
    await toReview(g);
    const paying = g.journey.confirm();
    await vi.waitFor(() => expect(g.bank.payBill).toHaveBeenCalled());
    g.removeCard();
    await g.settle();
    expect(g.phase()).toBe('paying');
    answer(PAID);
    await paying;
    expect(g.journey.state).toMatchObject({ phase: 'result', outcome: 'approved' });
  });

  it('a wrong PIN asks again with the tries left; a chip card swiped is told to insert', async () => {
    const h = harness({
      cards: [{ kind: 'insert-chip' }, { kind: 'card', sealed: CARD }],
      authorise: [async () => ({ outcome: 'declined', reason: 'wrong-pin', triesLeft: 2 }), async () => APPROVED],
    });
    h.journey.start();
    await h.journey.findBill({ by: 'reference', billerId: BILL.billerId, reference: BILL.reference });
    const paying = h.journey.payWithCard();
    await vi.waitFor(() => expect(h.states.some((s) => s.phase === 'card' && s.insertChip)).toBe(true));
    await vi.waitFor(() => expect(h.phase()).toBe('pin'));
    await h.typePin(6);
    await vi.waitFor(() => expect(h.journey.state).toMatchObject({ phase: 'pin', triesLeft: 2, digits: 0 }));
    await h.typePin(6);
    await paying;
    expect(h.phase()).toBe('review');
  });

  it('PIN tries exhausted ends the journey as declined and releases the card', async () => {
    const h = harness({ authorise: [async () => ({ outcome: 'declined', reason: 'pin-tries-exceeded' })] });
    await toReview(h).catch(() => undefined);
    expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'declined', declined: 'pin-tries-exceeded' });
    expect(h.effects).toEqual(['card-released']);
  });

  it('cancel on the PIN pad, or on the screen, stops the entry and releases the card; cancel is refused while paying', async () => {
    const h = harness();
    h.journey.start();
    await h.journey.findBill({ by: 'reference', billerId: BILL.billerId, reference: BILL.reference });
    const paying = h.journey.payWithCard();
    await h.pressCancelOnPad();
    await paying;
    expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'customer' });
    expect(h.effects).toContain('card-released');

    const s = harness({ payBill: () => new Promise(() => undefined) });
    await toReview(s);
    const confirm = s.journey.confirm();
    await vi.waitFor(() => expect(s.phase()).toBe('paying'));
    expect(await s.journey.cancel()).toBe(false);
    await s.journey.sessionEnded();
    expect(s.phase()).toBe('paying'); // an idle timeout does not abandon money in flight
    void confirm;

    const c = harness();
    await toReview(c);
    expect(await c.journey.cancel()).toBe(true);
    expect(c.effects).toEqual(['end-session 0194c1a2-7b3c-7d4e-8f90-a1b2c3d4e5f6', 'card-released']);
    expect(c.bank.payBill).not.toHaveBeenCalled();
  });

  it('hub unreachable at authorisation: within the offline limits the payment is stored and forwarded, the receipt says pending', async () => {
    const h = harness({ authorise: [async () => Promise.reject(new HubUnreachableError('timeout'))], offlineAllowed: true });
    await toReview(h);
    expect(h.journey.state).toMatchObject({ phase: 'review', offline: true, account: null });
    await h.journey.confirm();
    expect(h.records[0]?.authorisation).toEqual({ kind: 'forward', card: CARD, pin: PIN });
    expect(h.bank.payBill).not.toHaveBeenCalled();
    expect(h.settled).toEqual([{ outcome: 'pending' }]);
    expect(h.journey.state).toMatchObject({ phase: 'result', outcome: 'pending', receipt: 'printed' });
    expect(h.printed).toEqual([expect.objectContaining({ pending: true, reference: null })]);
  });

  it('hub unreachable and the offline limits refuse: stopped before anything is booked', async () => {
    const h = harness({ authorise: [async () => Promise.reject(new HubUnreachableError('timeout'))], offlineAllowed: false });
    await toReview(h).catch(() => undefined);
    expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'offline-limit' });
    expect(h.records).toEqual([]);
  });

  it('the payment answer lost on the way back: pending (sync finishes it with the same key), never "failed"', async () => {
    const h = harness({ payBill: async () => Promise.reject(new HubUnreachableError('socket hang up')) });
    await toReview(h);
    await h.journey.confirm();
    expect(h.journey.state).toMatchObject({ phase: 'result', outcome: 'pending' });
    expect(h.records).toHaveLength(1);
    // What lets the hub pay it if the call never reached the bank: the card and PIN block it was authorised with.
    expect(h.records[0]?.authorisation).toEqual({ kind: 'session', sessionId: APPROVED.outcome === 'approved' ? APPROVED.session.sessionId : '', accountId: 'acc-1', fallback: { card: CARD, pin: PIN } });
    expect(h.printed).toEqual([expect.objectContaining({ pending: true, reference: null })]);
  });

  it('online, the payment is booked with its fallback (the sealed card and PIN block); the journey holds them only until booked, and never logs them', async () => {
    let answer: (result: PaymentResult) => void = () => undefined;
    const h = harness({ payBill: () => new Promise((resolve) => (answer = resolve)) });
    await toReview(h);
    // Needed until the booking: the check below would see them if they were still held.
    expect(holdsCardData(h.journey)).toBe(true);
    const paying = h.journey.confirm();
    await vi.waitFor(() => expect(h.bank.payBill).toHaveBeenCalled());
    expect(h.records).toEqual([expect.objectContaining({ authorisation: expect.objectContaining({ kind: 'session', fallback: { card: CARD, pin: PIN } }) })]);
    // Booked: the row is the only copy, while the call is still in flight and after it.
    expect(holdsCardData(h.journey)).toBe(false);
    answer(PAID);
    await paying;
    expect(h.journey.state).toMatchObject({ phase: 'result', outcome: 'approved' });
    expect(holdsCardData(h.journey)).toBe(false);
    await h.journey.finish();
    const logs = JSON.stringify(h.logged);
    expect(logs).toContain('customer confirmed the payment');
    for (const secret of [CARD.ct, CARD.epk, CARD.tag, PIN.block]) expect(logs).not.toContain(secret);

    // Offline too, and when the outbox refuses the row (nothing booked, nothing kept).
    const offline = harness({ authorise: [async () => Promise.reject(new HubUnreachableError('timeout'))], offlineAllowed: true });
    await toReview(offline);
    expect(holdsCardData(offline.journey)).toBe(true);
    await offline.journey.confirm();
    expect(holdsCardData(offline.journey)).toBe(false);
    const refused = harness({ recordFails: true });
    await toReview(refused);
    await refused.journey.confirm();
    expect(refused.journey.state).toMatchObject({ phase: 'result', outcome: 'declined' });
    expect(holdsCardData(refused.journey)).toBe(false);
    expect(JSON.stringify(refused.logged)).not.toContain(CARD.ct);
  });

  it('offline, a scanned code still shows its bill; a typed reference cannot be looked up', async () => {
    const h = harness({ lookupFails: true });
    h.journey.start();
    await h.journey.findBill({ by: 'reference', billerId: BILL.billerId, reference: BILL.reference });
    expect(h.journey.state).toEqual({ phase: 'bill-entry', problem: 'hub-unreachable' });
    await h.journey.findBill({ by: 'payload', payload: formatBillPayload({ billerId: BILL.billerId, reference: BILL.reference, billId: BILL.billId, amount: BILL.amount }) });
    expect(h.journey.state).toMatchObject({ phase: 'bill-shown', bill: { billId: BILL.billId, amount: BILL.amount, dueDate: '2026-12-03' } });
  });

  it('each phase that waits on the customer has a deadline that ends the journey with its compensations', async () => {
    const timers = manualTimers();
    const h = harness({ timers });
    await toReview(h);
    timers.elapse(PHASE_DEADLINE_MS.review! - 1);
    expect(h.phase()).toBe('review');
    timers.elapse(PHASE_DEADLINE_MS.review!);
    await vi.waitFor(() => expect(h.journey.state).toEqual({ phase: 'stopped', reason: 'timeout' }));
    expect(h.effects).toEqual(['end-session 0194c1a2-7b3c-7d4e-8f90-a1b2c3d4e5f6', 'card-released']);
  });

  it('the moves table: nothing leaves paying but a result; anything else may stop or be wiped', () => {
    expect(canMove('paying', 'stopped')).toBe(false);
    expect(canMove('paying', 'idle')).toBe(false);
    expect(canMove('paying', 'result')).toBe(true);
    expect(canMove('review', 'stopped')).toBe(true);
    expect(canMove('idle', 'review')).toBe(false);
    expect(canMove('bill-shown', 'paying')).toBe(false);
  });
});
