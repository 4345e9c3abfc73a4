// Read-aloud through the browser's speech synthesis. What is read is the screen itself
// (screenText): title, options, numbers and actions in the order a sighted customer sees
// them. A kiosk image may ship without voices (Chromium on Linux speaks through
// speech-dispatcher; the .deb depends on it and a Chinese-capable engine): then the
// read-aloud button says so instead of doing nothing (useVoice).
import { useSyncExternalStore } from 'react';
import type { Locale } from '../../electron/bridge/contract.js';

const voiceLang: Record<Locale, string> = { 'zh-CN': 'zh-CN', en: 'en-US' };
/** Voice languages that can read a locale: any Chinese voice reads zh-CN, any English one en. */
const voicePrefix: Record<Locale, string> = { 'zh-CN': 'zh', en: 'en' };

function synthesis(): SpeechSynthesis | null {
  if (typeof window === 'undefined' || !('speechSynthesis' in window) || typeof window.SpeechSynthesisUtterance !== 'function') return null;
  return window.speechSynthesis;
}

/** The installed voice that reads this locale best (its own region first), if any. */
export function voiceFor(locale: Locale): SpeechSynthesisVoice | null {
  const voices = synthesis()?.getVoices() ?? [];
  const tag = (v: SpeechSynthesisVoice) => v.lang.replace('_', '-').toLowerCase();
  const exact = voices.find((v) => tag(v) === voiceLang[locale].toLowerCase());
  return exact ?? voices.find((v) => tag(v).startsWith(voicePrefix[locale])) ?? null;
}

// Voices load asynchronously ("voiceschanged"), so availability is an external store.
function subscribeVoices(onChange: () => void): () => void {
  const speech = synthesis();
  if (!speech || typeof speech.addEventListener !== 'function') return () => undefined;
  speech.addEventListener('voiceschanged', onChange);
  return () => speech.removeEventListener('voiceschanged', onChange);
}

/** Whether this locale can be read aloud now; follows voices as they load. */
export function useVoice(locale: Locale): boolean {
  return useSyncExternalStore(
    subscribeVoices,
    () => voiceFor(locale) !== null,
    () => false,
  );
}

export function speak(text: string, locale: Locale): void {
  if (text.trim() === '') return;
  synthesis()?.cancel();
  speakAfter(text, locale);
}

/** Queued behind whatever is being spoken (the wall display's announcements, one after another). */
export function speakAfter(text: string, locale: Locale): void {
  const speech = synthesis();
  if (!speech || text.trim() === '') return;
  const utterance = new window.SpeechSynthesisUtterance(text);
  utterance.lang = voiceLang[locale];
  const voice = voiceFor(locale);
  if (voice) utterance.voice = voice;
  speech.speak(utterance);
}

/** Called when a session ends so the next customer does not hear the last one's screen. */
export function stopSpeaking(): void {
  synthesis()?.cancel();
}

// Elements read as one phrase; anything else is read text node by text node.
const PHRASES = new Set(['H1', 'H2', 'H3', 'P', 'LI', 'BUTTON', 'LABEL', 'DT', 'DD', 'OUTPUT', 'LEGEND']);
const SKIP = new Set(['HEADER', 'SCRIPT', 'STYLE', 'TEMPLATE', 'VIDEO', 'AUDIO', 'TEXTAREA', 'INPUT']);

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

function skipped(el: Element): boolean {
  return SKIP.has(el.tagName) || el.getAttribute('aria-hidden') === 'true' || el.hasAttribute('hidden') || el.getAttribute('data-read-aloud') === 'skip';
}

/**
 * What read-aloud says for a screen: its visible text in reading order, one phrase per
 * heading, paragraph, button or item. The navigation header and anything hidden from
 * assistive technology (decorative icons, the big countdown digit) are left out.
 */
export function screenText(root: Element, locale: Locale): string {
  const phrases: string[] = [];
  const visit = (node: Node) => {
    if (node.nodeType === 3) {
      const text = squash(node.textContent ?? '');
      if (text) phrases.push(text);
      return;
    }
    if (!(node instanceof Element) || skipped(node)) return;
    if (PHRASES.has(node.tagName)) {
      const text = squash(phraseText(node));
      if (text) phrases.push(text);
      return;
    }
    node.childNodes.forEach(visit);
  };
  root.childNodes.forEach(visit);
  const stop = locale === 'zh-CN' ? '。' : '. ';
  return phrases.map((p) => (/[.!?。！？：:…]$/.test(p) ? p : p + stop.trim())).join(locale === 'zh-CN' ? '' : ' ');
}

/** An element's text without its hidden parts (an icon inside a button). */
function phraseText(el: Element): string {
  let text = '';
  el.childNodes.forEach((child) => {
    if (child.nodeType === 3) text += child.textContent ?? '';
    else if (child instanceof Element && !skipped(child)) text += ' ' + phraseText(child) + ' ';
  });
  return text;
}
