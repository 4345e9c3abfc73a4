// Whether a customer is using the kiosk, as the host can tell: from the first request only a
// customer makes (a ticket, a bill payment, a help call) until the page says the visit ended
// (done, home, idle timeout) or a fresh page opened. Maintenance and a UI reload wait for
// this, so an operator's command never cuts a customer off mid-journey.

/** Requests that mean someone is being served (exact names, or a prefix ending in '.'). */
const CUSTOMER_REQUESTS: readonly string[] = ['queue.issueTicket', 'queue.reprintTicket', 'assist.requestHelp', 'assist.requestCallback', 'assist.idScan', 'billPayment.'];

export function isCustomerRequest(name: string): boolean {
  return CUSTOMER_REQUESTS.some((entry) => (entry.endsWith('.') ? name.startsWith(entry) : name === entry));
}

export interface PresenceTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface AbsenceWait {
  waitedMs: number;
  /** The customer was still there when the wait ran out. */
  timedOut: boolean;
}

export class CustomerPresence {
  private active = false;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly timers: PresenceTimers) {}

  get present(): boolean {
    return this.active;
  }

  /** A bridge request reached the host; only customer requests count. */
  request(name: string): void {
    if (isCustomerRequest(name)) this.active = true;
  }

  /** The visit ended, or a new page holds a new (empty) session. */
  ended(): void {
    this.active = false;
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves when no customer is present, or after `maxMs` if one still is. */
  whenAbsent(maxMs: number): Promise<AbsenceWait> {
    const started = this.timers.now();
    if (!this.active) return Promise.resolve({ waitedMs: 0, timedOut: false });
    return new Promise((resolve) => {
      const finish = (timedOut: boolean) => {
        this.waiters.delete(wake);
        this.timers.clearTimeout(timer);
        resolve({ waitedMs: Math.max(0, this.timers.now() - started), timedOut });
      };
      const wake = () => finish(false);
      const timer = this.timers.setTimeout(() => finish(true), maxMs);
      this.waiters.add(wake);
    });
  }
}
