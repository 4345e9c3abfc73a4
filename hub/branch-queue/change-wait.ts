// Long-polling for the wall display and the teller view: "answer when the branch's queue has
// changed after the version I have, or after a while anyway". Writes made through this hub
// instance wake the waiters at once; writes made by another instance (several hubs on one
// PostgreSQL) or by ticket ingest are seen by a cheap check every `pollMs` — the queue's
// truth is the database, so nothing here needs to be shared between instances.

export interface ChangeWaitOptions {
  timeoutMs: number;
  pollMs: number;
}

export class BranchChanges {
  private readonly waiters = new Map<string, Set<() => void>>();

  notify(branchId: string): void {
    for (const wake of this.waiters.get(branchId) ?? []) wake();
  }

  /** Resolves true once `changed()` says so (woken or polled), false at the timeout. */
  async waitFor(branchId: string, changed: () => Promise<boolean>, { timeoutMs, pollMs }: ChangeWaitOptions): Promise<boolean> {
    if (await changed()) return true;
    const deadline = Date.now() + timeoutMs;
    let wake: () => void = () => undefined;
    const set = this.waiters.get(branchId) ?? new Set<() => void>();
    this.waiters.set(branchId, set);
    try {
      while (Date.now() < deadline) {
        const woken = new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(pollMs, Math.max(0, deadline - Date.now())));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
          set.add(wake);
        });
        await woken;
        set.delete(wake);
        if (await changed()) return true;
      }
      return false;
    } finally {
      set.delete(wake);
      if (set.size === 0) this.waiters.delete(branchId);
    }
  }

  /** Waiters right now, for tests and metrics. */
  waiting(branchId: string): number {
    return this.waiters.get(branchId)?.size ?? 0;
  }
}
