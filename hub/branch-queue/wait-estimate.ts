// The estimated wait printed on a ticket and shown on the wall. An estimate, stated plainly:
// free counters that serve the ticket's service call it at once; beyond them every open
// counter frees up on average after half a typical service, and the ticket waits for its
// round among them. A typical service is the median of the last `RECENT_SERVICES` finished
// at this branch for this service (a median, so one customer who took an hour does not
// double everyone's estimate), or `DEFAULT_SERVICE_SEC` before there is any history. With no
// counter open for the service there is no honest number at all: null, and the ticket says so.
//
// Approximation, knowingly: tickets of other services that share the same counters are not
// counted ahead. Counters usually specialise; where they do not, the estimate is optimistic.

export const DEFAULT_SERVICE_SEC = 300;
export const RECENT_SERVICES = 20;

export interface WaitInputs {
  /** Waiting tickets of the same service that will be called before this one. */
  ahead: number;
  /** Open counters that serve the service. */
  openCounters: number;
  /** Of those, the ones with no ticket called or being served. */
  freeCounters: number;
  serviceSec: number;
}

export function estimateWaitSec({ ahead, openCounters, freeCounters, serviceSec }: WaitInputs): number | null {
  if (openCounters <= 0) return null;
  const position = ahead + 1;
  const free = Math.min(Math.max(0, freeCounters), openCounters);
  if (position <= free) return 0;
  const rounds = Math.ceil((position - free) / openCounters);
  return Math.round((rounds - 0.5) * serviceSec);
}

/** Median of recent service times in seconds; the default when there are none. */
export function typicalServiceSec(recentMs: readonly number[], fallbackSec = DEFAULT_SERVICE_SEC): number {
  const valid = recentMs.filter((ms) => Number.isFinite(ms) && ms >= 0).sort((a, b) => a - b);
  if (valid.length === 0) return fallbackSec;
  const mid = Math.floor(valid.length / 2);
  const median = valid.length % 2 === 1 ? valid[mid]! : (valid[mid - 1]! + valid[mid]!) / 2;
  return Math.round(median / 1000);
}
