// @vitest-environment jsdom
// The suggestion after a journey (issue 13), between the ticket and the satisfaction question:
// shown in the customer's language, "Yes, show me" tells the host and shows what happened,
// "No thanks" and the timeout go on to the survey, and a host without a suggestion (or
// without recommendations at all) goes straight to the survey.
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Offer } from '../../../electron/bridge/recommendation-contract.js';
import { renderKiosk, resetDocument } from '../../testing/render-kiosk.js';
import type { FakeHandlers } from '../../testing/fake-host.js';
import { RECOMMENDATION_TIMEOUT_MS } from './RecommendationScreen.js';

beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: true }));
afterEach(() => {
  cleanup();
  resetDocument();
  vi.useRealTimers();
});

const OFFER: Offer = {
  offerId: '0190a000-0000-7000-8000-0000000000aa',
  kind: 'service-info',
  title: { 'zh-CN': '请备好身份证', en: 'Have your ID card ready' },
  text: { 'zh-CN': '开户需要本人有效身份证件。', en: 'Opening an account needs your own valid ID card.' },
  action: { type: 'slip' },
};

async function afterTicket(handlers: FakeHandlers, language: 'zh' | 'en' = 'en') {
  const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
  const view = renderKiosk(handlers);
  await user.click(await screen.findByTestId('attract'));
  await user.click(screen.getByTestId(`language-${language}`));
  await user.click(screen.getByTestId('tile-queue'));
  await user.click(await screen.findByTestId('service-cash'));
  await screen.findByTestId('ticket-number');
  await user.click(screen.getByTestId('done-button'));
  return { user, ...view };
}

const offering = (offer: Offer | null = OFFER): FakeHandlers => ({
  'recommendation.offer': () => ({ offer }),
  'recommendation.respond': ({ answer }) => (answer === 'accepted' ? { done: 'slip', print: { printed: true } } : { done: 'none' }),
});

describe('a suggestion after the ticket', () => {
  it('shows the card in English; Yes tells the host, says the slip is printing, Continue asks the survey', async () => {
    const { user, host } = await afterTicket(offering());
    const card = await screen.findByTestId('recommendation-card');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Have your ID card ready');
    expect(card.textContent).toContain('Good to know');
    expect(card.textContent).toContain('Opening an account needs your own valid ID card.');
    expect(host.callsTo('recommendation.offer')).toEqual([{ journey: 'queue-ticket', serviceId: 'cash' }]);
    expect(card.parentElement?.querySelector('[data-testid="read-aloud"]')).not.toBeNull();

    await user.click(screen.getByRole('button', { name: 'Yes, show me' }));
    expect((await screen.findByTestId('recommendation-outcome')).textContent).toBe('An information slip is printing. Please take it with you.');
    expect(host.callsTo('recommendation.respond')).toEqual([{ offerId: OFFER.offerId, answer: 'accepted', locale: 'en' }]);
    await user.click(screen.getByTestId('recommendation-continue'));
    await screen.findByTestId('feedback-screen');
  });

  it('in Chinese, No thanks records the refusal and goes on to the survey', async () => {
    const { user, host } = await afterTicket({ ...offering({ ...OFFER, kind: 'marketing' }) }, 'zh');
    await screen.findByTestId('recommendation-card');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('请备好身份证');
    expect(screen.getByTestId('recommendation-card').textContent).toContain('为您推荐');
    await user.click(screen.getByRole('button', { name: '不用了，谢谢' }));
    await screen.findByTestId('feedback-screen');
    expect(host.callsTo('recommendation.respond')).toEqual([{ offerId: OFFER.offerId, answer: 'declined', locale: 'zh-CN' }]);
  });

  it('moves on by itself after the timeout, without an answer', async () => {
    const { host } = await afterTicket(offering());
    await screen.findByTestId('recommendation-card');
    vi.advanceTimersByTime(RECOMMENDATION_TIMEOUT_MS + 10);
    await screen.findByTestId('feedback-screen');
    expect(host.callsTo('recommendation.respond')).toEqual([]);
  });

  it('goes straight to the survey when the host has nothing to suggest, or no recommendations at all', async () => {
    await afterTicket(offering(null));
    await screen.findByTestId('feedback-screen');
    expect(screen.queryByTestId('recommendation-screen')).toBeNull();
    cleanup();
    const { host } = await afterTicket({});
    await screen.findByTestId('feedback-screen');
    expect(host.callsTo('recommendation.offer')).toHaveLength(1);
  });

  it('an article suggestion opens the article from the kiosk knowledge base', async () => {
    const articleId = '0190a000-0000-7000-8000-0000000000bb';
    const { user } = await afterTicket({
      ...offering({ ...OFFER, action: { type: 'article', articleId } }),
      'recommendation.respond': () => ({ done: 'none' }),
      'knowledge.article': ({ id }) => ({
        id,
        slug: 'id-card',
        version: 1,
        publishedAt: '2026-12-01T00:00:00Z',
        category: 'documents',
        text: {
          'zh-CN': { title: '开户所需证件', body: [{ type: 'paragraph', spans: [{ text: '请携带身份证。' }] }], keywords: [] },
          en: { title: 'Documents to open an account', body: [{ type: 'paragraph', spans: [{ text: 'Bring your ID card.' }] }], keywords: [] },
        },
      }),
    });
    await user.click(await screen.findByRole('button', { name: 'Yes, show me' }));
    expect((await screen.findByRole('heading', { level: 1, name: 'Documents to open an account' })).textContent).toBeTruthy();
    expect(screen.getByText('Bring your ID card.')).toBeTruthy();
  });
});
