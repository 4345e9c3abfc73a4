// @vitest-environment jsdom
// The declined-payments section of the Follow-ups tab against a fake client: what staff need to
// contact the customer (kiosk, branch, when, biller and reference, amount per language, masked
// card, the reason in words), resolving with a note, who resolved it and when, and a payment
// someone else resolved first.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { declineReasonSchema, storedPaymentStatusSchema, type FollowUpState, type StoredPayment } from '../../../protocol/core-banking.js';
import { StaffResourceError } from '../api/staff-resource.js';
import { ConsoleProvider } from '../ConsoleContext.js';
import type { ConsoleController } from '../controller/console-controller.js';
import { createConsoleI18n, translator, type ConsoleKey, type ConsoleLocale } from '../i18n/console-i18n.js';
import type { ConsoleState } from '../state/console-store.js';
import { DeclinedPayments } from './DeclinedPayments.js';
import type { StoredPaymentApi } from './stored-payment-client.js';

afterEach(cleanup);

const declined: StoredPayment = {
  kioskId: 'K31',
  transactionId: '0193a5e2-0000-7000-8000-00000000000a',
  mode: 'forward',
  status: 'declined',
  reason: 'insufficient-funds',
  billId: 'EB-202611-0002',
  amount: { minor: 41_205, currency: 'CNY' },
  maskedPan: '622202*********0025',
  paymentReference: null,
  branchId: 'BR-PUDONG',
  storedAt: '2026-12-04T02:10:00.000Z',
  billerId: 'sgcc-sh',
  billerName: { 'zh-CN': '国网上海电力 电费', en: 'State Grid Shanghai — electricity' },
  reference: '3100654321',
  appliedAt: '2026-12-04T02:40:00.000Z',
  followedUpAt: null,
  followUpNote: null,
  followedUpBy: null,
};
const unconfirmed: StoredPayment = { ...declined, transactionId: '0193a5e2-0000-7000-8000-00000000000b', mode: 'online', status: 'unconfirmed', reason: 'no answer from the bank is recorded for this payment' };
const oddCode: StoredPayment = { ...declined, transactionId: '0193a5e2-0000-7000-8000-00000000000c', reason: 'velocity-check-17', branchId: null, billerName: null };

class FakeClient implements StoredPaymentApi {
  open: StoredPayment[] = [declined, unconfirmed, oddCode];
  resolved: StoredPayment[] = [];
  readonly resolveCalls: [string, string, string][] = [];
  readonly listCalls: FollowUpState[] = [];
  /** Set to make the next resolve fail as the hub would. */
  refuse: StaffResourceError | null = null;

  list(state: FollowUpState): Promise<StoredPayment[]> {
    this.listCalls.push(state);
    return Promise.resolve(state === 'open' ? this.open : this.resolved);
  }

  resolve(kioskId: string, transactionId: string, note: string): Promise<StoredPayment> {
    this.resolveCalls.push([kioskId, transactionId, note]);
    const item = this.open.find((p) => p.kioskId === kioskId && p.transactionId === transactionId);
    this.open = this.open.filter((p) => p !== item);
    if (this.refuse || !item) return Promise.reject(this.refuse ?? new StaffResourceError('not-found', 'answered 404'));
    const done = { ...item, followedUpAt: '2026-12-04T03:00:00.000Z', followUpNote: note, followedUpBy: { staffId: 'b1', name: 'Wang Fang' } };
    this.resolved = [done, ...this.resolved];
    return Promise.resolve(done);
  }
}

function renderSection(locale: ConsoleLocale, client: StoredPaymentApi) {
  const state = { locale, session: null } as unknown as ConsoleState;
  const controller = { store: { subscribe: () => () => undefined, getSnapshot: () => state }, signOut: () => undefined } as unknown as ConsoleController;
  render(
    <ConsoleProvider controller={controller} i18n={createConsoleI18n()}>
      <DeclinedPayments client={client} />
    </ConsoleProvider>,
  );
}

const rowOf = async (transactionId: string) => (await screen.findAllByTestId('stored-payment-row')).find((r) => r.getAttribute('data-transaction') === transactionId) as HTMLElement;

describe('declined payments on the Follow-ups tab', () => {
  it('shows what staff need to contact the customer, the reason in words (en)', async () => {
    const client = new FakeClient();
    renderSection('en', client);
    const row = await rowOf(declined.transactionId);
    expect(row.textContent).toContain('K31');
    expect(row.textContent).toContain('Branch BR-PUDONG');
    expect(row.textContent).toContain('State Grid Shanghai — electricity');
    expect(within(row).getByTestId('stored-payment-reference').textContent).toBe('3100654321');
    expect(within(row).getByTestId('stored-payment-amount').textContent).toBe('CN¥412.05');
    expect(row.textContent).toContain('622202*********0025');
    expect(within(row).getByTestId('stored-payment-reason').textContent).toBe('Not enough money in the account');
    expect(within(row).getByTestId('stored-payment-status').textContent).toBe('Declined by the bank');
    // Paid at the kiosk and answered by the bank: two different times, both shown.
    expect(row.textContent).toMatch(/12\/04\/2026, \d\d:10.*12\/04\/2026, \d\d:40/);

    const unknownAnswer = await rowOf(unconfirmed.transactionId);
    expect(within(unknownAnswer).getByTestId('stored-payment-reason').textContent).toBe('The kiosk got no answer from the bank: check whether money moved');
    // A code the console has no words for is never shown raw.
    const odd = await rowOf(oddCode.transactionId);
    expect(within(odd).getByTestId('stored-payment-reason').textContent).toBe('Another reason from the bank');
    expect(odd.textContent).not.toContain('velocity');
    expect(odd.textContent).toContain('Branch unknown');
    expect(odd.textContent).toContain('sgcc-sh');
    expect(client.listCalls[0]).toBe('open');
  });

  it('resolves with a note: the payment leaves the open list, the resolved list says who and when (zh-CN)', async () => {
    const user = userEvent.setup();
    const client = new FakeClient();
    renderSection('zh-CN', client);
    const row = await rowOf(declined.transactionId);
    expect(within(row).getByTestId('stored-payment-amount').textContent).toBe('¥412.05');
    expect(within(row).getByTestId('stored-payment-reason').textContent).toBe('账户余额不足');
    await user.click(within(row).getByTestId('stored-payment-resolve'));
    const form = await screen.findByTestId('stored-payment-form');
    expect(within(form).getByTestId('stored-payment-form-summary').textContent).toContain('¥412.05，收费单位 国网上海电力 电费，银行卡 622202*********0025');
    expect((within(form).getByTestId('stored-payment-submit') as HTMLButtonElement).disabled).toBe(true);
    await user.type(within(form).getByLabelText('已做的处理及与客户的约定'), '  已致电客户，客户已在柜台缴费 ');
    await user.click(within(form).getByTestId('stored-payment-submit'));
    await waitFor(() => expect(screen.queryByTestId('stored-payment-form')).toBeNull());
    expect(client.resolveCalls).toEqual([['K31', declined.transactionId, '已致电客户，客户已在柜台缴费']]);
    await waitFor(() => expect(screen.getAllByTestId('stored-payment-row').map((r) => r.getAttribute('data-transaction'))).toEqual([unconfirmed.transactionId, oddCode.transactionId]));

    await user.click(screen.getByTestId('stored-payments-filter-resolved'));
    const done = await rowOf(declined.transactionId);
    expect(within(done).getByTestId('stored-payment-resolved').textContent).toMatch(/^Wang Fang，2026\/12\/04 \d\d:00已致电客户，客户已在柜台缴费$/);
    expect(within(done).queryByTestId('stored-payment-resolve')).toBeNull();
  });

  it('says so when someone else resolved it first, and reloads the list (en)', async () => {
    const user = userEvent.setup();
    const client = new FakeClient();
    renderSection('en', client);
    await user.click(within(await rowOf(declined.transactionId)).getByTestId('stored-payment-resolve'));
    client.refuse = new StaffResourceError('not-found', 'answered 404');
    await user.type(screen.getByTestId('stored-payment-note'), 'called');
    await user.click(screen.getByTestId('stored-payment-submit'));
    expect((await screen.findByTestId('stored-payments-error')).textContent).toBe('This payment was already resolved by someone else: the list has been reloaded.');
    await waitFor(() => expect(screen.getAllByTestId('stored-payment-row')).toHaveLength(2));
    expect(screen.queryByTestId('stored-payment-form')).toBeNull();
  });

  it('has words in both languages for every decline reason and status the hub sends', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const t = translator(createConsoleI18n(), locale);
      const keys = [...declineReasonSchema.options.map((r) => `followUps.payments.reasons.${r}`), ...storedPaymentStatusSchema.options.map((s) => `followUps.payments.status.${s}`)] as ConsoleKey[];
      for (const key of keys) expect(t(key), `${locale} ${key}`).not.toBe(key);
    }
  });
});
