// @vitest-environment jsdom
// The card-replacement screens against a fake host: Home offers the journey only when the bank,
// the card devices and the dispenser are there; the page sends the customer's choices and
// renders whatever state the host sends, in the customer's language — sign-in by card or ID
// card, the cards and reasons with their fees (lost or stolen said to block at once), the fee
// and its account, the new PIN step by step, the seconds left at the slot, the result with the
// receipt — and for each stop a message and a way forward (an expert for a device fault, told
// the journey; a queue ticket when the bank is away; start again).
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CardReplacementState, CardReplacementStatus } from '../../../electron/bridge/card-replacement-contract.js';
import type { DeviceHealth } from '../../../electron/bridge/contract.js';
import type { FakeHandlers, FakeHost } from '../../testing/fake-host.js';
import { renderKiosk, resetDocument } from '../../testing/render-kiosk.js';

afterEach(() => {
  cleanup();
  resetDocument();
  vi.useRealTimers();
});

const cny = (minor: number) => ({ minor, currency: 'CNY' }) as const;
const fees = { lost: cny(1_000), stolen: cny(1_000), damaged: cny(500) };
const k1002 = { cardId: 'K1002', maskedPan: '622202*********0025', expiry: '2908', status: 'active' } as const;
const k1009 = { cardId: 'K1009', maskedPan: '622202*********0099', expiry: '3103', status: 'blocked' } as const;
const account = { accountId: 'A2001', maskedNumber: '6222 **** **** 0001', kind: 'current', name: { 'zh-CN': '活期账户', en: 'Current account' }, available: cny(32_050), ledger: cny(32_050) } as const;
const newPan = '622202*********0015';
const reference = 'CR-20261205-1A2B3C4D5E6F';

const since = '2026-12-05T08:00:00Z';
const ready: DeviceHealth[] = [
  { role: 'receipt', kind: 'receipt-printer', state: 'ready', since },
  { role: 'card', kind: 'card-reader', state: 'ready', since },
  { role: 'pinpad', kind: 'pin-pad', state: 'ready', since },
  { role: 'dispenser', kind: 'card-dispenser', state: 'ready', since },
];

/** A host whose replacement journey the test moves by hand; every request answers the last state sent. */
function replacementHost(extra: FakeHandlers = {}) {
  let seq = 0;
  let state: CardReplacementState = { phase: 'idle' };
  const status = (): CardReplacementStatus => ({ seq, state });
  let host: FakeHost | null = null;
  const handlers: FakeHandlers = {
    'devices.list': () => ready,
    'cardReplacement.status': () => status(),
    'cardReplacement.start': () => {
      seq += 1;
      state = { phase: 'card', insertChip: false, idCard: true };
      return status();
    },
    'cardReplacement.choose': () => status(),
    'cardReplacement.backToCards': () => status(),
    'cardReplacement.confirm': () => status(),
    'cardReplacement.cancel': () => status(),
    'cardReplacement.finish': () => status(),
    ...extra,
  };
  return {
    handlers,
    attach: (h: FakeHost) => void (host = h),
    send(next: CardReplacementState) {
      seq += 1;
      state = next;
      act(() => host?.emit('cardReplacement.state', status()));
    },
  };
}

async function reachHome(language: 'zh' | 'en', extra: FakeHandlers = {}) {
  const user = userEvent.setup();
  const fake = replacementHost(extra);
  const view = renderKiosk(fake.handlers);
  fake.attach(view.host);
  await user.click(await screen.findByTestId('attract'));
  await user.click(screen.getByTestId(`language-${language}`));
  return { user, fake, ...view };
}

async function openReplacement(language: 'zh' | 'en' = 'zh', extra: FakeHandlers = {}) {
  const home = await reachHome(language, extra);
  await waitFor(() => expect(screen.getByTestId('tile-replace-card').getAttribute('aria-disabled')).toBeNull());
  await home.user.click(screen.getByTestId('tile-replace-card'));
  await screen.findByTestId('replace-card-screen');
  return home;
}

const heading = () => screen.getByRole('heading', { level: 1 }).textContent;
const review: CardReplacementState = { phase: 'review', card: k1002, reason: 'lost', fee: cny(1_000), account, blocked: true };

describe('the Replace a card tile', () => {
  it('is live with the bank, the card devices and a dispenser; greyed with the reason otherwise, and a tap says where to go', async () => {
    const { user, host } = await reachHome('zh');
    const tile = () => screen.getByTestId('tile-replace-card');
    await waitFor(() => expect(tile().getAttribute('aria-disabled')).toBeNull());
    expect(tile().textContent).toContain('换卡');
    expect(tile().textContent).not.toContain('即将推出');

    // The dispenser jams: not offered, with the reason on the tile.
    act(() => host.emit('device.health', { role: 'dispenser', kind: 'card-dispenser', state: 'error', reason: 'jam', since }));
    expect(tile().getAttribute('aria-disabled')).toBe('true');
    expect(within(tile()).getByText('暂时无法发卡')).toBeTruthy();
    await user.click(tile());
    expect(screen.getByTestId('unavailable-advice').textContent).toContain('本机暂时无法办理“换卡”，请到柜台办理。');
    expect(host.callsTo('cardReplacement.start')).toEqual([]);
    // Freed, but empty: still not offered.
    act(() => host.emit('device.health', { role: 'dispenser', kind: 'card-dispenser', state: 'attention', reason: 'stock-out', since }));
    expect(tile().getAttribute('aria-disabled')).toBe('true');
    act(() => host.emit('device.health', { role: 'dispenser', kind: 'card-dispenser', state: 'attention', reason: 'stock-low', since }));
    expect(tile().getAttribute('aria-disabled')).toBeNull();
  });

  it('is refused up front offline: it needs the bank', async () => {
    const { user, host } = await reachHome('en', {
      'sync.status': () => ({ online: false, backlog: 0, oldestPendingAt: null, lastSyncAt: null }),
      'services.availability': () => ({ online: false, services: [{ type: 'card.replace', available: false, reason: 'OFFLINE_NOT_ALLOWED' }] }),
    });
    const tile = await screen.findByTestId('tile-replace-card');
    await waitFor(() => expect(within(tile).getByText('Not available offline')).toBeTruthy());
    expect(tile.getAttribute('aria-disabled')).toBe('true');
    await user.click(tile);
    expect(screen.getByTestId('unavailable-advice').textContent).toContain('“Replace a card” needs the connection to the bank, which is not available right now. Please see the counter.');
    expect(host.callsTo('cardReplacement.start')).toEqual([]);
  });

  it('is offered in large text too, beside opening an account (both work today)', async () => {
    const { user } = await reachHome('zh');
    await user.click(screen.getByTestId('elder-toggle'));
    expect(screen.getByTestId('tile-replace-card')).toBeTruthy();
    expect(screen.getByTestId('tile-open-account')).toBeTruthy();
  });
});

describe('card replacement screens', () => {
  it('signs in by card or ID card, then the PIN; step 1 of 5; Cancel goes Home', async () => {
    const { user, fake, host } = await openReplacement('zh');
    expect(host.callsTo('cardReplacement.start')).toEqual([{}]);
    expect(heading()).toBe('请插入银行卡或放置身份证');
    expect(screen.getByText('第 1 步，共 5 步')).toBeTruthy();
    expect(screen.getByTestId('picture-card')).toBeTruthy();
    expect(screen.getByTestId('replace-id-hint').textContent).toBe('如果银行卡丢失或被盗，请将居民身份证放在身份证阅读器上，然后输入借记卡密码。');
    // A kiosk without an ID reader says where a customer without the card goes.
    fake.send({ phase: 'card', insertChip: false });
    expect(heading()).toBe('请插入银行卡');
    expect(screen.getByTestId('replace-id-hint').textContent).toBe('如果银行卡丢失或被盗，请携带身份证到柜台办理。');

    fake.send({ phase: 'pin', maskedId: '110105********0020', digits: 4 });
    expect(heading()).toBe('请在密码键盘上输入密码');
    expect(screen.getByTestId('pin-holder').textContent).toBe('身份证 110105********0020');
    expect(screen.getByTestId('pin-dots').querySelectorAll('.pin-dots__dot--filled')).toHaveLength(4);
    fake.send({ phase: 'authorising', maskedId: '110105********0020' });
    expect(screen.getByTestId('replace-progress').textContent).toContain('正在向银行验证');
    fake.send({ phase: 'pin', maskedPan: k1002.maskedPan, digits: 0, triesLeft: 2 });
    expect(screen.getByTestId('pin-tries-left').textContent).toBe('密码错误，还可尝试 2 次');
    await user.click(screen.getByTestId('replace-cancel'));
    expect(host.callsTo('cardReplacement.cancel')).toEqual([{}]);
    expect(await screen.findByTestId('home-screen')).toBeTruthy();
  });

  it('lists the cards and reasons with their fees, says lost blocks the old card at once, and sends the choice', async () => {
    const { user, fake, host } = await openReplacement('en');
    fake.send({ phase: 'choose', cards: [k1002, k1009], fees });
    expect(heading()).toBe('Which card, and why?');
    expect(screen.getByText('Step 2 of 5')).toBeTruthy();
    expect(screen.getByTestId('replace-card-K1002').textContent).toBe('Card 622202*********0025Valid to 08/2029 · In use');
    expect(screen.getByTestId('replace-card-K1009').textContent).toContain('Blocked');
    expect(screen.getByTestId('replace-fee-lost').textContent).toBe('Fee CN¥10.00');
    expect(screen.getByTestId('replace-fee-damaged').textContent).toBe('Fee CN¥5.00');
    // Said before a reason is chosen: lost or stolen blocks the old card at once.
    expect(screen.getByTestId('replace-reason-note').textContent).toBe('Lost or stolen: your old card is blocked at once when you continue.');
    // Nothing chosen: Continue waits for a card and a reason.
    expect(screen.getByTestId('replace-continue')).toHaveProperty('disabled', true);
    expect(screen.getByTestId('replace-pick-both').textContent).toBe('Choose a card and a reason to continue.');
    await user.click(screen.getByTestId('replace-reason-damaged'));
    expect(screen.queryByTestId('replace-block-warning')).toBeNull();
    expect(screen.getByTestId('replace-reason-note').textContent).toBe('Damaged: your old card stops working when you take the new one.');
    await user.click(screen.getByTestId('replace-card-K1002'));
    await user.click(screen.getByTestId('replace-reason-lost'));
    expect(screen.getByTestId('replace-block-warning').textContent).toBe(
      'Lost or stolen: when you press Continue, your old card is blocked at once so that nobody can use it. This cannot be undone here.',
    );
    expect(screen.getByRole('radio', { name: /Lost/ })).toHaveProperty('checked', true);
    await user.click(screen.getByTestId('replace-continue'));
    expect(host.callsTo('cardReplacement.choose')).toEqual([{ cardId: 'K1002', reason: 'lost' }]);
    // While the bank blocks it: progress, no second tap.
    expect(screen.getByTestId('replace-choosing').textContent).toContain('Blocking your old card at the bank');
    expect(screen.queryByTestId('replace-continue')).toBeNull();
  });

  it('one card is already chosen; Back on the list leaves the journey', async () => {
    const { user, fake, host } = await openReplacement('zh');
    fake.send({ phase: 'choose', cards: [k1002], fees });
    expect(screen.getByRole('radio', { name: /0025/ })).toHaveProperty('checked', true);
    await user.click(screen.getByTestId('replace-reason-damaged'));
    expect(screen.getByTestId('replace-continue')).toHaveProperty('disabled', false);
    await user.click(screen.getByTestId('back-button'));
    expect(await screen.findByTestId('home-screen')).toBeTruthy();
    expect(host.callsTo('cardReplacement.cancel')).toEqual([{}]);
  });

  it('reviews the fee and its account, says the old card is blocked now; Back returns to the cards; Pay sends the language', async () => {
    const { user, fake, host } = await openReplacement('en');
    fake.send(review);
    expect(heading()).toBe('Check the fee');
    expect(screen.getByText('Step 3 of 5')).toBeTruthy();
    expect(screen.getByTestId('replace-blocked').textContent).toBe('Blocked now, cannot be used any more');
    expect(screen.getByTestId('replace-review-card').textContent).toBe('622202*********0025');
    expect(screen.getByTestId('replace-review-reason').textContent).toBe('Lost');
    expect(screen.getByTestId('replace-review-account').textContent).toBe('Current account 6222 **** **** 0001');
    expect(screen.getByTestId('replace-review-fee').textContent).toBe('CN¥10.00');
    expect(screen.getByTestId('replace-next').textContent).toContain('If you do not take the new card, the fee is refunded in full.');
    await user.click(screen.getByTestId('back-button'));
    expect(host.callsTo('cardReplacement.backToCards')).toEqual([{}]);
    expect(screen.getByTestId('replace-review-screen')).toBeTruthy();
    await user.click(screen.getByTestId('language-toggle'));
    expect(screen.getByTestId('replace-confirm').textContent).toBe('支付 ¥10.00 并领取新卡');
    await user.click(screen.getByTestId('replace-confirm'));
    await user.click(screen.getByTestId('replace-confirm'));
    expect(host.callsTo('cardReplacement.confirm')).toEqual([{ locale: 'zh-CN' }]);
  });

  it('the bank out of reach at the fee: said there, Pay held back, a queue ticket offered', async () => {
    const { user, fake, host } = await openReplacement('en');
    fake.send(review);
    expect(screen.queryByTestId('replace-review-offline')).toBeNull();
    act(() => host.emit('sync.status', { online: false, backlog: 0, oldestPendingAt: null, lastSyncAt: null }));
    expect(screen.getByTestId('replace-review-offline').textContent).toBe(
      'The bank cannot be reached right now, so no new card can be given. Please wait a moment, or take a queue ticket and go to a counter.',
    );
    expect(screen.getByTestId('replace-confirm')).toHaveProperty('disabled', true);
    await user.click(screen.getByTestId('replace-ticket'));
    expect(await screen.findByTestId('service-cash')).toBeTruthy();
    expect(host.callsTo('cardReplacement.confirm')).toEqual([]);
    expect(host.callsTo('cardReplacement.cancel')).toEqual([{}]);
  });

  it('a damaged card is not blocked: no blocked notice, the old card works until the new one is taken', async () => {
    const { fake } = await openReplacement('zh');
    fake.send({ ...review, reason: 'damaged', fee: cny(500), blocked: false } as CardReplacementState);
    expect(screen.queryByTestId('replace-blocked')).toBeNull();
    expect(screen.getByTestId('replace-old-card').textContent).toBe('取走新卡前仍可使用');
    expect(screen.getByTestId('replace-confirm').textContent).toBe('支付 ¥5.00 并领取新卡');
  });

  it('the new card: dispensing, PIN step 1 then 2 (and again after a mismatch), issuing, the seconds at the slot; Home waits while the card moves', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { user, fake } = await openReplacement('en');
    fake.send({ phase: 'dispensing' });
    expect(heading()).toBe('Preparing your new card');
    expect(screen.getByText('Step 4 of 5')).toBeTruthy();
    expect(screen.getByTestId('picture-dispenser-inside')).toBeTruthy();
    expect(screen.getByTestId('home-button')).toHaveProperty('disabled', true);
    expect(screen.queryByTestId('back-button')).toBeNull();

    fake.send({ phase: 'new-pin', step: 1, digits: 2, mismatch: false });
    expect(heading()).toBe('Set a PIN for your new card');
    expect(screen.getByTestId('replace-pin-step').textContent).toBe('PIN entry 1 of 2');
    expect(screen.getByTestId('pin-digits').textContent).toBe('Digits entered: 2');
    expect(screen.queryByTestId('replace-pin-mismatch')).toBeNull();
    expect(screen.getByTestId('home-button')).toHaveProperty('disabled', false);
    fake.send({ phase: 'new-pin', step: 2, digits: 0, mismatch: false });
    expect(heading()).toBe('Enter the same PIN again');
    expect(screen.getByTestId('replace-pin-step').textContent).toBe('PIN entry 2 of 2');
    fake.send({ phase: 'issuing' });
    fake.send({ phase: 'new-pin', step: 1, digits: 0, mismatch: true });
    expect(screen.getByTestId('replace-pin-mismatch').textContent).toBe('The two PINs were different. Please set the PIN again.');
    fake.send({ phase: 'issuing' });
    expect(screen.getByTestId('replace-progress').textContent).toContain('The bank is linking the new card to your account');
    expect(screen.getByTestId('home-button')).toHaveProperty('disabled', true);

    fake.send({ phase: 'take-card', maskedPan: newPan, seconds: 30 });
    expect(heading()).toBe('Please take your new card');
    expect(screen.getByTestId('picture-dispenser-out')).toBeTruthy();
    expect(screen.getByTestId('replace-seconds-left').textContent).toBe('Seconds left to take it: 30');
    expect(screen.getByTestId('replace-new-card').textContent).toBe(`New card ${newPan}`);
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(screen.getByTestId('replace-seconds-left').textContent).toBe('Seconds left to take it: 20');
    // Home does nothing while the card waits at the slot.
    await user.click(screen.getByTestId('home-button'));
    expect(screen.getByTestId('replace-take-card-screen')).toBeTruthy();
    // Nobody touches the screen while the card is at the slot: no idle prompt (the host ends that wait).
    await act(() => vi.advanceTimersByTimeAsync(200_000));
    expect(screen.queryByTestId('idle-modal')).toBeNull();
  });

  it('done: the new card masked, the reference and the fee, the receipt; Done asks how it went, about this replacement', async () => {
    const { user, fake, host } = await openReplacement('zh');
    fake.send({ phase: 'choose', cards: [k1002], fees });
    await user.click(screen.getByTestId('replace-reason-damaged'));
    await user.click(screen.getByTestId('replace-continue'));
    fake.send({ phase: 'done', maskedPan: newPan, reference, fee: cny(500), receipt: 'printing' });
    expect(heading()).toBe('换卡成功');
    expect(screen.getByText('第 5 步，共 5 步')).toBeTruthy();
    expect(screen.getByTestId('replace-done-card').textContent).toBe(newPan);
    expect(screen.getByTestId('replace-reference').textContent).toBe(reference);
    expect(screen.getByTestId('replace-done-fee').textContent).toBe('¥5.00');
    expect(screen.getByTestId('replace-receipt').textContent).toContain('正在打印凭条');
    fake.send({ phase: 'done', maskedPan: newPan, reference, fee: cny(500), receipt: 'not-printed' });
    expect(screen.getByTestId('replace-receipt').textContent).toBe('凭条未能打印，请记下屏幕上的业务参考号。');
    fake.send({ phase: 'done', maskedPan: newPan, reference, fee: cny(500), receipt: 'printed' });
    expect(screen.getByTestId('replace-receipt').textContent).toContain('请取走凭条');
    // Signed in without a card (ID card, first card): no word of an old card in the reader.
    expect(screen.queryByTestId('replace-take-old-card')).toBeNull();
    fake.send({ phase: 'done', maskedPan: newPan, reference, fee: cny(500), receipt: 'printed', returnsCard: true });
    expect(screen.getByTestId('replace-take-old-card').textContent).toBe('按“完成”后，旧卡会从读卡器退出，请取回。');

    await user.click(screen.getByTestId('replace-done'));
    expect(host.callsTo('cardReplacement.finish')).toEqual([{}]);
    expect(await screen.findByTestId('feedback-screen')).toBeTruthy();
    await user.click(screen.getByTestId('feedback-10'));
    await user.click(screen.getByTestId('feedback-done'));
    await waitFor(() => expect(host.callsTo('feedback.submit')).toEqual([{ journey: 'card-replacement', service: 'damaged', reference, score: 10, locale: 'zh-CN' }]));
  });

  it('a dispenser fault: says so, nothing charged, and offers an expert on video who is told the journey and the step', async () => {
    const { user, fake, host } = await openReplacement('en');
    fake.send({ phase: 'stopped', reason: 'device' });
    expect(heading()).toBe('Card replacement stopped');
    expect(screen.getByTestId('replace-stop-reason').textContent).toContain('the card dispenser');
    expect(screen.getByTestId('replace-stop-reason').textContent).toContain('Nothing was charged.');
    expect(screen.getByTestId('replace-way-forward').textContent).toBe('An expert can help you over video help right now, or you can go to a counter.');
    expect(screen.queryByTestId('replace-again')).toBeNull();
    await user.click(screen.getByTestId('replace-expert'));
    expect(host.callsTo('assist.requestHelp')).toEqual([{ topic: 'cards', flags: { vip: false, elderly: false }, journeyStep: 'card-replacement/device-fault', locale: 'en' }]);
  });

  it('a card not taken: kept by the machine, the fee refunded; start again', async () => {
    const { user, fake, host } = await openReplacement('zh');
    fake.send({ phase: 'stopped', reason: 'not-taken', refunded: true });
    expect(screen.getByTestId('replace-stop-reason').textContent).toContain('您未及时取走新卡，本机已将其收回。该卡无法使用，工本费已退回您的账户。');
    expect(screen.getByTestId('replace-way-forward').textContent).toBe('您可以重新办理，领取新卡。');
    await user.click(screen.getByTestId('replace-again'));
    expect(host.callsTo('cardReplacement.start')).toEqual([{}, {}]);
  });

  it('the bank out of reach: nothing charged, a card that came out kept; a queue ticket for the counter', async () => {
    const { user, fake } = await openReplacement('en');
    fake.send({ phase: 'stopped', reason: 'hub-unreachable' });
    expect(screen.getByTestId('replace-stop-reason').textContent).toContain('The bank cannot be reached right now. Nothing was charged; if a new card came out, the kiosk kept it.');
    expect(screen.getByTestId('replace-way-forward').textContent).toBe('Please try again later, or take a queue ticket and go to a counter.');
    await user.click(screen.getByTestId('replace-ticket'));
    expect(await screen.findByTestId('service-cash')).toBeTruthy();
  });

  it.each([
    ['declined', 'pin-mismatch', '银行未受理本次换卡。 两次设置的新密码连续不一致。本机已收回新卡，未收取任何费用，请重新办理。'],
    ['declined', 'insufficient-funds', '银行未受理本次换卡。 账户余额不足，无法支付工本费。'],
    ['declined', 'card-blocked', '银行未受理本次换卡。 该卡已停用。请将身份证放在身份证阅读器上登录，或到柜台办理。'],
    ['customer', undefined, '您已取消，未收取任何费用。'],
    ['timeout', undefined, '长时间没有操作，换卡已中止，未收取任何费用。'],
  ] as const)('stopped %s (%s): says why, with a way on', async (reason, declined, words) => {
    const { fake } = await openReplacement('zh');
    fake.send({ phase: 'stopped', reason, ...(declined ? { declined } : {}) });
    expect(screen.getByTestId('replace-stop-reason').textContent?.trim()).toBe(words);
    expect(screen.getByTestId('replace-again')).toBeTruthy();
    expect(screen.getByTestId('replace-home')).toBeTruthy();
  });

  it('a late or older state changes nothing; after Home the journey’s events are ignored', async () => {
    const { user, fake, host } = await openReplacement('en');
    fake.send(review);
    act(() => host.emit('cardReplacement.state', { seq: 1, state: { phase: 'card', insertChip: false } }));
    expect(screen.getByTestId('replace-review-screen')).toBeTruthy();
    await user.click(screen.getByTestId('home-button'));
    expect(await screen.findByTestId('home-screen')).toBeTruthy();
    expect(host.callsTo('cardReplacement.cancel')).toEqual([{}]);
    fake.send({ phase: 'dispensing' });
    expect(screen.getByTestId('home-screen')).toBeTruthy();
  });
});
