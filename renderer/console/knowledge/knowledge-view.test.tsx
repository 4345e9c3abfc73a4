// @vitest-environment jsdom
// The Knowledge tab against a fake hub: the list with statuses in words, a new article
// written in both languages with a live preview (bold as an element, HTML as text), a form
// error caught before sending, saved as a version, published, and the version history with
// who and when; a stale save (409) is explained, not swallowed.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderConsoleView } from '../testing/render-console-view.js';
import { parseBody, type ArticleContent, type ArticleDetail, type ArticleSummary } from '../../../protocol/knowledge.js';
import type { ConsoleLocale } from '../i18n/console-i18n.js';
import { KnowledgeView } from './KnowledgeView.js';

const ME = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c09';
const staff = { staffId: ME, username: 'adm', displayName: 'Wang Fang', role: 'admin' as const, languages: ['zh-CN' as const], topics: ['cards' as const] };
const ID = '0193a5e2-0000-7000-8000-0000000000a1';
const AT = '2026-12-04T10:00:00.000Z';

const hours: ArticleSummary = {
  id: '0193a5e2-0000-7000-8000-0000000000b1', slug: 'opening-hours', category: 'hours', status: 'published', title: { 'zh-CN': '网点营业时间', en: 'Branch opening hours' },
  latestVersion: 1, publishedVersion: 1, updated: { by: 'demo-seed', byName: 'demo-seed', at: AT },
};

let articles: ArticleSummary[];
let created: ArticleDetail | null;
let conflictOnSave: boolean;
const calls: { method: string; url: string; body: unknown }[] = [];

function detailOf(content: ArticleContent, patch: Partial<ArticleDetail>): ArticleDetail {
  return {
    id: ID, slug: 'atm-fees', category: content.category, status: 'draft', title: { 'zh-CN': content.text['zh-CN'].title, en: content.text.en.title },
    latestVersion: 1, publishedVersion: null, updated: { by: ME, byName: 'Wang Fang', at: AT }, content,
    versions: [{ version: 1, by: ME, byName: 'Wang Fang', at: AT }], audit: [{ event: 'created', version: 1, by: ME, byName: 'Wang Fang', at: AT }], ...patch,
  };
}

function fakeHub(input: string, init?: RequestInit): Promise<Response> {
  const method = init?.method ?? 'GET';
  const body = (init?.body ? JSON.parse(String(init.body)) : undefined) as { content: ArticleContent; version: number } | undefined;
  calls.push({ method, url: input, body });
  const json = (value: unknown, status = 200) => Promise.resolve(new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } }));
  if (method === 'GET' && input === '/v1/staff/knowledge/articles') return json({ articles: created ? [...articles, created] : articles });
  if (method === 'POST' && input === '/v1/staff/knowledge/articles' && body) {
    created = detailOf(body.content, {});
    return json(created, 201);
  }
  if (method === 'GET' && input === `/v1/staff/knowledge/articles/${ID}` && created) return json(created);
  if (input.endsWith('/versions') && created && body) {
    if (conflictOnSave) return json({ error: { code: 'CONFLICT', message: 'stale' } }, 409);
    created = { ...created, latestVersion: 2, content: body.content, versions: [{ version: 2, by: ME, byName: 'Wang Fang', at: AT }, ...created.versions] };
    return json(created, 201);
  }
  if (input.endsWith('/publish') && created && body) {
    created = { ...created, status: 'published', publishedVersion: body.version, audit: [{ event: 'published', version: body.version, by: ME, byName: 'Wang Fang', at: AT }, ...created.audit] };
    return json(created);
  }
  return json({ error: { code: 'NOT_FOUND', message: 'no' } }, 404);
}

beforeEach(() => {
  articles = [hours];
  created = null;
  conflictOnSave = false;
  calls.length = 0;
  vi.stubGlobal('fetch', vi.fn(fakeHub));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const renderView = (locale: ConsoleLocale) => renderConsoleView(<KnowledgeView />, locale, staff);

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('the Knowledge tab', () => {
  it('writes a bilingual article with a preview, saves it, publishes it, and shows the history (en)', async () => {
    const user = userEvent.setup();
    renderView('en');
    const [row] = await screen.findAllByTestId('knowledge-row');
    expect(row?.textContent).toContain('Branch opening hours');
    expect(within(row as HTMLElement).getByTestId('knowledge-row-status').textContent).toBe('Published');

    await user.click(screen.getByTestId('knowledge-new'));
    type('knowledge-slug', 'atm-fees');
    type('knowledge-title-en', 'ATM fees');
    type('knowledge-body-en', 'Cash withdrawal is **free**.\n\n- Own bank: free\n- <b>Other</b> banks: CNY 2');
    await user.click(screen.getByTestId('knowledge-save'));
    // The Chinese half is missing: caught before anything is sent.
    expect(screen.getByTestId('knowledge-invalid').textContent).toContain('zh-CN');
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);

    const preview = screen.getByTestId('knowledge-preview-en');
    type('knowledge-title-zh-CN', '取款手续费');
    type('knowledge-body-zh-CN', '本行卡取款**免费**。');
    type('knowledge-keywords-zh-CN', '手续费，取款');
    type('knowledge-category', 'fees');
    expect(within(screen.getByTestId('knowledge-preview-en')).getByText('free').tagName).toBe('STRONG');
    expect(preview.querySelector('b')).toBeNull();
    expect(screen.getByTestId('knowledge-preview-en').textContent).toContain('<b>Other</b> banks');

    await user.click(screen.getByTestId('knowledge-save'));
    await screen.findByTestId('knowledge-history');
    const sent = calls.find((c) => c.method === 'POST')?.body as { slug: string; content: ArticleContent };
    expect(sent.slug).toBe('atm-fees');
    expect(sent.content).toMatchObject({ category: 'fees', text: { 'zh-CN': { keywords: ['手续费', '取款'] }, en: { body: parseBody('Cash withdrawal is **free**.\n\n- Own bank: free\n- <b>Other</b> banks: CNY 2') } } });

    await user.click(screen.getByTestId('knowledge-publish'));
    await waitFor(() => expect(screen.getByTestId('knowledge-detail').getAttribute('data-status')).toBe('published'));
    expect(calls.at(-2)).toMatchObject({ method: 'POST', url: `/v1/staff/knowledge/articles/${ID}/publish`, body: { version: 1 } });
    expect(screen.getByTestId('knowledge-audit').textContent).toContain('Wang Fang · published v1');
    expect(screen.getAllByTestId('knowledge-version')).toHaveLength(1);
  });

  it('saves an edit as a new version, and explains a stale save (zh-CN)', async () => {
    const user = userEvent.setup();
    created = detailOf({ category: 'fees', text: { 'zh-CN': { title: '取款手续费', body: parseBody('免费。'), keywords: [] }, en: { title: 'ATM fees', body: parseBody('Free.'), keywords: [] } } }, {});
    renderView('zh-CN');
    const rows = await screen.findAllByTestId('knowledge-row');
    expect(within(rows[1] as HTMLElement).getByTestId('knowledge-row-status').textContent).toBe('草稿');
    await user.click(within(rows[1] as HTMLElement).getByTestId('knowledge-open'));
    await screen.findByTestId('knowledge-editor');
    expect(screen.queryByTestId('knowledge-slug')).toBeNull();
    type('knowledge-title-en', 'ATM withdrawal fees');
    await user.click(screen.getByTestId('knowledge-save'));
    expect((await screen.findByTestId('knowledge-saved')).textContent).toBe('已保存为第 2 版。');
    expect(calls.find((c) => c.url.endsWith('/versions'))?.body).toMatchObject({ baseVersion: 1 });
    expect(screen.getAllByTestId('knowledge-version')).toHaveLength(2);

    conflictOnSave = true;
    type('knowledge-title-en', 'ATM fees again');
    await user.click(screen.getByTestId('knowledge-save'));
    expect((await screen.findByTestId('knowledge-error')).textContent).toContain('已被他人修改');
  });
});
