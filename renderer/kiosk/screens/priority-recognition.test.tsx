// @vitest-environment jsdom
// The service list with a card reader and an ID reader (fake host): the two invitations, what
// the host recognised in words (both languages), priority switched on by an ID card from 65, a
// VIP ticket, and the host told when the list is left.
import { act, cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeHandlers } from '../../testing/fake-host.js';
import { renderKiosk, resetDocument } from '../../testing/render-kiosk.js';

afterEach(() => {
  cleanup();
  resetDocument();
});

const readers: FakeHandlers['devices.list'] = () => [
  { role: 'printer', kind: 'receipt-printer', state: 'ready', since: '2026-12-04T08:00:00Z' },
  { role: 'card', kind: 'card-reader', state: 'ready', since: '2026-12-04T08:00:00Z' },
  { role: 'id', kind: 'id-reader', state: 'ready', since: '2026-12-04T08:00:00Z' },
];

async function serviceList(language: 'zh' | 'en', handlers: FakeHandlers = {}) {
  const user = userEvent.setup();
  const view = renderKiosk({ 'devices.list': readers, 'queue.recognition': () => ({ vip: false, priority: false }), ...handlers });
  await user.click(await screen.findByTestId('attract'));
  await user.click(screen.getByTestId(`language-${language}`));
  await user.click(screen.getByTestId('tile-queue'));
  await screen.findByTestId('recognition-card-hint');
  return { user, ...view };
}

describe('priority recognised on the service list', () => {
  it('invites a card and an ID card, says a VIP was recognised, and the ticket says VIP (en)', async () => {
    const { user, host } = await serviceList('en', {
      'queue.issueTicket': ({ serviceId }) => ({ ticket: { id: 't1', number: 'A1001', serviceId, issuedAt: '2026-12-04T09:00:00Z', ahead: 0, vip: 'card' }, print: { printed: true } }),
    });
    expect(screen.getByTestId('recognition-card-hint').textContent).toContain('Bank customer? Insert or swipe your card for priority service.');
    expect(screen.getByTestId('recognition-id-hint').textContent).toContain('Aged 65 or over? Place your ID card on the reader.');
    expect(host.callsTo('queue.recognition')).toEqual([{ listening: true }]);
    await act(async () => host.emit('queue.recognised', { by: 'card', outcome: 'vip' }));
    expect(screen.getByTestId('recognition-result').textContent).toContain('Welcome, VIP customer');
    await user.click(screen.getByTestId('service-cash'));
    expect((await screen.findByTestId('ticket-vip')).textContent).toBe('VIP customer');
    expect(host.callsTo('queue.recognition').at(-1)).toEqual({ listening: false });
  });

  it('an ID card from 65 turns priority service on; other answers are explained (zh-CN)', async () => {
    const { host } = await serviceList('zh');
    expect(screen.getByTestId('priority-toggle').getAttribute('aria-pressed')).toBe('false');
    await act(async () => host.emit('queue.recognised', { by: 'id', outcome: 'under-age' }));
    expect(screen.getByTestId('recognition-result').textContent).toBe('按年龄优先从 65 岁开始。请取回身份证。如有需要，您仍可选择优先服务。');
    expect(screen.getByTestId('priority-toggle').getAttribute('aria-pressed')).toBe('false');
    await act(async () => host.emit('queue.recognised', { by: 'id', outcome: 'priority' }));
    expect(screen.getByTestId('priority-toggle').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('recognition-result').textContent).toContain('已为您开启优先服务');
    await act(async () => host.emit('queue.recognised', { by: 'card', outcome: 'offline' }));
    expect(screen.getByTestId('recognition-result').textContent).toBe('暂时无法查询您的卡。请取回银行卡，并选择业务。');
  });

  it('a VIP recognised earlier in the visit is still shown on coming back to the list', async () => {
    await serviceList('en', { 'queue.recognition': () => ({ vip: true, priority: true }) });
    expect((await screen.findByTestId('recognition-vip')).textContent).toContain('Welcome, VIP customer');
    expect(screen.getByTestId('priority-toggle').getAttribute('aria-pressed')).toBe('true');
  });

  it('says nothing of cards on a kiosk without readers', async () => {
    const user = userEvent.setup();
    renderKiosk({ 'queue.recognition': () => ({ vip: false, priority: false }) });
    await user.click(await screen.findByTestId('attract'));
    await user.click(screen.getByTestId('language-en'));
    await user.click(screen.getByTestId('tile-queue'));
    await screen.findByTestId('service-cash');
    expect(screen.queryByTestId('priority-recognition')).toBeNull();
  });
});
