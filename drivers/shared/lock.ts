// Serialises access to one device: a receipt printer answers status bytes in request order,
// so a poll must never interleave with a job's own status queries.
export interface SerialLock {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** True while a task runs or waits; the idle poll skips instead of queueing behind a job. */
  readonly busy: boolean;
}

export function createSerialLock(): SerialLock {
  let tail: Promise<unknown> = Promise.resolve();
  let pending = 0;
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      pending += 1;
      const result = tail.then(task).finally(() => {
        pending -= 1;
      });
      // The chain must survive a rejected task, or one failure would block the device forever.
      tail = result.catch(() => undefined);
      return result;
    },
    get busy() {
      return pending > 0;
    },
  };
}
