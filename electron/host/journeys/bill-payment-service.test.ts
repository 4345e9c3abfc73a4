// The host's bill-payment service with fake ports: one journey per session under one rising
// sequence, scanned codes taken only in bill entry, the card-data key handed to the readers
// once, and a session's end that releases the card and silences the old journey for good.
import { describe, expect, it, vi } from 'vitest';
import type { BillPaymentStatus } from '../../bridge/bill-payment-contract.js';
import type { CardKey, PinBlock, SealedCard } from '../../../protocol/card-security.js';
import type { Bill, Biller, BillLookup } from '../../../protocol/core-banking.js';
import { BillPaymentService, referenceMaxLength, type BillPaymentServiceDeps } from './bill-payment-service.node.js';
import { HubUnreachableError, type CardPort } from './bill-payment-ports.js';

const SEALED: SealedCard = { alg: 'X25519-HKDF-SHA256-A256GCM', keyId: 'demo-card-1', epk: 'a'.repeat(43), iv: 'b'.repeat(16), ct: 'c'.repeat(40), tag: 'd'.repeat(22), masked: '622202*********0025', entry: 'swipe' };
const KEY: CardKey = { alg: 'X25519-HKDF-SHA256-A256GCM', keyId: 'demo-card-1', publicKey: 'k'.repeat(43) };
const BILL: Bill = { billId: 'WB-202611-0001', billerId: 'water-sh', reference: '20456789', payeeName: '张*', period: '2026-11', amount: { minor: 7840, currency: 'CNY' }, fee: { minor: 0, currency: 'CNY' }, dueDate: '2026-12-20', status: 'open' };
const WATER: Biller = { billerId: 'water-sh', category: 'water', name: { 'zh-CN': '水费', en: 'Water' }, referenceLabel: { 'zh-CN': '户号', en: 'Account number' }, referencePattern: '^\\d{8}$', fee: { minor: 0, currency: 'CNY' } };

/** A card port whose PIN entry waits until the journey aborts it. */
function waitingCard() {
  const port = {
    released: 0,
    presentCard: async () => ({ kind: 'card' as const, sealed: SEALED }),
    readPin: (_onDigits: (n: number) => void, signal: AbortSignal) =>
      new Promise<PinBlock>((_resolve, reject) => signal.addEventListener('abort', () => reject(Object.assign(new Error('cancelled'), { code: 'PIN_CANCELLED' })))),
    release: async () => void (port.released += 1),
  } satisfies CardPort & { released: number };
  return port;
}

function service(overrides: Partial<BillPaymentServiceDeps> = {}, bankOverrides: Partial<BillPaymentServiceDeps['bank']> = {}) {
  const emitted: BillPaymentStatus[] = [];
  const lookups: BillLookup[] = [];
  const cards: ReturnType<typeof waitingCard>[] = [];
  let scan: (text: string) => void = () => undefined;
  const setCardKey = vi.fn(async () => undefined);
  const deps: BillPaymentServiceDeps = {
    bank: {
      lookupBill: async (lookup) => (lookups.push(lookup), { outcome: 'found', bill: BILL }),
      billerName: async () => WATER.name,
      listBillers: async () => [WATER],
      cardKey: async () => KEY,
      authorise: async () => ({ outcome: 'declined', reason: 'card-blocked' }),
      payBill: async () => ({ outcome: 'declined', reason: 'limit-exceeded' }),
      endSession: async () => undefined,
      ...bankOverrides,
    },
    cardPort: () => {
      const card = waitingCard();
      cards.push(card);
      return card;
    },
    book: { record: async () => ({ id: '0190c2a4-7b3e-7c1a-9d2f-3e4b5c6d7e8f' }), settle: async () => undefined },
    receipt: () => ({ printPayment: async () => true }),
    offline: { mayPayOffline: async () => false },
    setCardKey,
    onScan: (cb) => ((scan = cb), () => (scan = () => undefined)),
    emit: (status) => emitted.push(status),
    log: { info: () => undefined, debug: () => undefined, warn: () => undefined },
    ...overrides,
  };
  const svc = new BillPaymentService(deps);
  return { svc, emitted, lookups, cards, setCardKey, scan: (text: string) => scan(text), phases: () => emitted.map((s) => s.state.phase) };
}

describe('bill-payment service', () => {
  it('starts a journey in bill entry, and every state it sends has a higher seq than the last, across journeys', async () => {
    const s = service();
    expect(s.svc.status()).toEqual({ seq: 0, state: { phase: 'idle' } });
    expect(await s.svc.start('zh-CN')).toMatchObject({ state: { phase: 'bill-entry' } });
    await s.svc.start('en');
    const seqs = s.emitted.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(s.svc.status()).toEqual(s.emitted.at(-1));
    await vi.waitFor(() => expect(s.setCardKey).toHaveBeenCalledTimes(1));
  });

  it('takes a scanned code only while the journey waits for a bill', async () => {
    const s = service();
    s.scan('BKBILL1|water-sh|20456789|WB-202611-0001|CNY|7840');
    expect(s.lookups).toEqual([]);
    await s.svc.start('zh-CN');
    s.scan(' BKBILL1|water-sh|20456789|WB-202611-0001|CNY|7840\r');
    await vi.waitFor(() => expect(s.svc.status().state.phase).toBe('bill-shown'));
    expect(s.lookups).toEqual([{ by: 'payload', payload: 'BKBILL1|water-sh|20456789|WB-202611-0001|CNY|7840' }]);
    s.scan('BKBILL1|cmcc|13800138000|PB-202611-0001|CNY|10000');
    expect(s.lookups).toHaveLength(1);
  });

  it('a typed reference is looked up; requests out of turn change nothing', async () => {
    const s = service();
    await s.svc.start('en');
    expect(s.svc.confirmPayment('en').state.phase).toBe('bill-entry');
    s.svc.findBill({ by: 'reference', billerId: 'water-sh', reference: '20456789' });
    await vi.waitFor(() => expect(s.svc.status().state.phase).toBe('bill-shown'));
    expect(s.lookups).toEqual([{ by: 'reference', billerId: 'water-sh', reference: '20456789' }]);
  });

  it('the end of the session releases the card, and the old journey never speaks to the page again', async () => {
    const s = service();
    await s.svc.start('zh-CN');
    s.svc.findBill({ by: 'reference', billerId: 'water-sh', reference: '20456789' });
    await vi.waitFor(() => expect(s.svc.status().state.phase).toBe('bill-shown'));
    s.svc.confirmBill();
    await vi.waitFor(() => expect(s.svc.status().state.phase).toBe('pin'));
    const before = s.emitted.length;
    await s.svc.sessionEnded('idle');
    expect(s.cards[0]?.released).toBe(1);
    expect(s.emitted.slice(before).map((e) => e.state.phase)).toEqual(['idle']);
    expect(s.svc.status().state).toEqual({ phase: 'idle' });
  });

  it('cancel stops the journey; after a stop or result it ends it', async () => {
    const s = service();
    await s.svc.start('zh-CN');
    const stopped = await s.svc.cancel();
    expect(stopped).toMatchObject({ cancelled: true, status: { state: { phase: 'stopped', reason: 'customer' } } });
    expect(await s.svc.cancel()).toMatchObject({ cancelled: true, status: { state: { phase: 'idle' } } });
  });

  it('offers billers with the number pad length from their reference pattern; none when the hub is away', async () => {
    expect(await service().svc.billers()).toEqual({ reachable: true, billers: [{ billerId: 'water-sh', category: 'water', name: WATER.name, referenceLabel: WATER.referenceLabel, maxLength: 8, fee: WATER.fee }] });
    const away = service({}, { listBillers: async () => Promise.reject(new HubUnreachableError('down')) });
    expect(await away.svc.billers()).toEqual({ reachable: false, billers: [] });
  });

  it('reads the pad length from a pattern', () => {
    expect(referenceMaxLength('^\\d{10}$')).toBe(10);
    expect(referenceMaxLength('^1\\d{10}$')).toBe(11);
    expect(referenceMaxLength('^[A-Z]{2}\\d{8}$')).toBe(10);
    expect(referenceMaxLength('^\\d{6,12}$')).toBe(12);
    expect(referenceMaxLength('^[0-9]+$')).toBe(32);
    expect(referenceMaxLength('^\\d{6,}$')).toBe(32);
    expect(referenceMaxLength('^(\\d{8}|\\d{10})$')).toBe(32);
  });
});
