// @vitest-environment jsdom
// The idle timeout covers bill payment: progress on the card reader and PIN pad (host state
// events) counts as the customer being there, silence does not, and a timeout ends the visit,
// which tells the host (session.ended) so it stops the journey and releases the card.
import { act, cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BillPaymentStatus } from '../../../electron/bridge/bill-payment-contract.js';
import { renderKiosk, resetDocument } from '../../testing/render-kiosk.js';

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
});
afterEach(() => {
  cleanup();
  resetDocument();
  vi.useRealTimers();
});

const bill = { billId: 'WB-1', billerId: 'water-sh', reference: '20456789', payeeName: '张*', period: '2026-11', amount: { minor: 7840, currency: 'CNY' }, fee: { minor: 0, currency: 'CNY' }, dueDate: '2026-12-20', status: 'open' } as const;
const pin = (seq: number, digits: number): BillPaymentStatus => ({ seq, state: { phase: 'pin', bill, billerName: { 'zh-CN': '水费', en: 'Water' }, maskedPan: '622202*********0025', digits } });

describe('idle timeout during bill payment', () => {
  it('PIN digits on the pad keep the visit alive; silence after them ends it and tells the host', async () => {
    const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
    const { host } = renderKiosk({
      'devices.list': () => [
        { role: 'card', kind: 'card-reader', state: 'ready', since: 'x' },
        { role: 'pinpad', kind: 'pin-pad', state: 'ready', since: 'x' },
      ],
      'billPayment.billers': () => ({ reachable: false, billers: [] }),
      'billPayment.start': () => ({ seq: 1, state: { phase: 'bill-entry' } }),
    });
    await user.click(await screen.findByTestId('attract'));
    await user.click(screen.getByTestId('language-en'));
    await vi.waitFor(() => expect(screen.getByTestId('tile-pay-bill').getAttribute('aria-disabled')).toBeNull());
    await user.click(screen.getByTestId('tile-pay-bill'));
    await screen.findByTestId('bill-entry-screen');

    act(() => host.emit('billPayment.state', pin(2, 0)));
    act(() => vi.advanceTimersByTime(40_000));
    act(() => host.emit('billPayment.state', pin(3, 3)));
    act(() => vi.advanceTimersByTime(40_000));
    // 80 s on the kiosk, but the last progress was 40 s ago: no prompt yet (it comes after 45 s).
    expect(screen.queryByTestId('idle-modal')).toBeNull();
    act(() => vi.advanceTimersByTime(6_000));
    expect(screen.getByTestId('idle-modal')).toBeTruthy();
    act(() => vi.advanceTimersByTime(31_000));
    expect(await screen.findByTestId('attract')).toBeTruthy();
    expect(host.callsTo('session.ended')).toEqual([{ reason: 'idle' }]);
  });
});
