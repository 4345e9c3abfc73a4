// @vitest-environment jsdom
// The page says which services are unavailable while offline, before a customer starts one.
import { act, cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Availability } from '../../electron/bridge/contract.js';
import type { FakeHandlers } from '../testing/fake-host.js';
import { renderKiosk, resetDocument } from '../testing/render-kiosk.js';

afterEach(() => {
  cleanup();
  resetDocument();
});

const offline = { online: false, backlog: 3, oldestPendingAt: null, lastSyncAt: null };
const offlineServices: Availability = {
  online: false,
  services: [
    { type: 'queue.ticket.issued', available: true },
    { type: 'bill.payment', available: false, reason: 'OFFLINE_LIMIT' },
    { type: 'account.open', available: false, reason: 'OFFLINE_NOT_ALLOWED' },
  ],
};

async function reachHome(handlers: FakeHandlers, language: 'zh' | 'en' = 'zh') {
  const user = userEvent.setup();
  const view = renderKiosk(handlers);
  await user.click(await screen.findByTestId('attract'));
  await user.click(screen.getByTestId(`language-${language}`));
  return view;
}

describe('offline service availability', () => {
  it('lists the services unavailable offline in the banner, in the customer’s language', async () => {
    await reachHome({ 'sync.status': () => offline, 'services.availability': () => offlineServices }, 'en');
    expect((await screen.findByTestId('offline-unavailable')).textContent).toBe('Not available until the kiosk is back online: Pay a bill, Open an account.');
    expect(screen.getByTestId('tile-queue').getAttribute('aria-disabled')).toBeNull();
  });

  it('follows availability events and blocks the queue tile with a reason when storage is full', async () => {
    const { host } = await reachHome({ 'sync.status': () => offline, 'services.availability': () => offlineServices });
    expect((await screen.findByTestId('offline-unavailable')).textContent).toBe('网络恢复前暂停办理：缴费、开户。');
    act(() => host.emit('services.availability', { online: false, services: [{ type: 'queue.ticket.issued', available: false, reason: 'STORAGE_FULL' }] }));
    const tile = screen.getByTestId('tile-queue');
    expect(tile.getAttribute('aria-disabled')).toBe('true');
    expect(tile.textContent).toContain('暂时无法使用');
    // A tap stays on Home and says where to go instead (issue 12 #15); no ticket is offered.
    await userEvent.setup().click(tile);
    expect(screen.getByTestId('unavailable-advice').textContent).toBe('本机暂时无法办理“排队取号”，请到柜台办理。');
    expect(screen.queryByTestId('advice-take-ticket')).toBeNull();
    expect(screen.queryByTestId('service-cash')).toBeNull();
  });
});
