// An expert looking at another window, or away from the screen, must not miss a customer who
// starts waiting: each new request plays a tone, raises a system notification (when the
// expert allowed them) and the tab's title counts the waiting customers. Only while the
// expert is available and not in a call: a busy expert is not pulled away.
import { useEffect, useRef } from 'react';
import type { QueueEntry } from '../../../protocol/assist-values.js';
import type { Translate } from '../i18n/console-i18n.js';
import { playTones } from '../../ui/tone.js';

/** Two falling notes through Web Audio; silent where there is none. */
export function waitingTone(): void {
  playTones([988, 740], 0.2, 0.25);
}

function notify(t: Translate, entry: QueueEntry): void {
  if (typeof Notification !== 'function' || Notification.permission !== 'granted') return;
  try {
    const body = t('queue.notifyBody', { kiosk: entry.kioskId, language: t(`languages.${entry.language}`), topic: t(`topics.${entry.topic}`) });
    // One notification per request: a repeat replaces it instead of stacking.
    new Notification(t('queue.notifyTitle'), { body, tag: entry.requestId });
  } catch {
    // Some platforms allow notifications only from a service worker: tone and title remain.
  }
}

export interface QueueAlertInput {
  entries: QueueEntry[];
  /** Available and on the queue (not in a call, not wrapping up). */
  listening: boolean;
  t: Translate;
}

export function useQueueAlerts({ entries, listening, t }: QueueAlertInput): void {
  const alerted = useRef(new Set<string>());
  const count = entries.length;
  useEffect(() => {
    document.title = count > 0 ? t('queue.pageTitle', { count }) : t('app.title');
  }, [count, t]);
  // Asked once the expert says they take calls: that click is the gesture browsers want.
  useEffect(() => {
    if (listening && typeof Notification === 'function' && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
  }, [listening]);
  useEffect(() => {
    const fresh = entries.filter((entry) => !alerted.current.has(entry.requestId));
    // Requests that arrive while busy are not rung later: the queue is on screen by then.
    for (const entry of fresh) alerted.current.add(entry.requestId);
    if (!listening || fresh.length === 0) return;
    waitingTone();
    for (const entry of fresh) notify(t, entry);
  }, [entries, listening, t]);
}
