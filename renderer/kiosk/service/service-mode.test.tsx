// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutOfService, ServiceOverview } from '../../../electron/bridge/service-contract.js';
import type { FakeHandlers } from '../../testing/fake-host.js';
import { renderKiosk, resetDocument } from '../../testing/render-kiosk.js';

afterEach(() => {
  cleanup();
  resetDocument();
});

const inService: OutOfService = { outOfService: false, blockedBy: [], since: '2026-11-23T08:00:00Z' };
const paperOut: OutOfService = { outOfService: true, blockedBy: [{ kind: 'receipt-printer', role: 'receipt', reason: 'paper-out' }], since: '2026-11-23T09:00:00Z' };
const SESSION = 's'.repeat(32);
const overview: ServiceOverview = {
  kioskId: 'K01',
  version: '0.1.0',
  technician: 'tech-li',
  devices: [{ role: 'receipt', kind: 'receipt-printer', state: 'ready' }],
  tests: [{ test: 'print', role: 'receipt', last: null }],
};

function serviceHandlers(extra: FakeHandlers = {}): FakeHandlers {
  return {
    'kiosk.outOfService': () => inService,
    'serviceMode.enter': ({ pin, totp }) => (pin === '480261' && totp === '123456' ? { ok: true, sessionId: SESSION, technician: 'tech-li', idleTimeoutMs: 300_000 } : { ok: false, reason: 'wrong', attemptsLeft: 4 }),
    'serviceMode.overview': () => overview,
    'serviceMode.touch': () => ({ ok: true }),
    'serviceMode.leave': () => ({ ok: true }),
    ...extra,
  };
}

const tapCorner = (times: number) => {
  for (let i = 0; i < times; i++) fireEvent.pointerDown(screen.getByTestId('service-gesture'));
};

async function typeDigits(user: ReturnType<typeof userEvent.setup>, digits: string) {
  for (const d of digits) await user.click(screen.getByTestId(`pin-key-${d}`));
}

describe('out-of-service screen', () => {
  it('replaces Attract while the host says so, in both languages, and goes when it recovers', async () => {
    const { host } = renderKiosk(serviceHandlers({ 'kiosk.outOfService': () => paperOut }));
    const oos = await screen.findByTestId('out-of-service');
    expect(oos.textContent).toContain('本机暂停服务');
    expect(oos.textContent).toContain('This kiosk is temporarily out of service');
    expect(oos.textContent).toContain('打印机缺纸');
    // The only customer action: which language leads.
    expect(oos.querySelectorAll('button')).toHaveLength(1);
    act(() => host.emit('kiosk.outOfService', inService));
    expect(await screen.findByTestId('attract')).toBeTruthy();
    act(() => host.emit('kiosk.outOfService', paperOut));
    expect(await screen.findByTestId('out-of-service')).toBeTruthy();
  });

  it('does not take Home away from a customer already there; shows at their next Home', async () => {
    const user = userEvent.setup();
    const { host } = renderKiosk(serviceHandlers());
    await user.click(await screen.findByTestId('attract'));
    await user.click(screen.getByTestId('language-en'));
    await screen.findByTestId('tile-queue');
    act(() => host.emit('kiosk.outOfService', paperOut));
    expect(screen.getByTestId('tile-queue')).toBeTruthy();
    await user.click(screen.getByTestId('tile-queue'));
    await user.click(await screen.findByTestId('home-button'));
    expect((await screen.findByTestId('out-of-service')).textContent).toContain('Please go to a counter');
  });
});

describe('service mode', () => {
  it('opens on five taps in the corner, signs in with PIN then code, and leaves back to Attract', async () => {
    const user = userEvent.setup();
    const { host } = renderKiosk(serviceHandlers());
    await screen.findByTestId('attract');
    tapCorner(4);
    expect(screen.queryByTestId('service-login-pin')).toBeNull();
    tapCorner(1);
    await screen.findByTestId('service-login-pin');
    await typeDigits(user, '480261');
    expect(screen.getByTestId('pin-dots').getAttribute('aria-label')).toContain('6');
    await user.click(screen.getByTestId('login-next'));
    await screen.findByTestId('service-login-totp');
    await typeDigits(user, '123456');
    await user.click(screen.getByTestId('login-submit'));
    expect((await screen.findByTestId('service-kiosk-line')).textContent).toContain('tech-li');
    expect(host.callsTo('serviceMode.enter')).toEqual([{ pin: '480261', totp: '123456' }]);
    await user.click(screen.getByTestId('service-exit'));
    await screen.findByTestId('attract');
    expect(host.callsTo('serviceMode.leave')).toEqual([{ sessionId: SESSION }]);
  });

  it('says how many tries are left after a refusal and starts again at the PIN', async () => {
    const user = userEvent.setup();
    renderKiosk(serviceHandlers());
    await screen.findByTestId('attract');
    tapCorner(5);
    await screen.findByTestId('service-login-pin');
    await typeDigits(user, '999999');
    await user.click(screen.getByTestId('login-next'));
    await typeDigits(user, '123456');
    await user.click(screen.getByTestId('login-submit'));
    expect((await screen.findByTestId('login-error')).textContent).toContain('4');
    expect(screen.getByTestId('service-login-pin')).toBeTruthy();
  });

  it('returns to the customer screens when the host ends the session (idle)', async () => {
    const user = userEvent.setup();
    const { host } = renderKiosk(serviceHandlers());
    await screen.findByTestId('attract');
    tapCorner(5);
    await typeDigits(user, '480261');
    await user.click(await screen.findByTestId('login-next'));
    await typeDigits(user, '123456');
    await user.click(screen.getByTestId('login-submit'));
    await screen.findByTestId('service-kiosk-line');
    act(() => host.emit('serviceMode.ended', { sessionId: SESSION, reason: 'expired' }));
    expect(await screen.findByTestId('attract')).toBeTruthy();
  });

  it('is reachable from the out-of-service screen too', async () => {
    renderKiosk(serviceHandlers({ 'kiosk.outOfService': () => paperOut }));
    await screen.findByTestId('out-of-service');
    tapCorner(5);
    expect(await screen.findByTestId('service-login-pin')).toBeTruthy();
  });
});
