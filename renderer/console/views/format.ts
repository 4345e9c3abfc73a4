// Small display helpers shared by the views.
import type { Translate } from '../i18n/console-i18n.js';

/** "42 s" or "3 min 05 s": waits and durations on the queue and supervisor views. */
export function duration(t: Translate, totalSec: number): string {
  const sec = Math.max(0, Math.floor(totalSec));
  if (sec < 60) return t('duration.seconds', { s: sec });
  return t('duration.minutes', { m: Math.floor(sec / 60), s: String(sec % 60).padStart(2, '0') });
}

/** Local wall-clock time of an ISO instant, e.g. "14:03:27". */
export function clockTime(iso: string, locale: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString(locale, { hour12: false });
}
