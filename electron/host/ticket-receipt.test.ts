import { describe, expect, it } from 'vitest';
import type { Ticket } from '../bridge/contract.js';
import { waitMinutes } from '../../protocol/branch-queue.js';
import { ticketReceipt } from './ticket-receipt.js';

const service = { id: 'deposits', prefix: 'A', name: { 'zh-CN': '个人存取款', en: 'Deposits & withdrawals' }, vip: false };
const ticket = (over: Partial<Ticket>): Ticket => ({ id: '0190a1b2-0000-7000-8000-000000000000', number: 'A1001', serviceId: 'deposits', issuedAt: '2026-12-04T02:00:00Z', ahead: null, ...over });
const lines = (t: Ticket, locale: 'zh-CN' | 'en') =>
  ticketReceipt({ ticket: t, service, branchName: { 'zh-CN': '中山路支行', en: 'Zhongshan Road' }, kioskId: 'K01', locale }).blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : []));

describe('ticket receipt', () => {
  it('prints people ahead and the estimated wait in whole minutes, rounded up', () => {
    expect(lines(ticket({ ahead: 3, estimatedWaitSec: 841 }), 'zh-CN')).toEqual(expect.arrayContaining(['您前面还有 3 人', '预计等候约 15 分钟']));
    expect(lines(ticket({ ahead: 3, estimatedWaitSec: 841 }), 'en')).toEqual(expect.arrayContaining(['3 waiting ahead of you', 'Estimated wait: about 15 min']));
    expect(lines(ticket({ ahead: 0, estimatedWaitSec: 0 }), 'en')).toContain('You should be called shortly');
  });

  it('says nothing of the wait it does not know', () => {
    const offline = lines(ticket({ ahead: null }), 'zh-CN');
    expect(offline.some((l) => l.includes('前面') || l.includes('预计'))).toBe(false);
    const noCounter = lines(ticket({ ahead: 2, estimatedWaitSec: null }), 'en');
    expect(noCounter).toContain('2 waiting ahead of you');
    expect(noCounter.some((l) => l.includes('Estimated'))).toBe(false);
  });

  it('says why a ticket is served as VIP, in both languages, and nothing on an ordinary one', () => {
    expect(lines(ticket({ vip: 'appointment' }), 'zh-CN')).toContain('预约客户 / Appointment');
    expect(lines(ticket({ vip: 'card' }), 'en')).toContain('VIP customer / 贵宾客户');
    expect(lines(ticket({}), 'en').some((l) => l.includes('VIP') || l.includes('Appointment'))).toBe(false);
  });

  it('never promises less than the estimate', () => {
    expect([0, 1, 59, 60, 61, 600, 601].map(waitMinutes)).toEqual([1, 1, 1, 1, 2, 10, 11]);
  });
});
