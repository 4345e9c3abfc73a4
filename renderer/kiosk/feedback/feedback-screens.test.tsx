// @vitest-environment jsdom
// The satisfaction question after the queue ticket (issue 13): one tap is an answer, a reason
// and a comment are optional, Skip is always there, and the question ends the visit by itself.
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderKiosk, resetDocument } from '../../testing/render-kiosk.js';
import { SURVEY_TIMEOUT_MS } from './SatisfactionSurvey.js';

beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: true }));
afterEach(() => {
  cleanup();
  resetDocument();
  vi.useRealTimers();
});

async function atFeedback(language: 'zh' | 'en' = 'zh') {
  const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
  const view = renderKiosk();
  await user.click(await screen.findByTestId('attract'));
  await user.click(screen.getByTestId(`language-${language}`));
  await user.click(screen.getByTestId('tile-queue'));
  await user.click(await screen.findByTestId('service-cash'));
  await screen.findByTestId('ticket-number');
  await user.click(screen.getByTestId('done-button'));
  await screen.findByTestId('feedback-screen');
  return { user, ...view };
}

describe('satisfaction after the queue ticket', () => {
  it('asks 0–10 with eleven big buttons and both ends labelled, in Chinese', async () => {
    await atFeedback();
    const survey = screen.getByTestId('feedback');
    expect(Array.from({ length: 11 }, (_, n) => within(survey).getByTestId(`feedback-${n}`).textContent)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('您有多大可能向亲友或同事推荐我们？');
    expect(survey.textContent).toContain('0 = 完全不可能');
    expect(survey.textContent).toContain('10 = 极有可能');
    expect(within(survey).getByRole('button', { name: '3 分（满分 10 分）' })).toBeTruthy();
    expect(screen.getByTestId('feedback-skip')).toBeTruthy();
  });

  it('in English too', async () => {
    await atFeedback('en');
    const survey = screen.getByTestId('feedback');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('How likely are you to recommend us to a friend or colleague?');
    expect(survey.textContent).toContain('0 = not at all likely');
    expect(survey.textContent).toContain('10 = extremely likely');
    expect(within(survey).getByRole('button', { name: '7 out of 10' })).toBeTruthy();
  });

  it('sends score, reason and a comment typed on the on-screen keyboard, then ends the visit', async () => {
    const { user, host } = await atFeedback('en');
    await user.click(screen.getByTestId('feedback-3'));
    await user.click(screen.getByTestId('feedback-reason-waiting-time'));
    expect(screen.getByTestId('feedback-reason-waiting-time').getAttribute('aria-pressed')).toBe('true');
    await user.click(screen.getByTestId('feedback-keyboard'));
    for (const key of 'slow') await user.click(screen.getByTestId(`osk-${key}`));
    expect((screen.getByTestId('feedback-comment') as HTMLInputElement).value).toBe('slow');
    await user.click(screen.getByTestId('feedback-done'));
    expect(host.callsTo('feedback.submit')).toEqual([{ journey: 'queue-ticket', service: 'cash', reference: 'A1023', score: 3, reason: 'waiting-time', comment: 'slow', locale: 'en' }]);
    expect(await screen.findByTestId('attract')).toBeTruthy();
    expect(host.callsTo('session.ended')).toEqual([{ reason: 'completed' }]);
  });

  it('masks a card number as it is typed, so it is never sent', async () => {
    const { user, host } = await atFeedback('en');
    await user.click(screen.getByTestId('feedback-1'));
    await user.type(screen.getByTestId('feedback-comment'), 'card 6222020200112230 eaten');
    expect((screen.getByTestId('feedback-comment') as HTMLInputElement).value).toBe('card ••••••••••••2230 eaten');
    expect(screen.getByText('Numbers are hidden. Please do not type card or ID numbers.')).toBeTruthy();
    await user.click(screen.getByTestId('feedback-done'));
    expect(JSON.stringify(host.callsTo('feedback.submit'))).not.toContain('6222020200112230');
  });

  it('after a low score the customer may leave a number for a call-back, with consent', async () => {
    const { user, host } = await atFeedback('en');
    await user.click(screen.getByTestId('feedback-2'));
    await user.click(screen.getByTestId('feedback-call-back'));
    for (const digit of '13812345678') await user.click(screen.getByTestId(`assist-callback-pad-${digit}`));
    expect((screen.getByTestId('assist-callback-submit') as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByTestId('assist-callback-consent'));
    await user.click(screen.getByTestId('assist-callback-submit'));
    expect(screen.getByTestId('feedback-phone-given').textContent).toContain('138****5678');
    expect(screen.queryByTestId('feedback-call-back')).toBeNull();
    await user.click(screen.getByTestId('feedback-done'));
    expect(host.callsTo('feedback.submit')).toEqual([{ journey: 'queue-ticket', service: 'cash', reference: 'A1023', score: 2, phone: '13812345678', consent: true, locale: 'en' }]);
  });

  it('offers no call-back after a good score', async () => {
    const { user } = await atFeedback('en');
    await user.click(screen.getByTestId('feedback-9'));
    expect(screen.queryByTestId('feedback-call-back')).toBeNull();
  });

  it('Skip on the question sends nothing and ends the visit', async () => {
    const { user, host } = await atFeedback();
    await user.click(screen.getByTestId('feedback-skip'));
    expect(await screen.findByTestId('attract')).toBeTruthy();
    expect(host.callsTo('feedback.submit')).toEqual([]);
    expect(host.callsTo('session.ended')).toEqual([{ reason: 'completed' }]);
  });

  it('one tap is enough: left alone, it sends the score and ends the visit by itself', async () => {
    const { user, host } = await atFeedback();
    await user.click(screen.getByTestId('feedback-10'));
    act(() => vi.advanceTimersByTime(SURVEY_TIMEOUT_MS));
    expect(await screen.findByTestId('attract')).toBeTruthy();
    expect(host.callsTo('feedback.submit')).toEqual([{ journey: 'queue-ticket', service: 'cash', reference: 'A1023', score: 10, locale: 'zh-CN' }]);
  });

  it('left untouched, the question goes away by itself without an answer', async () => {
    const { host } = await atFeedback();
    act(() => vi.advanceTimersByTime(SURVEY_TIMEOUT_MS));
    expect(await screen.findByTestId('attract')).toBeTruthy();
    expect(host.callsTo('feedback.submit')).toEqual([]);
  });
});
