// Refusals are logged at a bounded rate per kind: an unauthenticated client can make the hub
// refuse as often as it likes, and every refusal a warn line would let it fill the disk. The
// first lines of a burst are written; the rest are counted and the count rides on the next
// line written for that kind. (Exact counts per reason stay in AuthFailureCounter.)
import type { Clock } from '../assist/clock.js';
import { KeyedLimiter, type BucketOptions } from '../assist/token-bucket.js';

export const DEFAULT_LOG_RATE: BucketOptions = { capacity: 20, refillPerSec: 1 };

export class LogSampler {
  private readonly limiter: KeyedLimiter;
  private readonly suppressed = new Map<string, number>();

  constructor(options: BucketOptions = DEFAULT_LOG_RATE, clock: Pick<Clock, 'now'> = { now: Date.now }) {
    this.limiter = new KeyedLimiter(options, clock, 1000);
  }

  /** Whether to write this line; when yes, how many of its kind were dropped since the last one. */
  admit(kind: string): { log: true; suppressed: number } | { log: false } {
    if (!this.limiter.take(kind)) {
      this.suppressed.set(kind, (this.suppressed.get(kind) ?? 0) + 1);
      return { log: false };
    }
    const suppressed = this.suppressed.get(kind) ?? 0;
    this.suppressed.delete(kind);
    return { log: true, suppressed };
  }
}
