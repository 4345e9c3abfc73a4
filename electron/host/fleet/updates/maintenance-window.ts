// Whether the branch's maintenance window is open now, in the branch's own time zone (a kiosk's
// system clock may be set to UTC). Intl does the zone arithmetic, daylight saving included.
import type { MaintenanceWindow } from '../../../../protocol/software-updates.js';

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function localMinuteOfDay(now: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(now));
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? '0');
  return value('hour') * 60 + value('minute');
}

/** `from` inclusive, `to` exclusive; a window whose `from` is after `to` spans midnight. */
export function windowOpen(window: MaintenanceWindow, now: number): boolean {
  const minute = localMinuteOfDay(now, window.timeZone);
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}
