// The system clock moved ahead on request: real timers (sockets, polls and the browser keep
// running as they do), while now() can jump a day so a deadline passes without waiting for it.
import { systemClock, type Clock } from '../clock.js';

export interface ShiftedClock extends Clock {
  /** Moves now() ahead by `ms` from here on. */
  shift(ms: number): void;
}

export function shiftedClock(): ShiftedClock {
  let offsetMs = 0;
  return {
    now: () => systemClock.now() + offsetMs,
    setTimeout: (callback, delayMs) => systemClock.setTimeout(callback, delayMs),
    clearTimeout: (handle) => systemClock.clearTimeout(handle),
    shift(ms) {
      offsetMs += ms;
    },
  };
}
