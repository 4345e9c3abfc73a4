// The hidden way into service mode: five taps in the corner zone within three seconds. Pure,
// so the rule is tested without a screen.
export const GESTURE_TAPS = 5;
export const GESTURE_WINDOW_MS = 3_000;

export interface TapCounter {
  /** Records a tap at `now`; true when it completes the gesture (the counter then resets). */
  tap(now: number): boolean;
}

export function createTapCounter(taps = GESTURE_TAPS, windowMs = GESTURE_WINDOW_MS): TapCounter {
  let times: number[] = [];
  return {
    tap(now) {
      times = [...times.filter((t) => now - t < windowMs), now];
      if (times.length < taps) return false;
      times = [];
      return true;
    },
  };
}
