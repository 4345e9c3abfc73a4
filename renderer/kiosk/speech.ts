// Read-aloud through the browser's speech synthesis. Kiosk images may ship without voices
// or without the API at all, so every call checks first and silently does nothing.
import type { Locale } from '../../electron/bridge/contract.js';

const voiceLang: Record<Locale, string> = { 'zh-CN': 'zh-CN', en: 'en-US' };

export function canSpeak(): boolean {
  return typeof window !== 'undefined' && 'speechSynthesis' in window && typeof window.SpeechSynthesisUtterance === 'function';
}

export function speak(text: string, locale: Locale): void {
  if (!canSpeak()) return;
  window.speechSynthesis.cancel();
  const utterance = new window.SpeechSynthesisUtterance(text);
  utterance.lang = voiceLang[locale];
  window.speechSynthesis.speak(utterance);
}

/** Called when a session ends so the next customer does not hear the last one's screen. */
export function stopSpeaking(): void {
  if (canSpeak()) window.speechSynthesis.cancel();
}
