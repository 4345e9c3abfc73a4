// Time as a dependency: the queue, SLA timers, grace periods and rate limits all take a
// Clock, so their tests run on a fake one instead of waiting.

export type TimerHandle = { readonly id: number };

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

let nextId = 0;

export const systemClock: Clock = (() => {
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  return {
    now: () => Date.now(),
    setTimeout(callback, delayMs) {
      const id = ++nextId;
      const timer = setTimeout(() => {
        timers.delete(id);
        callback();
      }, delayMs);
      // A pending SLA or grace timer must not keep a stopping hub process alive.
      timer.unref?.();
      timers.set(id, timer);
      return { id };
    },
    clearTimeout(handle) {
      const timer = timers.get(handle.id);
      if (timer !== undefined) clearTimeout(timer);
      timers.delete(handle.id);
    },
  };
})();
