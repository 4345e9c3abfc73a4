// @vitest-environment jsdom
// The idle timeout and balances and statements: a statement printing or paused for paper is
// not idle (the customer waits on the printer; the host's deadline ends an unattended pause),
// but the balances on screen are, and a timeout there ends the visit and tells the host.
import { act, cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountServicesState } from '../../../electron/bridge/account-services-contract.js';
import { renderKiosk, resetDocument } from '../../testing/render-kiosk.js';

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
});
afterEach(() => {
  cleanup();
  resetDocument();
  vi.useRealTimers();
});

const cny = (minor: number) => ({ minor, currency: 'CNY' }) as const;
const account = { accountId: 'A2001', maskedNumber: '6222 **** **** 0001', kind: 'current', name: { 'zh-CN': '活期账户', en: 'Current account' }, available: cny(32_050), ledger: cny(32_050) } as const;
const head = { maskedPan: '622202*********0025', account, period: { from: '2026-09-06', to: '2026-12-05' }, receiptNumber: 'K41-ABCDEF-0001' };

describe('idle timeout during balances and statements', () => {
  it('no prompt while a statement waits for paper; once the balances show again, silence ends the visit', async () => {
    const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
    const { host } = renderKiosk({
      'devices.list': () => [
        { role: 'card', kind: 'card-reader', state: 'ready', since: 'x' },
        { role: 'pinpad', kind: 'pin-pad', state: 'ready', since: 'x' },
      ],
      'accounts.start': () => ({ seq: 1, state: { phase: 'card', insertChip: false } }),
    });
    await user.click(await screen.findByTestId('attract'));
    await user.click(screen.getByTestId('language-en'));
    await vi.waitFor(() => expect(screen.getByTestId('tile-statement').getAttribute('aria-disabled')).toBeNull());
    await user.click(screen.getByTestId('tile-statement'));
    await screen.findByTestId('accounts-card-screen');
    const send = (seq: number, state: AccountServicesState) => act(() => host.emit('accounts.state', { seq, state }));

    send(2, { phase: 'printing', ...head, page: 2, pages: 3 });
    send(3, { phase: 'print-paused', ...head, page: 2, pages: 3, reason: 'paper-out' });
    act(() => vi.advanceTimersByTime(150_000));
    expect(screen.queryByTestId('idle-modal')).toBeNull();
    expect(screen.getByTestId('accounts-paused-screen')).toBeTruthy();

    send(4, { phase: 'accounts', maskedPan: head.maskedPan, accounts: [account], receiptNumber: 'K41-ABCDEF-0002' });
    act(() => vi.advanceTimersByTime(46_000));
    expect(screen.getByTestId('idle-modal')).toBeTruthy();
    act(() => vi.advanceTimersByTime(31_000));
    expect(await screen.findByTestId('attract')).toBeTruthy();
    expect(host.callsTo('session.ended')).toEqual([{ reason: 'idle' }]);
  });
});
