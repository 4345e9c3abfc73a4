// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BridgeError } from '../../electron/bridge/contract.js';
import { createKioskI18n } from '../i18n/i18n.js';
import type { FakeHandlers } from '../testing/fake-host.js';
import { fakeInfo } from '../testing/fake-host.js';
import { renderKiosk, resetDocument } from '../testing/render-kiosk.js';
import { KioskApp } from './KioskApp.js';

afterEach(() => {
  cleanup();
  resetDocument();
  vi.unstubAllGlobals();
});

async function reachHome(handlers: FakeHandlers = {}) {
  const user = userEvent.setup();
  const view = renderKiosk(handlers);
  await user.click(await screen.findByTestId('attract'));
  await user.click(screen.getByTestId('language-zh'));
  return { user, ...view };
}

describe('attract screen', () => {
  it('shows the branch name from kiosk.info and a bilingual invitation', async () => {
    renderKiosk();
    const attract = await screen.findByTestId('attract');
    expect(attract.textContent).toContain(fakeInfo.branchName['zh-CN']);
    expect(attract.textContent).toContain('轻触屏幕开始');
    expect(attract.textContent).toContain('Touch to start');
    expect(attract.querySelector('time')).not.toBeNull();
    expect(screen.queryByTestId('help-button')).toBeNull();
  });
});

describe('header', () => {
  it('has Home, Back, Help, language and large-text controls on every screen after Attract', async () => {
    const { user } = await reachHome();
    for (const id of ['home-button', 'back-button', 'help-button', 'language-toggle', 'elder-toggle']) {
      expect(screen.getByTestId(id).tagName).toBe('BUTTON');
    }
    await user.click(screen.getByTestId('tile-queue'));
    await user.click(screen.getByRole('button', { name: '返回' }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('请选择您要办理的业务');
  });

  it('switches language in place and follows it on <html lang>', async () => {
    const { user } = await reachHome();
    expect(document.documentElement.lang).toBe('zh-CN');
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(document.documentElement.lang).toBe('en');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('What would you like to do?');
    expect(screen.getByRole('button', { name: '中文' })).toBeTruthy();
  });

  it('toggles large text on the whole page', async () => {
    const { user } = await reachHome();
    const toggle = screen.getByTestId('elder-toggle');
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    await user.click(toggle);
    expect(document.documentElement.hasAttribute('data-elder')).toBe(true);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    await user.click(toggle);
    expect(document.documentElement.hasAttribute('data-elder')).toBe(false);
  });

  it('asks the host for video help with the session language and says when it is unavailable', async () => {
    const { user, host } = await reachHome();
    await user.click(screen.getByTestId('help-button'));
    const ended = await screen.findByTestId('assist-ended');
    expect(ended.textContent).toContain('视频协助暂时无法使用');
    expect(host.callsTo('assist.requestHelp')).toEqual([{ topic: 'other', flags: { vip: false, elderly: false }, journeyStep: 'home', locale: 'zh-CN' }]);
    await user.click(within(ended).getByRole('button', { name: '返回' }));
    expect(screen.queryByTestId('assist-ended')).toBeNull();
    expect(screen.getByTestId('tile-queue')).toBeTruthy();
  });
});

describe('language screen before a choice (issue 12 #11)', () => {
  it('labels the header in both languages and has no language switch, so "English" appears once', async () => {
    const user = userEvent.setup();
    renderKiosk();
    await user.click(await screen.findByTestId('attract'));
    await screen.findByTestId('language-screen');
    expect(screen.getByTestId('home-button').textContent).toBe('首页 Home');
    expect(screen.getByTestId('help-button').textContent).toBe('视频协助 Video help');
    expect(screen.getByTestId('elder-toggle').textContent).toMatch(/大字.*Large text/);
    expect(screen.queryByTestId('language-toggle')).toBeNull();
    expect(screen.getAllByText('English')).toHaveLength(1);
    // Chosen: one language again, and the switch is back.
    await user.click(screen.getByTestId('language-en'));
    expect(screen.getByTestId('home-button').textContent).toBe('Home');
    expect(screen.getByTestId('language-toggle').textContent).toBe('中文');
  });
});

describe('status', () => {
  it('shows the offline banner while sync is offline and hides it when back online', async () => {
    const { host } = await reachHome({
      'sync.status': () => ({ online: false, backlog: 2, oldestPendingAt: null, lastSyncAt: null }),
      'services.availability': () => ({ online: false, services: [{ type: 'queue.ticket.issued', available: true }, { type: 'bill.payment', available: true }] }),
    });
    expect((await screen.findByTestId('offline-banner')).textContent).toBe('网络离线。仍可办理：排队取号、缴费。');
    act(() => host.emit('sync.status', { online: true, backlog: 0, oldestPendingAt: null, lastSyncAt: null }));
    expect(screen.queryByTestId('offline-banner')).toBeNull();
  });
});

describe('start-up', () => {
  it('says so in both languages when there is no kiosk host', () => {
    render(<KioskApp connection={{ kind: 'not-connected' }} i18n={createKioskI18n()} />);
    const page = screen.getByTestId('host-not-connected');
    expect(page.textContent).toContain('自助终端未连接主机');
    expect(page.textContent).toContain('Kiosk host not connected');
  });

  it('explains a failed kiosk.info in both languages and retries', async () => {
    let fail = true;
    const user = userEvent.setup();
    renderKiosk({
      'kiosk.info': () => {
        if (fail) throw new BridgeError('DEVICE_UNAVAILABLE', 'host down');
        return fakeInfo;
      },
    });
    const failed = await screen.findByTestId('startup-failed');
    expect(failed.textContent).toContain('本机暂时无法连接设备服务');
    expect(failed.textContent).toContain('The kiosk cannot reach its services right now');
    fail = false;
    await user.click(screen.getByRole('button', { name: '重试 / Try again' }));
    expect(await screen.findByTestId('attract')).toBeTruthy();
  });
});
