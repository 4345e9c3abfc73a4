// Waiting for a driver event in integration tests. The wait ends on the event, so a generous
// limit costs nothing when things work; it only bounds a failure. 10 s because the suite's
// other processes (Chromium, PostgreSQL, PGlite) can starve a PTY relay for seconds on a
// 2-core CI machine, where 3 s failed about once in forty runs. The label names the step
// that never came, instead of a bare test timeout.
export const EVENT_WAIT_MS = 10_000;

export function nextEvent<T>(label: string, subscribe: (cb: (v: T) => void) => () => void, timeoutMs = EVENT_WAIT_MS): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${label}: nothing arrived within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = subscribe((v) => {
      clearTimeout(timer);
      off();
      resolve(v);
    });
  });
}

/** Bounds a step that has no event of its own (a write, a close), naming it when it hangs. */
export function withinLimit<T>(label: string, step: Promise<T>, timeoutMs = EVENT_WAIT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: did not finish within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([step, limit]).finally(() => clearTimeout(timer));
}
