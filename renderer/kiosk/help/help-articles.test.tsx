// @vitest-environment jsdom
// Self-help while waiting for an expert, with a fake host: the entry shows only when the host
// has a knowledge base; typing "sxf" on the on-screen keyboard searches per keystroke and shows
// at most three articles; an article opens in both languages with its structure (bold, lists)
// as elements, never as HTML; Back returns to the list; "Call an expert" is always there and
// leads back to the wait, the request never cancelled.
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KnowledgeHit } from '../../../electron/bridge/knowledge-contract.js';
import { parseBody, type KioskArticle } from '../../../protocol/knowledge.js';
import { resetDocument } from '../../testing/render-kiosk.js';
import { REQUEST, renderWithAssist } from '../assist/assist-host-testing.js';
import { stepCategory } from './step-category.js';

beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: true }));
afterEach(() => {
  cleanup();
  resetDocument();
  vi.useRealTimers();
});

const FEES: KioskArticle = {
  id: '0190a000-0000-7000-8000-000000000001',
  slug: 'bill-payment-fees',
  version: 2,
  publishedAt: '2026-12-04T09:00:00.000Z',
  category: 'fees',
  text: {
    'zh-CN': { title: '生活缴费手续费', body: parseBody('缴费**不收取手续费**。<img src=x onerror=alert(1)>\n\n- 他行卡每笔 2 元'), keywords: [] },
    en: { title: 'Fees for paying bills', body: parseBody('Paying bills is **free**.'), keywords: [] },
  },
};
const hit = (n: number): KnowledgeHit => ({ id: `0190a000-0000-7000-8000-00000000000${n}`, category: 'fees', title: n === 1 ? '生活缴费手续费' : `文章 ${n}`, snippet: '缴费不收取手续费。' });

async function waitingWithArticles() {
  const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
  const view = renderWithAssist({
    handlers: {
      // Like the host: nothing for an empty query without a category; the limit honoured.
      'knowledge.search': ({ query, limit }) => ({ hits: query === '' ? [] : [1, 2, 3, 4].map(hit).slice(0, limit ?? 3) }),
      'knowledge.article': ({ id }) => (id === FEES.id ? FEES : null),
    },
  });
  await user.click(await screen.findByTestId('attract'));
  await user.click(screen.getByTestId('language-zh'));
  await user.click(screen.getByTestId('help-button'));
  act(() => view.set({ phase: 'waiting', requestId: REQUEST, position: 2, expectedWaitSec: 150 }));
  return { user, ...view };
}

describe('help articles while waiting', () => {
  it('searches "sxf" per keystroke, opens an article with its structure, goes back, and returns to the wait', async () => {
    const { user, host } = await waitingWithArticles();
    await user.click(await screen.findByTestId('help-find-answer'));
    expect(screen.getByTestId('help-still-need-help').textContent).toContain('仍需帮助');
    expect(screen.queryByTestId('assist-position')).toBeNull();
    for (const key of ['s', 'x', 'f']) await user.click(screen.getByTestId(`osk-${key}`));
    expect((screen.getByTestId('help-search') as HTMLInputElement).value).toBe('sxf');
    const queries = host.callsTo('knowledge.search').map((c) => (c as { query: string }).query);
    expect(queries).toEqual(expect.arrayContaining(['s', 'sx', 'sxf']));
    const hits = await screen.findAllByTestId('help-hit');
    expect(hits).toHaveLength(3);

    await user.click(hits[0] as HTMLElement);
    const article = await screen.findByTestId('help-article');
    expect(within(article).getByRole('heading').textContent).toBe('生活缴费手续费');
    expect(within(article).getByText('不收取手续费').tagName).toBe('STRONG');
    expect(article.querySelectorAll('li')).toHaveLength(1);
    // What the admin typed as HTML is shown as text, not made an element.
    expect(article.querySelector('img')).toBeNull();
    expect(article.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(within(article).getByTestId('read-aloud')).toBeTruthy();

    await user.click(screen.getByTestId('language-toggle'));
    expect(within(screen.getByTestId('help-article')).getByRole('heading').textContent).toBe('Fees for paying bills');
    await user.click(screen.getByTestId('help-article-back'));
    expect(await screen.findAllByTestId('help-hit')).toHaveLength(3);

    await user.click(screen.getByTestId('help-call-expert'));
    expect(screen.queryByTestId('help-articles')).toBeNull();
    expect(screen.getByTestId('assist-position')).toBeTruthy();
    expect(host.callsTo('assist.cancel')).toEqual([]);
  });

  it('Clear empties the search and asks for a word again', async () => {
    const { user } = await waitingWithArticles();
    await user.click(await screen.findByTestId('help-find-answer'));
    await user.click(screen.getByTestId('osk-q'));
    await user.click(screen.getByTestId('help-search-clear'));
    expect((screen.getByTestId('help-search') as HTMLInputElement).value).toBe('');
    expect(screen.queryAllByTestId('help-hit')).toHaveLength(0);
    expect(screen.getByText('请输入关键词进行搜索。')).toBeTruthy();
  });

  it('when no expert can answer, offers the articles without promising one, and leads back to the other ways', async () => {
    const { user, set } = await waitingWithArticles();
    act(() => set({ phase: 'waiting', requestId: REQUEST, position: 1, expectedWaitSec: 0, nobodyAvailable: true }));
    expect((await screen.findByTestId('help-find-answer')).textContent).toBe('自助查找答案');
    await user.click(screen.getByTestId('help-find-answer'));
    const still = screen.getByTestId('help-still-need-help');
    expect(still.getAttribute('data-expert-coming')).toBe('false');
    expect(still.textContent).toContain('暂时没有空闲的专员');
    expect(still.textContent).not.toContain('排队位置会保留');
    await user.click(screen.getByTestId('help-call-expert'));
    expect(screen.getByTestId('assist-nobody')).toBeTruthy();
  });

  it("when the hub cannot be reached, the ended screen offers the kiosk's own articles (they need no hub), and Back returns to it", async () => {
    const { user, set } = await waitingWithArticles();
    act(() => set({ phase: 'ended', reason: 'unavailable', sessionId: null, rateable: false }));
    expect((await screen.findByTestId('help-find-answer')).textContent).toBe('自助查找答案');
    await user.click(screen.getByTestId('help-find-answer'));
    for (const key of ['s', 'x', 'f']) await user.click(screen.getByTestId(`osk-${key}`));
    await user.click(await screen.findByText('生活缴费手续费'));
    expect(within(await screen.findByTestId('help-article')).getByRole('heading').textContent).toBe('生活缴费手续费');
    expect(screen.getByTestId('help-still-need-help').getAttribute('data-expert-coming')).toBe('false');
    await user.click(screen.getByTestId('help-call-expert'));
    expect(screen.getByTestId('assist-ended').dataset.reason).toBe('unavailable');
    expect(screen.getByTestId('assist-retry')).toBeTruthy();
  });

  it('offers no articles on a host without a knowledge base', async () => {
    renderWithAssist();
    const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
    await user.click(await screen.findByTestId('attract'));
    await user.click(screen.getByTestId('language-zh'));
    await user.click(screen.getByTestId('help-button'));
    await screen.findByTestId('assist-waiting');
    await act(async () => vi.advanceTimersByTimeAsync(50));
    expect(screen.queryByTestId('help-find-answer')).toBeNull();
  });
});

describe('articles for the current step', () => {
  it('offers fees while paying a bill or reading balances, hours at the queue, nothing at home', () => {
    expect(stepCategory({ name: 'bill', status: {} } as never)).toBe('fees');
    expect(stepCategory({ name: 'accounts', status: {} } as never)).toBe('fees');
    expect(stepCategory({ name: 'queue.choose' })).toBe('hours');
    expect(stepCategory({ name: 'home' })).toBeNull();
  });
});
