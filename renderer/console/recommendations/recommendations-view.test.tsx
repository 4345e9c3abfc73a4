// @vitest-environment jsdom
// The Recommendations tab against a fake hub: rules with impressions, acceptances and the rate;
// a new rule written in the form (a missing half caught before sending), sent as the hub's
// schema wants it (yuan typed, fen sent), its explain shown; disable; an edit saved as a new
// version and a stale one (409) explained; the form round-trips a rule it has no field for.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderConsoleView } from '../testing/render-console-view.js';
import { explainRule, type RuleDefinition, type RuleDetail } from '../../../protocol/recommendations.js';
import { autoPayRule } from '../../../protocol/recommendations.testing.js';
import type { ConsoleLocale } from '../i18n/console-i18n.js';
import { checkForm, fenOf, formOf } from './recommendation-form.js';
import { RecommendationsView } from './RecommendationsView.js';

const ME = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c09';
const staff = { staffId: ME, username: 'adm', displayName: 'Wang Fang', role: 'admin' as const, languages: ['zh-CN' as const], topics: ['cards' as const] };
const AT = '2026-12-04T10:00:00.000Z';
const EXISTING = '0193a5e2-0000-7000-8000-0000000000c1';
const NEW = '0193a5e2-0000-7000-8000-0000000000c2';

function ruleOf(id: string, definition: RuleDefinition, patch: Partial<RuleDetail> = {}): RuleDetail {
  return {
    id,
    version: 1,
    enabled: true,
    definition,
    explain: { 'zh-CN': explainRule(definition, 'zh-CN'), en: explainRule(definition, 'en') },
    counts: { shown: 0, accepted: 0, declined: 0 },
    updated: { by: ME, byName: 'Wang Fang', at: AT },
    audit: [{ event: 'created', version: 1, by: ME, byName: 'Wang Fang', at: AT }],
    ...patch,
  };
}

let rules: RuleDetail[];
let conflictOnSave: boolean;
const calls: { method: string; url: string; body: unknown }[] = [];

function fakeHub(input: string, init?: RequestInit): Promise<Response> {
  const method = init?.method ?? 'GET';
  const body = (init?.body ? JSON.parse(String(init.body)) : undefined) as { definition: RuleDefinition; enabled?: boolean; baseVersion?: number } | undefined;
  calls.push({ method, url: input, body });
  const json = (value: unknown, status = 200) => Promise.resolve(new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } }));
  const base = '/v1/staff/recommendations/rules';
  if (method === 'GET' && input === base) return json({ rules: rules.map(({ audit: _audit, ...summary }) => summary) });
  if (method === 'POST' && input === base && body) {
    const created = ruleOf(NEW, body.definition, { enabled: body.enabled ?? false });
    rules = [...rules, created];
    return json(created, 201);
  }
  const id = input.slice(base.length + 1).split('/')[0] ?? '';
  const index = rules.findIndex((r) => r.id === id);
  const rule = rules[index];
  if (!rule) return json({ error: { code: 'NOT_FOUND', message: 'no' } }, 404);
  const update = (next: RuleDetail) => {
    rules[index] = next;
    return json(next);
  };
  if (method === 'GET') return json(rule);
  if (method === 'PUT' && body) {
    if (conflictOnSave) return json({ error: { code: 'CONFLICT', message: 'stale' } }, 409);
    return update({ ...ruleOf(id, body.definition), version: rule.version + 1, counts: rule.counts, audit: [{ event: 'saved', version: rule.version + 1, by: ME, byName: 'Wang Fang', at: AT }, ...rule.audit] });
  }
  if (input.endsWith('/disable')) return update({ ...rule, enabled: false, audit: [{ event: 'disabled', version: rule.version, by: ME, byName: 'Wang Fang', at: AT }, ...rule.audit] });
  if (input.endsWith('/enable')) return update({ ...rule, enabled: true });
  return json({ error: { code: 'NOT_FOUND', message: 'no' } }, 404);
}

beforeEach(() => {
  rules = [ruleOf(EXISTING, autoPayRule(), { counts: { shown: 3, accepted: 1, declined: 1 } })];
  conflictOnSave = false;
  calls.length = 0;
  vi.stubGlobal('fetch', vi.fn(fakeHub));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const renderView = (locale: ConsoleLocale) => renderConsoleView(<RecommendationsView />, locale, staff);

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('the Recommendations tab', () => {
  it('lists rules with shown, accepted and rate; creates a rule from the form; shows why it matches; disables it (en)', async () => {
    const user = userEvent.setup();
    renderView('en');
    const [row] = await screen.findAllByTestId('reco-row');
    const cells = within(row as HTMLElement);
    expect([cells.getByTestId('reco-row-shown').textContent, cells.getByTestId('reco-row-accepted').textContent, cells.getByTestId('reco-row-rate').textContent]).toEqual(['3', '1', '33.3%']);
    expect(cells.getByTestId('reco-row-status').textContent).toBe('Enabled');
    expect(row?.textContent).toContain('After a bill payment that succeeded');

    await user.click(screen.getByTestId('reco-new'));
    type('reco-name', 'Auto-pay for big water bills');
    type('reco-biller-category', 'water');
    fireEvent.click(screen.getByTestId('reco-paid-by-card'));
    type('reco-amount-min', '100.5');
    type('reco-title-en', 'Pay water automatically');
    type('reco-text-en', 'Never miss a water bill.');
    type('reco-action', 'slip');
    await user.click(screen.getByTestId('reco-save'));
    expect(screen.getByTestId('reco-problems').textContent).toContain('Title');
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);

    type('reco-title-zh', '开通水费自动缴费');
    type('reco-text-zh', '不再错过水费缴费日期。');
    await user.click(screen.getByTestId('reco-save'));
    expect((await screen.findByTestId('reco-explain')).textContent).toContain('when the biller category is water, and it was paid by card, and the amount is at least CN¥100.50');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      enabled: true,
      definition: {
        name: 'Auto-pay for big water bills',
        when: { journey: 'bill-payment', outcome: 'success', conditions: [{ field: 'billerCategory', in: ['water'] }, { field: 'paidBy', equals: 'card' }, { field: 'amount', currency: 'CNY', atLeastMinor: 10_050 }] },
        suggestion: { kind: 'marketing', title: { 'zh-CN': '开通水费自动缴费', en: 'Pay water automatically' }, text: { 'zh-CN': '不再错过水费缴费日期。', en: 'Never miss a water bill.' }, action: { type: 'slip' } },
        priority: 10,
        activeFrom: null,
        activeUntil: null,
      },
    });
    expect(await screen.findAllByTestId('reco-row')).toHaveLength(2);

    await user.click(screen.getByTestId('reco-disable'));
    await screen.findByTestId('reco-enable');
    expect(calls.at(-2)).toMatchObject({ method: 'POST', url: `/v1/staff/recommendations/rules/${NEW}/disable` });
    expect(screen.getByTestId('reco-audit').textContent).toContain('Wang Fang · disabled v1');
  });

  it('saves an edit as a new version from the base it started on, and explains a stale save (zh-CN)', async () => {
    const user = userEvent.setup();
    renderView('zh-CN');
    const [row] = await screen.findAllByTestId('reco-row');
    expect(within(row as HTMLElement).getByTestId('reco-row-status').textContent).toBe('已启用');
    await user.click(within(row as HTMLElement).getByTestId('reco-open'));
    await screen.findByTestId('reco-editor');
    expect(screen.getByTestId('reco-explain').textContent).toContain('缴费类别为电费');
    type('reco-priority', '40');
    await user.click(screen.getByTestId('reco-save'));
    expect((await screen.findByTestId('reco-saved')).textContent).toBe('已保存为第 2 版。');
    expect(calls.find((c) => c.method === 'PUT')?.body).toMatchObject({ baseVersion: 1, definition: { priority: 40 } });

    conflictOnSave = true;
    type('reco-priority', '50');
    await user.click(screen.getByTestId('reco-save'));
    expect((await screen.findByTestId('reco-error')).textContent).toContain('其他人已修改此规则');
    await waitFor(() => expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(2));
  });
});

describe('the rule form', () => {
  it('reads yuan exactly as fen and refuses what is not an amount', () => {
    expect([fenOf('100'), fenOf('100.5'), fenOf('0.07'), fenOf('19.99')]).toEqual([10_000, 10_050, 7, 1_999]);
    expect([fenOf('1e3'), fenOf('-1'), fenOf('1.234'), fenOf('')]).toEqual([null, null, null, null]);
  });

  it('round-trips a rule, keeping a condition it has no field for', () => {
    const rule = autoPayRule({
      when: { journey: 'bill-payment', outcome: 'any', conditions: [{ field: 'billerId', in: ['sgcc-sh'] }, { field: 'amount', currency: 'CNY', atMostMinor: 50_000 }, { field: 'hour', from: 22, to: 6 }] },
      activeFrom: '2026-12-01T00:00:00.000Z',
    });
    const check = checkForm(formOf(rule, true));
    expect(check).toEqual({ ok: true, definition: rule });
    expect(checkForm({ ...formOf(rule, true), amountAtLeast: 'lots' })).toEqual({ ok: false, problems: ['amount'] });
  });
});
