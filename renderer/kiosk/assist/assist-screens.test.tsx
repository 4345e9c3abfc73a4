// @vitest-environment jsdom
// The help screens a customer sees around a call: waiting, the outcome, the rating.
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetDocument } from '../../testing/render-kiosk.js';
import { CALL, REQUEST, SESSION, renderWithAssist } from './assist-host-testing.js';

beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: true }));
afterEach(() => {
  cleanup();
  resetDocument();
  vi.useRealTimers();
});

async function atHome(opts: Parameters<typeof renderWithAssist>[0] = {}) {
  const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
  const view = renderWithAssist(opts);
  await user.click(await screen.findByTestId('attract'));
  await user.click(screen.getByTestId('language-zh'));
  return { user, ...view };
}

describe('waiting for an expert', () => {
  it('shows progress, then the queue position and expected wait, and Cancel leaves', async () => {
    const { user, host, set } = await atHome();
    await user.click(screen.getByTestId('help-button'));
    const waiting = await screen.findByTestId('assist-waiting');
    expect(waiting.textContent).toContain('正在联系视频协助');
    expect(screen.getByTestId('help-button').hasAttribute('disabled')).toBe(true);
    act(() => set({ phase: 'waiting', requestId: REQUEST, position: 2, expectedWaitSec: 150 }));
    expect(screen.getByTestId('assist-position').textContent).toBe('您当前排在第 2 位');
    expect(screen.getByTestId('assist-expected-wait').textContent).toBe('预计等待约 3 分钟');
    act(() => set({ phase: 'waiting', requestId: REQUEST, position: 1, expectedWaitSec: 20 }));
    expect(screen.getByTestId('assist-expected-wait').textContent).toBe('预计等待不到 1 分钟');
    await user.click(screen.getByTestId('assist-cancel'));
    expect(host.callsTo('assist.cancel')).toEqual([{}]);
    expect(screen.queryByTestId('assist-waiting')).toBeNull();
    expect(screen.getByTestId('tile-queue')).toBeTruthy();
  });

  it('the estimate counts down between hub events, restarts from each new one, and admits an overrun (issue 12 #2)', async () => {
    const { user, set } = await atHome();
    await user.click(screen.getByTestId('help-button'));
    // A customer who keeps touching the screen, so the idle prompt (after 15 s here) stays away.
    const waitWhileTouching = (ms: number) => {
      for (let left = ms; left > 0; left -= 10_000) {
        act(() => vi.advanceTimersByTime(Math.min(10_000, left)));
        fireEvent.pointerDown(window);
      }
    };
    act(() => set({ phase: 'waiting', requestId: REQUEST, position: 2, expectedWaitSec: 180 }));
    const wait = () => screen.getByTestId('assist-expected-wait').textContent;
    expect(wait()).toBe('预计等待约 3 分钟');
    waitWhileTouching(65_000);
    expect(wait()).toBe('预计等待约 2 分钟');
    act(() => set({ phase: 'waiting', requestId: REQUEST, position: 1, expectedWaitSec: 240 }));
    expect(wait()).toBe('预计等待约 4 分钟');
    act(() => set({ phase: 'waiting', requestId: REQUEST, position: 1, expectedWaitSec: 30 }));
    expect(wait()).toBe('预计等待不到 1 分钟');
    waitWhileTouching(60_000);
    expect(wait()).toBe('预计等待不到 1 分钟');
    waitWhileTouching(35_000);
    expect(wait()).toBe('等待时间比预计的长，您的排队位置会一直保留。');
    expect(screen.queryByTestId('idle-modal')).toBeNull();
  });

  it('says when the connection drops while waiting, keeping the place shown', async () => {
    const { user, set } = await atHome();
    await user.click(screen.getByTestId('help-button'));
    act(() => set({ phase: 'reconnecting', from: { phase: 'waiting', requestId: REQUEST, position: 3, expectedWaitSec: 200 }, attempt: 1 }));
    expect(screen.getByTestId('assist-reconnecting').textContent).toContain('正在重新连接');
    expect(screen.getByTestId('assist-position').textContent).toContain('3');
  });

  it('waiting is part of the session: the idle prompt comes, and the timeout ends the request with the session (issue 12 #1)', async () => {
    const { user, host, set } = await atHome();
    await user.click(screen.getByTestId('help-button'));
    act(() => set({ phase: 'waiting', requestId: REQUEST, position: 4, expectedWaitSec: 600 }));
    // renderWithAssist: idleTimeoutMs 20 s, idleWarningMs 5 s.
    act(() => vi.advanceTimersByTime(15_500));
    expect(screen.getByTestId('idle-modal')).toBeTruthy();
    expect(screen.queryByTestId('assist-waiting')).toBeNull(); // one dialog at a time
    act(() => vi.advanceTimersByTime(5_000));
    expect(host.callsTo('session.ended')).toEqual([{ reason: 'idle' }]);
    expect(screen.getByTestId('attract')).toBeTruthy();
  });

  it('a call is not idle: no prompt however long the customer talks', async () => {
    const { user, set } = await atHome();
    await user.click(screen.getByTestId('help-button'));
    act(() => set({ phase: 'connecting', ...CALL }));
    act(() => vi.advanceTimersByTime(120_000));
    expect(screen.queryByTestId('idle-modal')).toBeNull();
  });

  it('a new page ends whatever an earlier page left in the host before it reads the help state (issue 12 #1)', async () => {
    const { host } = renderWithAssist();
    await screen.findByTestId('attract');
    const order = host.calls.map((c) => c.method).filter((m) => m === 'session.opened' || m === 'assist.status');
    expect(order).toEqual(['session.opened', 'assist.status']);
  });

  it('says at once when no expert can answer, promises no wait, and offers a counter ticket or the menu (issue 12 #2)', async () => {
    const { user, host, set } = await atHome();
    await user.click(screen.getByTestId('help-button'));
    act(() => set({ phase: 'waiting', requestId: REQUEST, position: 1, expectedWaitSec: 0, nobodyAvailable: true }));
    const waiting = screen.getByTestId('assist-waiting');
    expect(within(waiting).getByRole('heading', { level: 1 }).textContent).toContain('现在没有专员可以接听');
    expect(screen.queryByTestId('assist-expected-wait')).toBeNull();
    expect(waiting.textContent).not.toContain('预计等待');
    await user.click(screen.getByTestId('assist-alt-ticket'));
    expect(host.callsTo('assist.cancel')).toEqual([{}]);
    expect(screen.queryByTestId('assist-waiting')).toBeNull();
    expect(await screen.findByTestId('service-cash')).toBeTruthy();
  });

  it('nobody can answer: the customer leaves a number with consent and gets a reference to quote (issue 12 #2)', async () => {
    const { user, host, set } = await atHome();
    await user.click(screen.getByTestId('help-button'));
    act(() => set({ phase: 'waiting', requestId: REQUEST, position: 1, expectedWaitSec: 0, nobodyAvailable: true }));
    await user.click(screen.getByTestId('assist-alt-callback'));
    expect(within(screen.getByTestId('assist-waiting')).getByRole('heading', { level: 1 }).textContent).toContain('留下电话，专员回电');
    const submit = screen.getByTestId('assist-callback-submit');
    for (const digit of '1381234567') await user.click(screen.getByTestId(`assist-callback-pad-${digit}`));
    await user.click(screen.getByTestId('assist-callback-consent'));
    // Ten digits: not a number yet, and the page says what is wrong instead of sending it.
    await user.click(submit);
    expect(screen.getByTestId('assist-callback-problem').textContent).toContain('11 位手机号');
    expect(host.callsTo('assist.requestCallback')).toEqual([]);
    await user.click(screen.getByTestId('assist-callback-pad-8'));
    expect(screen.queryByTestId('assist-callback-problem')).toBeNull();
    expect(screen.getByTestId('assist-callback-phone').textContent).toContain('13812345678');
    await user.click(submit);
    expect(host.callsTo('assist.requestCallback')).toEqual([{ phone: '13812345678', consent: true, topic: 'other', locale: 'zh-CN' }]);
    const booked = await screen.findByTestId('assist-callback-booked');
    expect(booked.textContent).toContain('138****5678');
    expect(screen.getByTestId('assist-callback-reference').textContent).toBe('您的参考号：CB-7KQ2MX');
    act(() => vi.advanceTimersByTime(10));
    expect(screen.getByTestId('assist-callback-booked')).toBeTruthy(); // stays after the request ends
    await user.click(screen.getByTestId('assist-callback-done'));
    expect(screen.queryByTestId('assist-callback-booked')).toBeNull();
    expect(screen.getByTestId('tile-queue')).toBeTruthy();
  });

  it('the call-back needs the consent box, and Back returns to the alternatives', async () => {
    const { user, set } = await atHome();
    await user.click(screen.getByTestId('help-button'));
    act(() => set({ phase: 'waiting', requestId: REQUEST, position: 1, expectedWaitSec: 0, nobodyAvailable: true }));
    await user.click(screen.getByTestId('assist-alt-callback'));
    for (const digit of '13812345678') await user.click(screen.getByTestId(`assist-callback-pad-${digit}`));
    expect(screen.getByTestId('assist-callback-submit').hasAttribute('disabled')).toBe(true);
    await user.click(screen.getByTestId('assist-callback-pad-backspace'));
    expect(screen.getByTestId('assist-callback-phone').textContent).toContain('1381234567');
    expect(screen.getByTestId('assist-callback-phone').textContent).not.toContain('13812345678');
    await user.click(screen.getByTestId('assist-callback-back'));
    expect(screen.getByTestId('assist-nobody')).toBeTruthy();
  });

  it('the menu alternative leaves the queue for the services menu', async () => {
    const { user, host, set } = await atHome();
    await user.click(screen.getByTestId('tile-queue'));
    await user.click(screen.getByTestId('help-button'));
    act(() => set({ phase: 'waiting', requestId: REQUEST, position: 1, expectedWaitSec: 0, nobodyAvailable: true }));
    await user.click(screen.getByTestId('assist-alt-self'));
    expect(host.callsTo('assist.cancel')).toEqual([{}]);
    expect(screen.getByTestId('tile-queue')).toBeTruthy();
  });

  it('explains an unanswered request and offers to try again', async () => {
    const { user, host, set } = await atHome();
    await user.click(screen.getByTestId('help-button'));
    act(() => set({ phase: 'ended', reason: 'no-answer', sessionId: null, rateable: false }));
    const ended = screen.getByTestId('assist-ended');
    expect(ended.textContent).toContain('暂时没有空闲的专员');
    await user.click(within(ended).getByTestId('assist-retry'));
    expect(host.callsTo('assist.requestHelp')).toHaveLength(2);
  });
});

describe('after the call', () => {
  it('asks the 0–10 question with eleven big buttons; a score, a reason and Done send one answer and thank the customer', async () => {
    const { user, host, set } = await atHome();
    act(() => set({ phase: 'ended', reason: 'completed', sessionId: SESSION, rateable: true }));
    const rating = screen.getByTestId('assist-rating');
    expect(Array.from({ length: 11 }, (_, n) => within(rating).getByTestId(`assist-rating-${n}`).tagName)).toEqual(Array(11).fill('BUTTON'));
    expect(rating.textContent).toContain('视频协助');
    expect(rating.textContent).toContain('0 = 完全不可能');
    expect(rating.textContent).toContain('10 = 极有可能');
    await user.click(within(rating).getByRole('button', { name: '4 分（满分 10 分）' }));
    expect(host.callsTo('assist.rate')).toEqual([]);
    await user.click(screen.getByTestId('assist-rating-reason-staff'));
    await user.click(screen.getByTestId('assist-rating-done'));
    expect(host.callsTo('assist.rate')).toEqual([{ sessionId: SESSION, score: 4, reason: 'staff', locale: 'zh-CN' }]);
    expect(screen.getByTestId('assist-thanks').textContent).toContain('感谢您的评价');
    act(() => vi.advanceTimersByTime(3_000));
    expect(screen.queryByTestId('assist-thanks')).toBeNull();
  });

  it('sends the score alone when the customer walks away after one tap', async () => {
    const { user, host, set } = await atHome();
    act(() => set({ phase: 'ended', reason: 'completed', sessionId: SESSION, rateable: true }));
    await user.click(screen.getByTestId('assist-rating-9'));
    act(() => vi.advanceTimersByTime(30_000));
    expect(host.callsTo('assist.rate')).toEqual([{ sessionId: SESSION, score: 9, locale: 'zh-CN' }]);
  });

  it('Skip closes the rating without one', async () => {
    const { user, host, set } = await atHome();
    act(() => set({ phase: 'ended', reason: 'completed', sessionId: SESSION, rateable: true }));
    await user.click(screen.getByTestId('assist-rating-skip'));
    expect(host.callsTo('assist.rate')).toEqual([]);
    expect(host.callsTo('assist.cancel')).toEqual([{}]);
    expect(screen.queryByTestId('assist-rating')).toBeNull();
  });
});
