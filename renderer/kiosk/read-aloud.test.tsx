// @vitest-environment jsdom
// Read-aloud (issue 12 #10): it reads what is on the screen — title, options, numbers and
// actions, not the header — on every screen and dialog, in the session's language; with no
// voice for that language the button stays visible, disabled, and says why.
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetDocument, renderKiosk } from '../testing/render-kiosk.js';
import { REQUEST, renderWithAssist } from './assist/assist-host-testing.js';

interface Spoken {
  text: string;
  lang: string;
}

/** A speechSynthesis with the given voice languages; voices may be added later (voiceschanged). */
function stubSpeech(langs: string[]) {
  const spoken: Spoken[] = [];
  const voices = langs.map((lang) => ({ lang, name: `voice ${lang}` }));
  const listeners = new Set<() => void>();
  class Utterance {
    lang = '';
    voice: unknown = null;
    constructor(readonly text: string) {}
  }
  vi.stubGlobal('SpeechSynthesisUtterance', Utterance);
  vi.stubGlobal('speechSynthesis', {
    cancel: () => undefined,
    speak: (u: Utterance) => spoken.push({ text: u.text, lang: u.lang }),
    getVoices: () => voices,
    addEventListener: (_: string, fn: () => void) => listeners.add(fn),
    removeEventListener: (_: string, fn: () => void) => listeners.delete(fn),
  });
  return {
    spoken,
    addVoice(lang: string) {
      voices.push({ lang, name: `voice ${lang}` });
      act(() => listeners.forEach((fn) => fn()));
    },
  };
}

afterEach(() => {
  cleanup();
  resetDocument();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

async function reachHome(locale: 'zh' | 'en' = 'zh') {
  const user = userEvent.setup();
  const view = renderKiosk();
  await user.click(await screen.findByTestId('attract'));
  await user.click(screen.getByTestId(`language-${locale}`));
  return { user, ...view };
}

describe('read-aloud', () => {
  it('reads the home screen: title and every option, not the header', async () => {
    const speech = stubSpeech(['zh-CN', 'en-US']);
    const { user } = await reachHome();
    await user.click(screen.getByTestId('read-aloud'));
    expect(speech.spoken).toHaveLength(1);
    const [{ text, lang }] = speech.spoken as [Spoken];
    expect(lang).toBe('zh-CN');
    expect(text.startsWith('请选择您要办理的业务。')).toBe(true);
    for (const part of ['排队取号', '领取柜台服务号票', '缴费', '开户', '换卡', '打印对账单']) expect(text).toContain(part);
    for (const header of ['首页', '视频协助', 'English', '朗读']) expect(text).not.toContain(header);
  });

  it('reads the ticket number and what to do next, in English after a switch', async () => {
    const speech = stubSpeech(['zh-CN', 'en-GB']);
    const { user } = await reachHome('en');
    await user.click(screen.getByTestId('tile-queue'));
    await user.click(await screen.findByTestId('service-cash'));
    await screen.findByTestId('ticket-number');
    await user.click(screen.getByTestId('read-aloud'));
    const text = speech.spoken.at(-1)?.text ?? '';
    expect(speech.spoken.at(-1)?.lang).toBe('en-US');
    expect(text).toContain('A1023');
    expect(text).toContain('Please take your ticket');
    expect(text).toContain('Done');
  });

  it('is disabled with a visible reason when no voice reads the language, and enabled once one loads', async () => {
    const speech = stubSpeech(['en-US']);
    await reachHome();
    const button = screen.getByTestId('read-aloud') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe('朗读不可用：未安装语音');
    speech.addVoice('zh_CN');
    expect(button.disabled).toBe(false);
    expect(button.textContent).toBe('朗读');
  });

  it('is disabled with a reason where the platform has no speech synthesis at all', async () => {
    await reachHome('en');
    const button = screen.getByTestId('read-aloud') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe('Read aloud: no voice installed');
  });

  it('is on the waiting screen and the rating screen and reads them, not the page behind', async () => {
    const speech = stubSpeech(['zh-CN', 'en-US']);
    const user = userEvent.setup();
    const { set } = renderWithAssist();
    await user.click(await screen.findByTestId('attract'));
    await user.click(screen.getByTestId('language-zh'));
    await user.click(screen.getByTestId('help-button'));
    act(() => set({ phase: 'waiting', requestId: REQUEST, position: 2, expectedWaitSec: 150 }));
    await user.click(within(screen.getByTestId('assist-waiting')).getByTestId('read-aloud'));
    expect(speech.spoken.at(-1)?.text).toContain('您当前排在第 2 位');
    expect(speech.spoken.at(-1)?.text).toContain('取消');
    expect(speech.spoken.at(-1)?.text).not.toContain('排队取号');

    act(() => set({ phase: 'ended', reason: 'completed', sessionId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c01', rateable: true }));
    await user.click(within(screen.getByTestId('assist-rating')).getByTestId('read-aloud'));
    expect(speech.spoken.at(-1)?.text).toContain('您有多大可能向亲友推荐我们的视频协助？');
  });
});
