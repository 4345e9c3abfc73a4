// @vitest-environment jsdom
// The call as the customer sees it: docked beside their screen, video, Mute, End, chat,
// the expert pointing at a control, pushed forms and the authorization result.
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetDocument } from '../../testing/render-kiosk.js';
import { CALL, SESSION, renderWithAssist } from './assist-host-testing.js';
import { fakeStream } from './call-testing.js';
import { HIGHLIGHT_CLASS } from './HighlightEffect.js';

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  // jsdom has no media playback; the page's play() call must not log "not implemented".
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
});
afterEach(() => {
  cleanup();
  resetDocument();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

async function inCall(opts: Parameters<typeof renderWithAssist>[0] = {}) {
  const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
  const view = renderWithAssist(opts);
  await user.click(await screen.findByTestId('attract'));
  await user.click(screen.getByTestId('language-zh'));
  act(() => view.set({ phase: 'connecting', ...CALL }));
  await act(async () => vi.advanceTimersByTimeAsync(0));
  const peer = view.peers.last();
  const fromExpert = (message: unknown) => act(() => peer.emit('data', JSON.stringify(message)));
  return { user, ...view, peer, fromExpert };
}

describe('call panel', () => {
  it('docks beside the journey with the expert video large and the own preview small', async () => {
    const { peer, media } = await inCall();
    const call = screen.getByTestId('assist-call');
    expect(call.textContent).toContain('正在为您接通 李伟');
    expect(screen.getByTestId('remote-video').tagName).toBe('VIDEO');
    const own = screen.getByTestId('local-video') as HTMLVideoElement & { srcObject: unknown };
    expect(own.muted).toBe(true);
    expect(own.srcObject).toBe(media.stream);
    // The customer's screen stays usable during the call.
    expect(screen.getByTestId('tile-queue').closest('[inert]')).toBeNull();
    const remote = fakeStream(['audio', 'video']);
    act(() => peer.emit('stream', remote));
    expect((screen.getByTestId('remote-video') as HTMLVideoElement & { srcObject: unknown }).srcObject).toBe(remote);
    act(() => peer.connect());
    expect(call.textContent).toContain('李伟 正在为您服务');
  });

  it('mutes the microphone and ends the call', async () => {
    const { user, host, media, peer } = await inCall();
    act(() => peer.connect());
    await user.click(screen.getByTestId('assist-mute'));
    expect(screen.getByTestId('assist-mute').getAttribute('aria-pressed')).toBe('true');
    expect(media.stream?.getAudioTracks()[0]?.enabled).toBe(false);
    await user.click(screen.getByTestId('assist-end'));
    expect(host.callsTo('assist.end')).toEqual([{ sessionId: SESSION, reason: 'customer-ended' }]);
    expect(screen.queryByTestId('assist-call')).toBeNull();
    expect(peer.destroyed).toBe(true);
    expect(media.stream?.tracks.every((t) => t.stopped)).toBe(true);
    expect(screen.getByTestId('assist-rating')).toBeTruthy();
  });

  it('chats both ways with the input and the quick replies', async () => {
    const { user, peer, fromExpert } = await inCall();
    act(() => peer.connect());
    fromExpert({ v: 1, type: 'chat', id: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c10', from: 'expert', text: '请点击排队取号', at: '2026-11-23T09:00:00.000Z' });
    const log = screen.getByTestId('assist-chat-log');
    expect(log.textContent).toContain('请点击排队取号');
    await user.type(screen.getByTestId('assist-chat-input'), 'ok thanks');
    await user.click(screen.getByTestId('assist-chat-send'));
    expect(peer.messages().filter((m) => m.type === 'chat').map((m) => m.text)).toEqual(['ok thanks']);
    expect((screen.getByTestId('assist-chat-input') as HTMLInputElement).value).toBe('');
    await user.click(screen.getByRole('button', { name: '我听不到声音' }));
    expect(within(log).getAllByText(/我听不到声音/)).toHaveLength(1);
    // In Chinese the keyboard spells pinyin first (issue 12 item 7); ABC types letters.
    await user.click(screen.getByTestId('assist-keyboard-toggle'));
    expect(screen.getByTestId('assist-keyboard').getAttribute('data-mode')).toBe('pinyin');
    await user.click(screen.getByTestId('osk-mode'));
    await user.click(within(screen.getByTestId('assist-keyboard')).getByRole('button', { name: 'h' }));
    expect((screen.getByTestId('assist-chat-input') as HTMLInputElement).value).toBe('h');
  });

  // Issue 12 item 4: a request must never arrive out of sight, not even while the customer types.
  it('closes the keyboard when the expert pushes a form, so the form is seen', async () => {
    const { user, peer, fromExpert } = await inCall();
    act(() => peer.connect());
    await user.click(screen.getByTestId('assist-keyboard-toggle'));
    expect(screen.queryByTestId('assist-keyboard')).not.toBeNull();
    fromExpert({ v: 1, type: 'form.push', formId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c11', title: '请核对', fields: [{ label: '城市', value: '上海' }] });
    expect(screen.getByTestId('assist-form')).toBeTruthy();
    expect(screen.queryByTestId('assist-keyboard')).toBeNull();
  });

  // Issue 12 item 7: a card number typed in chat was on screen in full until sent.
  it('masks a long number in the message box as it is typed', async () => {
    const { user, peer } = await inCall();
    act(() => peer.connect());
    const input = screen.getByTestId('assist-chat-input') as HTMLInputElement;
    const shown: string[] = [];
    for (const digit of '6222020200112230') {
      await user.type(input, digit);
      shown.push(input.value);
    }
    expect(shown.filter((value) => /\d{7}/.test(value))).toEqual([]);
    expect(input.value).toMatch(/^•+2230$/);
    expect(screen.getByTestId('assist-chat-masked')).toBeTruthy();
  });

  it('outlines the control the expert points at, until turned off', async () => {
    const { peer, fromExpert } = await inCall();
    act(() => peer.connect());
    fromExpert({ v: 1, type: 'highlight', target: 'tile-queue', on: true });
    expect(screen.getByTestId('tile-queue').classList.contains(HIGHLIGHT_CLASS)).toBe(true);
    fromExpert({ v: 1, type: 'highlight', target: 'tile-queue', on: false });
    expect(screen.getByTestId('tile-queue').classList.contains(HIGHLIGHT_CLASS)).toBe(false);
  });

  it('shows a pushed form to confirm and the hub-signed authorization result', async () => {
    const { user, host, peer, fromExpert } = await inCall();
    act(() => peer.connect());
    fromExpert({ v: 1, type: 'form.push', formId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c11', title: '请核对', fields: [{ label: '手续费', value: '10.00 元' }] });
    expect(screen.getByTestId('assist-form').textContent).toContain('10.00 元');
    await user.click(screen.getByTestId('assist-form-confirm'));
    expect(peer.messages().at(-1)).toMatchObject({ type: 'form.response', confirmed: true });
    expect(screen.queryByTestId('assist-form')).toBeNull();
    const decision = { type: 'authorization.decision', sessionId: SESSION, authRequestId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c12', decisionId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c13', action: 'fee.waive', decision: 'approve', decidedAt: '2026-11-23T09:00:00Z', signature: 's' } as const;
    act(() => host.emit('assist.event', decision));
    expect(screen.getByTestId('assist-authorization').textContent).toBe('专员已批准');
  });

  it('says voice only when the camera failed, chat only when the microphone did too', async () => {
    await inCall({ media: 'audio' });
    expect(screen.getByTestId('assist-audio-only').textContent).toBe('摄像头不可用：仅语音');
    cleanup();
    await inCall({ media: 'none' });
    expect(screen.getByTestId('assist-audio-only').textContent).toBe('摄像头和麦克风不可用：仅文字交流');
    expect(screen.getByTestId('assist-mute').hasAttribute('disabled')).toBe(true);
    expect(screen.queryByTestId('local-video')).toBeNull();
  });

  it('keeps End large in elder mode and does not time out during the call', async () => {
    const { user } = await inCall();
    await user.click(screen.getByTestId('elder-toggle'));
    expect(document.documentElement.hasAttribute('data-elder')).toBe(true);
    expect(screen.getByTestId('assist-end').className).toContain('big-button--huge');
    act(() => vi.advanceTimersByTime(120_000));
    expect(screen.queryByTestId('idle-modal')).toBeNull();
  });
});
