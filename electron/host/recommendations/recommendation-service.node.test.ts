// The host's recommendation service on a real local store and outbox: the rules pulled by sync
// (disabled ones deleted) are evaluated on the bill payment's own result with the consent flag
// the hub gives for the open card session; at most one offer; shown / accepted / declined rows
// in the outbox with no personal data; a refused or unknown consent keeps marketing away; the
// accepted slip prints; a stale or second answer counts nothing; and the bridge refuses bad input.
import { describe, expect, it, vi } from 'vitest';
import type { ReceiptDocument } from '../../../drivers/escpos/index.js';
import { recommendationItemKey, RECOMMENDATION_TRANSACTION_TYPE, recommendationPayloadSchema, type Consent, type KioskRule } from '../../../protocol/recommendations.js';
import { autoPayRule, kioskRule, ticketInfoRule } from '../../../protocol/recommendations.testing.js';
import { requests } from '../../bridge/contract.js';
import { createDispatcher, type HandlerMap } from '../../bridge/dispatcher.js';
import type { BillPaymentState } from '../../bridge/bill-payment-contract.js';
import { encryptedOutboxWithLog } from '../encrypted-outbox.testing.js';
import { PulledState } from '../sync-pull.node.js';
import { PulledRules } from './recommendation-rules.node.js';
import { RecommendationService, type RecommendationDeps } from './recommendation-service.node.js';

const AUTO_PAY = '0190a000-0000-7000-8000-000000000001';
const TICKET_INFO = '0190a000-0000-7000-8000-000000000002';
const SESSION = '0190a000-0000-7000-8000-00000000aaaa';

const result = (outcome: 'approved' | 'declined' = 'approved'): Extract<BillPaymentState, { phase: 'result' }> => ({
  phase: 'result',
  bill: { billId: 'B-1', billerId: 'sgcc-sh', reference: '1234567890', payeeName: '张*', period: '2026-11', amount: { minor: 23_450, currency: 'CNY' }, fee: { minor: 0, currency: 'CNY' }, dueDate: '2026-12-20', status: 'open' },
  billerName: { 'zh-CN': '国网上海电力', en: 'State Grid Shanghai' },
  maskedPan: '622202*********0025',
  total: { minor: 23_450, currency: 'CNY' },
  outcome,
  reference: 'BP-1',
});

async function setUp(options: { consent?: Consent | Error; bill?: ReturnType<RecommendationDeps['billResult']>; rules?: KioskRule[]; accountsSession?: string | null } = {}) {
  const { db, outbox, log, lines } = await encryptedOutboxWithLog('bk-reco-');
  const pulled = new PulledState(db);
  const rules = options.rules ?? [kioskRule(AUTO_PAY, autoPayRule()), kioskRule(TICKET_INFO, ticketInfoRule())];
  await pulled.apply({ items: rules.map((r, i) => ({ kind: 'catalog' as const, key: recommendationItemKey(r.id), version: i + 1, value: r })), cursor: String(rules.length), hasMore: false });
  const printed: ReceiptDocument[] = [];
  const consentOf = vi.fn(async () => {
    if (options.consent instanceof Error) throw options.consent;
    return options.consent ?? 'given';
  });
  const service = new RecommendationService({
    rules: () => new PulledRules(db, log).rules(),
    outbox,
    billResult: () => (options.bill === undefined ? { state: result(), sessionId: SESSION } : options.bill),
    accountsSession: () => options.accountsSession ?? null,
    billerCategory: async (id) => (id === 'sgcc-sh' ? 'electricity' : 'water'),
    consentOf,
    print: async (doc) => (printed.push(doc), { printed: true }),
    issueTicket: async () => ({ number: 'A017', print: { printed: true } }),
    branchName: { 'zh-CN': '浦东支行', en: 'Pudong branch' },
    now: () => new Date('2026-12-04T10:00:00Z'),
    log,
  });
  const events = async () => (await outbox.pending(50)).filter((r) => r.type === RECOMMENDATION_TRANSACTION_TYPE).map((r) => recommendationPayloadSchema.parse(r.payload));
  return { db, pulled, service, events, printed, consentOf, lines };
}

describe('recommendation service', () => {
  it('offers the auto-pay rule after an electricity payment with consent, records shown then accepted, prints the slip', async () => {
    const { db, service, events, printed, consentOf, lines } = await setUp();
    const offer = await service.offer({ journey: 'bill-payment' });
    expect(consentOf).toHaveBeenCalledWith(SESSION);
    expect(offer).toMatchObject({ kind: 'marketing', title: { en: 'Pay electricity automatically' }, action: { type: 'slip' } });
    expect((await events()).map((e) => [e.ruleId, e.event, e.journey])).toEqual([[AUTO_PAY, 'shown', 'bill-payment']]);

    expect(await service.respond(offer?.offerId ?? '', 'accepted', 'en')).toEqual({ done: 'slip', print: { printed: true } });
    expect(printed[0]?.blocks).toContainEqual(expect.objectContaining({ text: 'Pay electricity automatically' }));
    expect(printed[0]?.blocks).toContainEqual(expect.objectContaining({ text: '开通电费自动缴费' }));
    // A second tap or a replayed answer counts nothing.
    expect(await service.respond(offer?.offerId ?? '', 'accepted', 'en')).toEqual({ done: 'none' });
    const recorded = await events();
    expect(recorded.map((e) => e.event)).toEqual(['shown', 'accepted']);
    // No personal data in the events: no card, account, bill reference or name.
    const text = JSON.stringify(recorded);
    for (const secret of ['622202', '1234567890', '张', 'BP-1', SESSION]) expect(text).not.toContain(secret);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.join('')).toContain(`"ruleId":"${AUTO_PAY}"`);
    expect(lines.join('')).toContain('the biller category is electricity');
    await db.close();
  });

  it('offers no marketing when consent is refused or unknown, and nothing after a declined payment', async () => {
    for (const consent of ['refused', new Error('hub away')] as const) {
      const { db, service, events } = await setUp({ consent });
      expect(await service.offer({ journey: 'bill-payment' })).toBeNull();
      expect(await events()).toEqual([]);
      await db.close();
    }
    const declined = await setUp({ bill: { state: result('declined'), sessionId: SESSION } });
    expect(await declined.service.offer({ journey: 'bill-payment' })).toBeNull();
    await declined.db.close();
    const offline = await setUp({ bill: { state: result(), sessionId: null } });
    expect(await offline.service.offer({ journey: 'bill-payment' })).toBeNull();
    expect(offline.consentOf).not.toHaveBeenCalled();
    await offline.db.close();
    const noResult = await setUp({ bill: null });
    expect(await noResult.service.offer({ journey: 'bill-payment' })).toBeNull();
    await noResult.db.close();
  });

  it('offers service information after an anonymous ticket; a declined answer prints nothing; a disabled rule is gone', async () => {
    const { db, pulled, service, events, printed } = await setUp();
    const offer = await service.offer({ journey: 'queue-ticket', serviceId: 'accounts' });
    expect(offer).toMatchObject({ kind: 'service-info', title: { en: 'Have your ID card ready' } });
    expect(await service.respond(offer?.offerId ?? '', 'declined', 'zh-CN')).toEqual({ done: 'none' });
    expect(printed).toEqual([]);
    expect((await events()).map((e) => [e.ruleId, e.event])).toEqual([[TICKET_INFO, 'shown'], [TICKET_INFO, 'declined']]);
    expect(await service.offer({ journey: 'queue-ticket', serviceId: 'deposits' })).toBeNull();

    await pulled.apply({ items: [{ kind: 'catalog', key: recommendationItemKey(TICKET_INFO), version: 9, value: null }], cursor: '9', hasMore: false });
    expect(await service.offer({ journey: 'queue-ticket', serviceId: 'accounts' })).toBeNull();
    await db.close();
  });

  it('after balances and statements asks the consent flag for the open card session; without one, service information only', async () => {
    const marketing = kioskRule(AUTO_PAY, autoPayRule({ when: { journey: 'account-services', outcome: 'success', conditions: [] } }));
    const withCard = await setUp({ rules: [marketing], accountsSession: SESSION });
    expect(await withCard.service.offer({ journey: 'account-services' })).toMatchObject({ kind: 'marketing' });
    expect(withCard.consentOf).toHaveBeenCalledWith(SESSION);
    await withCard.db.close();
    const noSession = await setUp({ rules: [marketing], accountsSession: null });
    expect(await noSession.service.offer({ journey: 'account-services' })).toBeNull();
    expect(noSession.consentOf).not.toHaveBeenCalled();
    await noSession.db.close();
  });

  it('forgets an unanswered offer when the visit ends', async () => {
    const { db, service, events } = await setUp();
    const offer = await service.offer({ journey: 'bill-payment' });
    service.sessionEnded();
    expect(await service.respond(offer?.offerId ?? '', 'accepted', 'en')).toEqual({ done: 'none' });
    expect((await events()).map((e) => e.event)).toEqual(['shown']);
    await db.close();
  });

  it('over the bridge: answers an offer, refuses malformed requests', async () => {
    const { db, service } = await setUp();
    const notUsed = () => {
      throw new Error('not used');
    };
    const handlers = {
      ...Object.fromEntries(Object.keys(requests).map((name) => [name, notUsed])),
      'recommendation.offer': async (request) => ({ offer: await service.offer(request) }),
      'recommendation.respond': ({ offerId, answer, locale }) => service.respond(offerId, answer, locale),
    } as HandlerMap;
    const dispatch = createDispatcher(handlers, { warn: vi.fn(), error: vi.fn() });
    expect(await dispatch('recommendation.offer', { journey: 'bill-payment' })).toMatchObject({ ok: true, result: { offer: { kind: 'marketing' } } });
    for (const [method, params] of [
      ['recommendation.offer', { journey: 'bill-payment', amount: 1 }],
      ['recommendation.offer', { journey: 'queue-ticket', serviceId: '../x' }],
      ['recommendation.offer', { journey: 'video-call' }],
      ['recommendation.respond', { offerId: 'x', answer: 'accepted', locale: 'en' }],
      ['recommendation.respond', { offerId: AUTO_PAY, answer: 'maybe', locale: 'en' }],
    ] as const) {
      expect(await dispatch(method, params)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    await db.close();
  });
});
