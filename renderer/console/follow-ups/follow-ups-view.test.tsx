// @vitest-environment jsdom
// The Follow-ups view against a fake hub: cases listed with the overdue ones marked in words,
// a case taken, noted and moved on, both languages, and the customer-voice table.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderConsoleView } from '../testing/render-console-view.js';
import type { FollowUpCase, FollowUpDetail } from '../../../protocol/follow-ups.js';
import type { ConsoleLocale } from '../i18n/console-i18n.js';
import { FollowUpsView } from './FollowUpsView.js';

const ME = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c09';
const staff = { staffId: ME, username: 'sup', displayName: 'Wang Fang', role: 'supervisor' as const, languages: ['zh-CN' as const], topics: ['cards' as const] };

const baseCase: FollowUpCase = {
  caseId: '0193a5e2-0000-7000-8000-000000000001', kind: 'detractor', kioskId: 'K01', branchId: 'BR001', openedAt: '2026-12-03T09:00:00.000Z', dueAt: '2026-12-04T09:00:00.000Z',
  status: 'open', breached: true, owner: null, score: 3, reason: 'waiting-time', comment: 'waited long', journey: 'queue-ticket', service: 'cash', reference: 'A1023',
  phone: null, phoneMasked: false, contactedAt: null, closedAt: null, resolution: null,
};
const callBack: FollowUpCase = { ...baseCase, caseId: '0193a5e2-0000-7000-8000-000000000002', kind: 'call-back', breached: false, score: null, reason: null, comment: null, reference: 'CB-7K3M9P', phone: '138****5678', phoneMasked: true };

let current: FollowUpCase;
let notes: FollowUpDetail['notes'];
const calls: { method: string; url: string; body: unknown }[] = [];

function fakeHub(input: string, init?: RequestInit): Promise<Response> {
  const method = init?.method ?? 'GET';
  const body: unknown = init?.body ? JSON.parse(String(init.body)) : undefined;
  calls.push({ method, url: input, body });
  const json = (value: unknown) => Promise.resolve(new Response(JSON.stringify(value), { status: 200, headers: { 'content-type': 'application/json' } }));
  if (input.startsWith('/v1/staff/follow-ups?')) return json({ cases: [current, callBack] });
  if (input.startsWith('/v1/staff/banking/follow-ups?')) return json({ items: [] });
  if (input === '/v1/staff/customer-voice') return json({ rows: [{ month: '2026-12', category: 'waiting-time', service: 'cash', count: 1, promoters: 0, passives: 0, detractors: 1, nps: -100 }] });
  if (input.endsWith('/take')) current = { ...current, owner: { staffId: ME, name: 'Wang Fang' } };
  if (input.endsWith('/notes')) notes = [...notes, { noteId: notes.length + 1, staffId: ME, staffName: 'Wang Fang', text: (body as { text: string }).text, at: '2026-12-04T10:00:00.000Z' }];
  if (input.endsWith('/status')) current = { ...current, status: 'contacted', contactedAt: '2026-12-04T10:05:00.000Z' };
  return json({ ...current, notes });
}

beforeEach(() => {
  current = baseCase;
  notes = [];
  calls.length = 0;
  vi.stubGlobal('fetch', vi.fn(fakeHub));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const renderView = (locale: ConsoleLocale) => renderConsoleView(<FollowUpsView />, locale, staff);

describe('the Follow-ups view', () => {
  it('lists cases, overdue ones marked in words, and the customer-voice table (en)', async () => {
    renderView('en');
    const rows = await screen.findAllByTestId('follow-up-row');
    expect(rows.map((r) => r.getAttribute('data-breached'))).toEqual(['true', 'false']);
    expect(within(rows[0] as HTMLElement).getByTestId('follow-up-breached').textContent).toBe('Overdue');
    expect(rows[0]?.textContent).toContain('Low score · A1023');
    expect(rows[0]?.textContent).toContain('Waiting time');
    expect(rows[1]?.textContent).toContain('Call-back · CB-7K3M9P');
    expect(calls.map((c) => c.url)).toContain('/v1/staff/follow-ups?status=open');
    // The declined-payments section below the cases loads too, and has none.
    expect((await screen.findByTestId('stored-payments-empty')).textContent).toBe('No declined payments to follow up.');
    const report = await screen.findByTestId('voice-report-row');
    expect(report.textContent).toBe('2026-12Waiting timecash1-100');
  });

  it('takes a case, adds a note with who and when, and marks it contacted (zh-CN)', async () => {
    const user = userEvent.setup();
    renderView('zh-CN');
    await user.click((await screen.findAllByTestId('follow-up-open'))[0] as HTMLElement);
    const detail = await screen.findByTestId('follow-up-detail');
    expect(within(detail).getByTestId('follow-up-owner').textContent).toBe('尚无负责人');
    await user.click(within(detail).getByTestId('follow-up-take'));
    await waitFor(() => expect(screen.getByTestId('follow-up-owner').textContent).toBe('您负责此工单'));
    await user.type(screen.getByTestId('follow-up-note-text'), '已致电客户');
    await user.click(screen.getByTestId('follow-up-note-add'));
    await waitFor(() => expect(screen.getByTestId('follow-up-notes').textContent).toContain('已致电客户'));
    expect(screen.getByTestId('follow-up-notes').textContent).toContain('Wang Fang');
    await user.click(screen.getByTestId('follow-up-contacted'));
    await waitFor(() => expect(screen.getByTestId('follow-up-status').textContent).toBe('已联系'));
    expect(calls.filter((c) => c.method === 'POST').map((c) => [c.url.split('/').at(-1), c.body])).toEqual([
      ['take', undefined],
      ['notes', { text: '已致电客户' }],
      ['status', { status: 'contacted' }],
    ]);
  });

  it('filters by status and overdue', async () => {
    const user = userEvent.setup();
    renderView('en');
    await screen.findAllByTestId('follow-up-row');
    await user.click(screen.getByTestId('follow-up-filter-all'));
    await user.click(screen.getByTestId('follow-up-filter-breached'));
    await waitFor(() => expect(calls.map((c) => c.url)).toContain('/v1/staff/follow-ups?breached=true'));
  });
});
