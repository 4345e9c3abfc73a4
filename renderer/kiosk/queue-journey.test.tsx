// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { BridgeError } from '../../electron/bridge/contract.js';
import type { FakeHandlers } from '../testing/fake-host.js';
import { renderKiosk, resetDocument } from '../testing/render-kiosk.js';

afterEach(() => {
  cleanup();
  resetDocument();
});

async function openQueue(handlers: FakeHandlers = {}) {
  const user = userEvent.setup();
  const view = renderKiosk(handlers);
  await user.click(await screen.findByTestId('attract'));
  await user.click(screen.getByTestId('language-zh'));
  await user.click(screen.getByTestId('tile-queue'));
  return { user, ...view };
}

describe('queue ticket journey', () => {
  it('goes attract → language → home → service → large ticket number', async () => {
    const { user, host } = await openQueue();
    expect(screen.getByText('第 1 步，共 2 步')).toBeTruthy();
    await user.click(await screen.findByTestId('service-cash'));

    expect((await screen.findByTestId('ticket-number')).textContent).toBe('A1023');
    expect(screen.getByText('个人存取款')).toBeTruthy();
    expect(screen.getByTestId('people-ahead').textContent).toBe('前面等候人数：3');
    // The hub's estimate, in whole minutes rounded up (841 s → 15).
    expect(screen.getByTestId('estimated-wait').textContent).toBe('预计等候约 15 分钟');
    expect(screen.getByText('请取走您的号票')).toBeTruthy();
    expect(screen.getByText('第 2 步，共 2 步')).toBeTruthy();
    expect(host.callsTo('queue.issueTicket')).toEqual([{ serviceId: 'cash', locale: 'zh-CN' }]);

    // Done asks how the visit was (issue 13); Skip ends it.
    await user.click(screen.getByRole('button', { name: '完成' }));
    await user.click(await screen.findByTestId('feedback-skip'));
    expect(await screen.findByTestId('attract')).toBeTruthy();
    expect(host.callsTo('session.ended')).toEqual([{ reason: 'completed' }]);
  });

  it('runs in English and issues in English when the customer chose English', async () => {
    const user = userEvent.setup();
    const { host } = renderKiosk();
    await user.click(await screen.findByTestId('attract'));
    await user.click(screen.getByTestId('language-en'));
    expect(document.documentElement.lang).toBe('en');
    await user.click(screen.getByRole('button', { name: /Queue ticket/ }));
    expect(screen.getByText('Step 1 of 2')).toBeTruthy();
    await user.click(await screen.findByRole('button', { name: /Loans/ }));
    expect((await screen.findByTestId('ticket-number')).textContent).toBe('B1023');
    expect(screen.getByText('Please take your ticket')).toBeTruthy();
    expect(host.callsTo('queue.issueTicket')).toEqual([{ serviceId: 'loans', locale: 'en' }]);
  });

  it('shows progress while the ticket prints', async () => {
    let release: () => void = () => undefined;
    const { user } = await openQueue({
      'queue.issueTicket': ({ serviceId }) =>
        new Promise((resolve) => {
          release = () => resolve({ ticket: { id: 't1', number: 'A0001', serviceId, issuedAt: 'x', ahead: 0 }, print: { printed: true } });
        }),
    });
    await user.click(await screen.findByTestId('service-cash'));
    expect(screen.getByTestId('printing-progress').textContent).toContain('正在为您打印号票…');
    expect(screen.queryByTestId('ticket-number')).toBeNull();
    await act(async () => release());
    expect((await screen.findByTestId('ticket-number')).textContent).toBe('A0001');
  });

  it('keeps the number on screen with the reason when printing failed, and reprints', async () => {
    const { user, host } = await openQueue({
      'queue.issueTicket': ({ serviceId }) => ({
        ticket: { id: 't9', number: 'A1024', serviceId, issuedAt: 'x', ahead: 1 },
        print: { printed: false, code: 'PRINTER_NOT_READY' },
      }),
    });
    await user.click(await screen.findByTestId('service-cash'));

    expect((await screen.findByTestId('ticket-number')).textContent).toBe('A1024');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('号票未能打印');
    expect(screen.getByTestId('print-error').textContent).toContain('打印机暂时无法出票');
    expect(screen.queryByText('请取走您的号票')).toBeNull();

    await user.click(screen.getByRole('button', { name: '重新打印' }));
    expect(await screen.findByText('请取走您的号票')).toBeTruthy();
    expect(host.callsTo('queue.reprintTicket')).toEqual([{ ticketId: 't9', locale: 'zh-CN' }]);
    expect(screen.getByRole('button', { name: '完成' })).toBeTruthy();
  });

  it('translates an issue failure and offers Retry and Home', async () => {
    let fail = true;
    const { user } = await openQueue({
      'queue.issueTicket': ({ serviceId }) => {
        if (fail) throw new BridgeError('STORAGE_FULL', 'disk full');
        return { ticket: { id: 't2', number: 'V1001', serviceId, issuedAt: 'x', ahead: 0 }, print: { printed: true } };
      },
    });
    await user.click(await screen.findByTestId('service-vip'));
    expect((await screen.findByTestId('issue-error')).textContent).toBe('本机存储空间已满，暂时无法办理。请联系大堂工作人员。');
    expect(screen.getByRole('button', { name: '返回首页' })).toBeTruthy();

    fail = false;
    await user.click(screen.getByRole('button', { name: '重试' }));
    expect((await screen.findByTestId('ticket-number')).textContent).toBe('V1001');
  });

  it('asks for priority service with one toggle; the ticket carries it and says so', async () => {
    const { user, host } = await openQueue({
      'queue.issueTicket': ({ serviceId, priority }) => ({ ticket: { id: 't5', number: 'A1030', serviceId, issuedAt: 'x', ahead: 0, ...(priority ? { priority: true } : {}) }, print: { printed: true } }),
    });
    const toggle = await screen.findByTestId('priority-toggle');
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(toggle.textContent).toContain('65 岁及以上老人');
    await user.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    await user.click(screen.getByTestId('service-cash'));
    expect(host.callsTo('queue.issueTicket')).toEqual([{ serviceId: 'cash', locale: 'zh-CN', priority: true }]);
    expect((await screen.findByTestId('ticket-priority')).textContent).toBe('优先服务');
  });

  it('a VIP service is served first already: no priority flag is sent with it', async () => {
    const { user, host } = await openQueue();
    await user.click(await screen.findByTestId('priority-toggle'));
    await user.click(screen.getByTestId('service-vip'));
    expect(host.callsTo('queue.issueTicket')).toEqual([{ serviceId: 'vip', locale: 'zh-CN' }]);
  });

  it('points to the calling display when the number of people ahead is unknown', async () => {
    const { user } = await openQueue({
      'queue.issueTicket': ({ serviceId }) => ({ ticket: { id: 't3', number: 'F1001', serviceId, issuedAt: 'x', ahead: null }, print: { printed: true } }),
    });
    await user.click(await screen.findByTestId('service-fx'));
    expect((await screen.findByTestId('people-ahead')).textContent).toBe('请留意大厅叫号屏。');
    expect(screen.queryByTestId('estimated-wait')).toBeNull();
  });

  it('says people ahead without a time when no counter serves the service, and "shortly" for under a minute', async () => {
    let estimate: number | null = null;
    const { user } = await openQueue({
      'queue.issueTicket': ({ serviceId }) => ({ ticket: { id: 't4', number: 'F1002', serviceId, issuedAt: 'x', ahead: 2, estimatedWaitSec: estimate }, print: { printed: true } }),
    });
    await user.click(await screen.findByTestId('service-fx'));
    expect((await screen.findByTestId('people-ahead')).textContent).toBe('前面等候人数：2');
    expect(screen.queryByTestId('estimated-wait')).toBeNull();
    estimate = 40;
    await user.click(screen.getByRole('button', { name: '完成' }));
    await user.click(await screen.findByTestId('feedback-skip'));
    await user.click(await screen.findByTestId('attract'));
    await user.click(screen.getByTestId('language-zh'));
    await user.click(screen.getByTestId('tile-queue'));
    await user.click(await screen.findByTestId('service-fx'));
    expect((await screen.findByTestId('estimated-wait')).textContent).toBe('预计很快叫到您');
  });

  it('tells the customer up front when the printer needs attention', async () => {
    const { host } = await openQueue();
    expect(screen.queryByTestId('printer-status')).toBeNull();
    act(() => host.emit('device.health', { role: 'printer', kind: 'receipt-printer', state: 'attention', reason: 'paper-out', since: 'x' }));
    expect(screen.getByTestId('printer-status').textContent).toContain('号码会显示在屏幕上');
  });
});

describe('home screen', () => {
  it('has no "coming soon" tile left; a service this kiosk cannot serve now is greyed with its reason, and a tap says what to do instead (issue 12 #15)', async () => {
    const user = userEvent.setup();
    renderKiosk();
    await user.click(await screen.findByTestId('attract'));
    await user.click(screen.getByTestId('language-zh'));

    expect(screen.queryByText('即将推出')).toBeNull();
    expect(screen.queryByTestId('unavailable-advice')).toBeNull();
    // Opening an account works now (account-opening-screens.test.tsx): no badge.
    expect(screen.getByTestId('tile-open-account').getAttribute('aria-disabled')).toBeNull();
    // Replacing a card works, but not on a kiosk without card devices (this one): it says so.
    expect(within(screen.getByTestId('tile-replace-card')).getByText('读卡设备暂不可用')).toBeTruthy();
    await user.click(screen.getByTestId('tile-replace-card'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('请选择您要办理的业务');
    const advice = screen.getByTestId('unavailable-advice');
    expect(within(advice).getByRole('status').textContent).toBe('本机暂时无法办理“换卡”，请到柜台办理。');
    await user.click(within(advice).getByTestId('advice-take-ticket'));
    expect(await screen.findByTestId('service-cash')).toBeTruthy();
  });
});
