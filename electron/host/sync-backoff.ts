// Retry delays for the sync engine: exponential backoff with "full jitter" — a uniformly
// random delay between 0 and the exponential ceiling — so a branch's kiosks coming back after
// a hub outage spread their retries instead of arriving in lock-step. Pure; the random source
// is injected so tests can pin it.

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 };

/** Delay before retry number `failures` (1 = first retry); `random` returns [0, 1). */
export function fullJitterDelay(failures: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  return Math.floor(random() * ceiling);
}

/** Timers the engine schedules with; tests pass a fake clock. */
export interface SyncClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: SyncClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
