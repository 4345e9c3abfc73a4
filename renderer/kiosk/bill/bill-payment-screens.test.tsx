// @vitest-environment jsdom
// The bill-payment screens against a fake host: the page sends the customer's choices and
// renders whatever state the host sends, in the customer's language, with money formatted from
// minor units; it shows PIN progress as dots and a count only, and says why a journey stopped.
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { BillPaymentState, BillPaymentStatus } from '../../../electron/bridge/bill-payment-contract.js';
import type { FakeHandlers, FakeHost } from '../../testing/fake-host.js';
import { renderKiosk, resetDocument } from '../../testing/render-kiosk.js';
import { screenText } from '../speech.js';

afterEach(() => {
  cleanup();
  resetDocument();
});

const bill = { billId: 'WB-202611-0001', billerId: 'water-sh', reference: '20456789', payeeName: '张*', period: '2026年11月', amount: { minor: 7840, currency: 'CNY' }, fee: { minor: 200, currency: 'CNY' }, dueDate: '2026-12-20', status: 'open' } as const;
const billerName = { 'zh-CN': '上海城投水务 水费', en: 'Shanghai Water' };
const card = { bill, billerName, maskedPan: '622202*********0025' };
const total = { minor: 8040, currency: 'CNY' } as const;

/** A host whose bill journey the test moves by hand; every request answers the last state sent. */
function billHost(extra: FakeHandlers = {}) {
  let seq = 0;
  let state: BillPaymentState = { phase: 'idle' };
  const status = (): BillPaymentStatus => ({ seq, state });
  const handlers: FakeHandlers = {
    'devices.list': () => [
      { role: 'receipt', kind: 'receipt-printer', state: 'ready', since: '2026-12-04T08:00:00Z' },
      { role: 'card', kind: 'card-reader', state: 'ready', since: '2026-12-04T08:00:00Z' },
      { role: 'pinpad', kind: 'pin-pad', state: 'ready', since: '2026-12-04T08:00:00Z' },
    ],
    'billPayment.billers': () => ({
      reachable: true,
      billers: [
        { billerId: 'water-sh', category: 'water', name: billerName, referenceLabel: { 'zh-CN': '户号', en: 'account number' }, maxLength: 8, fee: { minor: 0, currency: 'CNY' } },
        { billerId: 'tuition-fdu', category: 'tuition', name: { 'zh-CN': '复旦大学 学费', en: 'Fudan tuition' }, referenceLabel: { 'zh-CN': '学号', en: 'student number' }, maxLength: 11, fee: { minor: 200, currency: 'CNY' } },
      ],
    }),
    'billPayment.start': () => {
      seq += 1;
      state = { phase: 'bill-entry' };
      return status();
    },
    'billPayment.findBill': () => status(),
    'billPayment.confirmBill': () => status(),
    'billPayment.confirmPayment': () => status(),
    'billPayment.cancel': () => ({ cancelled: true, status: status() }),
    'billPayment.finish': () => status(),
    ...extra,
  };
  let host: FakeHost | null = null;
  return {
    handlers,
    attach: (h: FakeHost) => void (host = h),
    /** The host moved the journey on. */
    send(next: BillPaymentState) {
      seq += 1;
      state = next;
      act(() => host?.emit('billPayment.state', status()));
    },
  };
}

async function openBill(language: 'zh' | 'en' = 'zh', extra: FakeHandlers = {}) {
  const user = userEvent.setup();
  const fake = billHost(extra);
  const view = renderKiosk(fake.handlers);
  fake.attach(view.host);
  await user.click(await screen.findByTestId('attract'));
  await user.click(screen.getByTestId(`language-${language}`));
  await waitFor(() => expect(screen.getByTestId('tile-pay-bill').getAttribute('aria-disabled')).toBeNull());
  await user.click(screen.getByTestId('tile-pay-bill'));
  await screen.findByTestId('bill-entry-screen');
  return { user, fake, ...view };
}

describe('bill payment screens', () => {
  it('starts from the Home tile in the chosen language, offers scanning or a biller, and sends the typed account number', async () => {
    const { user, host } = await openBill();
    expect(host.callsTo('billPayment.start')).toEqual([{ locale: 'zh-CN' }]);
    expect(screen.getByText('第 1 步，共 4 步')).toBeTruthy();
    expect(screen.getByTestId('bill-scan-prompt').textContent).toContain('请扫描账单上的二维码');
    expect(screen.getByTestId('picture-scan')).toBeTruthy();
    expect(within(await screen.findByTestId('biller-tuition-fdu')).getByText('手续费 ¥2.00')).toBeTruthy();

    await user.click(screen.getByTestId('biller-water-sh'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('上海城投水务 水费');
    expect(screen.getByText('户号：')).toBeTruthy();
    const find = screen.getByTestId('find-bill');
    expect(find.hasAttribute('disabled')).toBe(true);
    for (const digit of '204567899') await user.click(screen.getByTestId(`number-pad-${digit}`));
    // The biller's reference has 8 digits: the pad stops there.
    expect(screen.getByTestId('bill-reference').textContent).toBe('20456789');
    await user.click(find);
    expect(host.callsTo('billPayment.findBill')).toEqual([{ billerId: 'water-sh', reference: '20456789' }]);
  });

  it('says why the customer is back at bill entry', async () => {
    const { fake } = await openBill('en');
    fake.send({ phase: 'bill-entry', problem: 'bill-already-paid' });
    expect(screen.getByTestId('bill-problem').textContent).toBe('This bill has already been paid.');
  });

  it('shows the bill with the amount and due date written for the language, then asks for the card', async () => {
    const { user, fake, host } = await openBill();
    fake.send({ phase: 'finding-bill' });
    expect(screen.getByTestId('bill-progress').textContent).toContain('正在查询账单…');
    fake.send({ phase: 'bill-shown', bill, billerName });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('请核对账单');
    expect(screen.getByTestId('bill-amount').textContent).toBe('¥78.40');
    expect(screen.getByTestId('bill-facts').textContent).toContain('2026年12月20日');
    await user.click(screen.getByTestId('pay-by-card'));
    expect(host.callsTo('billPayment.confirmBill')).toEqual([{}]);

    fake.send({ phase: 'card', bill, billerName, insertChip: false });
    expect(screen.queryByTestId('insert-chip-notice')).toBeNull();
    expect(screen.getByText('第 2 步，共 4 步')).toBeTruthy();
    expect(screen.getByTestId('bill-to-pay').textContent).toBe('待付金额：¥80.40');
    fake.send({ phase: 'card', bill, billerName, insertChip: true });
    expect(screen.getByTestId('insert-chip-notice').textContent).toBe('您的卡带有芯片，请插入芯片，不要刷卡。');
  });

  it('shows PIN progress as dots and a count, the tries left after a wrong PIN, and Cancel goes back to Home', async () => {
    const { user, fake, host } = await openBill('en');
    fake.send({ phase: 'pin', ...card, digits: 0 });
    fake.send({ phase: 'pin', ...card, digits: 4, triesLeft: 2 });
    expect(screen.getByTestId('pin-digits').textContent).toBe('Digits entered: 4');
    expect(screen.getByTestId('pin-dots').querySelectorAll('.pin-dots__dot--filled')).toHaveLength(4);
    expect(screen.getByTestId('pin-tries-left').textContent).toBe('Wrong PIN. Tries left: 2');
    expect(screen.getByTestId('bill-pin-screen').textContent).toContain('622202*********0025');
    await user.click(screen.getByTestId('bill-cancel'));
    expect(host.callsTo('billPayment.cancel')).toEqual([{}]);
    expect(await screen.findByTestId('home-screen')).toBeTruthy();
  });

  it('reviews account, fee and total before paying; offline it says the payment will be stored and forwarded', async () => {
    const { user, fake, host } = await openBill('en');
    const account = { accountId: 'A2001', maskedNumber: '6222 **** **** 2001', name: { 'zh-CN': '活期', en: 'Current' }, available: { minor: 32050, currency: 'CNY' } } as const;
    fake.send({ phase: 'review', ...card, account, total, offline: false });
    expect(screen.getByTestId('bill-account').textContent).toBe('Current 6222 **** **** 2001');
    expect(screen.getByTestId('bill-total').textContent).toBe('CN¥80.40');
    expect(screen.queryByTestId('bill-offline-notice')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Pay CN¥80.40' }));
    expect(host.callsTo('billPayment.confirmPayment')).toEqual([{ locale: 'en' }]);

    fake.send({ phase: 'review', ...card, account: null, total, offline: true });
    expect(screen.getByTestId('bill-offline-notice').textContent).toContain('stored on this kiosk and sent to the bank');
    const spoken = screenText(document.querySelector('.screen')!, 'en');
    expect(spoken).toContain('Check and confirm the payment');
    expect(spoken).toContain('Total');
    expect(spoken).toContain('CN¥80.40');
    expect(spoken).not.toContain('Home');
  });

  it('keeps the customer while money moves: Home is disabled during paying', async () => {
    const { user, fake } = await openBill();
    fake.send({ phase: 'paying', ...card, total });
    expect(screen.getByTestId('bill-progress').textContent).toContain('正在付款');
    expect(screen.getByTestId('home-button').hasAttribute('disabled')).toBe(true);
    await user.click(screen.getByTestId('home-button'));
    expect(screen.getByTestId('bill-paying-screen')).toBeTruthy();
  });

  it('shows an approved payment with its reference and receipt; Done releases the card and asks how it went, Skip ends the visit', async () => {
    const { user, fake, host } = await openBill();
    fake.send({ phase: 'result', ...card, total, outcome: 'approved', reference: 'BP-20261204-0001', receipt: 'printing' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('缴费成功');
    expect(screen.getByTestId('receipt-state').textContent).toContain('正在打印凭条…');
    fake.send({ phase: 'result', ...card, total, outcome: 'approved', reference: 'BP-20261204-0001', receipt: 'printed' });
    expect(screen.getByTestId('payment-reference').textContent).toBe('BP-20261204-0001');
    expect(screen.getByTestId('receipt-state').textContent).toContain('请取走凭条');
    expect(screen.getByTestId('take-card').textContent).toContain('请取回您的银行卡');
    expect(screen.getByText('第 4 步，共 4 步')).toBeTruthy();
    await user.click(screen.getByTestId('bill-done'));
    expect(await screen.findByTestId('feedback-screen')).toBeTruthy();
    expect(host.callsTo('billPayment.finish')).toEqual([{}]);
    expect(host.callsTo('session.ended')).toEqual([]);
    await user.click(screen.getByTestId('feedback-skip'));
    expect(await screen.findByTestId('attract')).toBeTruthy();
    expect(host.callsTo('session.ended')).toEqual([{ reason: 'completed' }]);
  });

  it('says a pending payment is stored, a declined one why, and a stopped one why with no money taken', async () => {
    const { fake } = await openBill('en');
    fake.send({ phase: 'result', ...card, total, outcome: 'pending', receipt: 'not-printed' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Payment stored, pending');
    expect(screen.getByTestId('receipt-state').textContent).toContain('could not be printed');
    fake.send({ phase: 'result', ...card, total, outcome: 'declined', reason: 'insufficient-funds' });
    expect(screen.getByTestId('decline-reason').textContent).toBe('There is not enough money in the account.');
    fake.send({ phase: 'stopped', reason: 'declined', declined: 'pin-tries-exceeded' });
    expect(screen.getByTestId('bill-stop-reason').textContent).toContain('The bank did not accept the card.');
    expect(screen.getByTestId('bill-stop-reason').textContent).toContain('card is now blocked');
    expect(screen.getByTestId('bill-stopped-screen').textContent).toContain('No money was taken');
  });

  it('is not offered without a working card reader and PIN pad, and a tap says to see the counter', async () => {
    const user = userEvent.setup();
    const view = renderKiosk({ 'devices.list': () => [{ role: 'card', kind: 'card-reader', state: 'ready', since: 'x' }, { role: 'pinpad', kind: 'pin-pad', state: 'ready', since: 'x' }] });
    await user.click(await screen.findByTestId('attract'));
    await user.click(screen.getByTestId('language-en'));
    await waitFor(() => expect(screen.getByTestId('tile-pay-bill').getAttribute('aria-disabled')).toBeNull());
    act(() => view.host.emit('device.health', { role: 'pinpad', kind: 'pin-pad', state: 'offline', reason: 'disconnected', since: 'y' }));
    const tile = screen.getByTestId('tile-pay-bill');
    expect(tile.getAttribute('aria-disabled')).toBe('true');
    expect(within(tile).getByText('Card reader not available')).toBeTruthy();
    await user.click(tile);
    expect(screen.getByTestId('unavailable-advice').textContent).toContain('“Pay a bill” is not available at this kiosk right now');
    expect(view.host.callsTo('billPayment.start')).toEqual([]);
  });

  it('ignores a state older than the one shown', async () => {
    const { fake, host } = await openBill('en');
    fake.send({ phase: 'stopped', reason: 'timeout' });
    act(() => host.emit('billPayment.state', { seq: 1, state: { phase: 'bill-entry' } }));
    expect(screen.getByTestId('bill-stop-reason').textContent).toContain('There was no answer for a while');
  });
});
