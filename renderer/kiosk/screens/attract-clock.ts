// The attract screen's clock and dates, written out by hand for the kiosk's two locales. The
// page's first Intl.DateTimeFormat loads ICU's calendar and time-zone data: 20–100 ms on the
// main thread (measured in Chromium), which would sit between the page's load and its first
// screen. The formats are ICU's own (zh-CN and en, dateStyle full; 24-hour time), checked
// against ICU in attract-clock.test.ts; warmDateFormats() pays ICU's cost once the screen is up.
import type { Locale } from '../../../electron/bridge/locale.js';

const ZH_WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const EN_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const twoDigits = (n: number) => String(n).padStart(2, '0');

/** Local time as HH:MM, 24-hour, as both locales write it. */
export function attractTime(now: Date): string {
  return `${twoDigits(now.getHours())}:${twoDigits(now.getMinutes())}`;
}

/** The local date in full: 2026年12月6日星期日 / Sunday, December 6, 2026. */
export function attractDate(now: Date, locale: Locale): string {
  const [year, month, day, weekday] = [now.getFullYear(), now.getMonth(), now.getDate(), now.getDay()];
  return locale === 'zh-CN' ? `${year}年${month + 1}月${day}日${ZH_WEEKDAYS[weekday]}` : `${EN_WEEKDAYS[weekday]}, ${EN_MONTHS[month]} ${day}, ${year}`;
}

/**
 * Loads ICU's date data once the kiosk has been idle a while, so the first screen that formats
 * a date or an amount does not pause for it. Not at the first idle moment: that comes between
 * the first paint and the page's first bridge requests (React's effects), which it would delay.
 */
export function warmDateFormats(win: Pick<Window, 'setTimeout'> & { requestIdleCallback?: Window['requestIdleCallback'] } = window, afterMs = 3_000): void {
  const warm = () => void new Intl.DateTimeFormat('zh-CN', { dateStyle: 'full', timeStyle: 'short' }).format(new Date());
  win.setTimeout(() => (win.requestIdleCallback ? win.requestIdleCallback(warm, { timeout: 2_000 }) : warm()), afterMs);
}
