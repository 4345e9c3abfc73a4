// Token bucket: `capacity` tokens, refilled continuously at `refillPerSec`. Used per socket
// (signaling) and per key (login attempts). Refill is computed lazily from the clock, so an
// idle bucket costs nothing.
import type { Clock } from './clock.js';

export interface BucketOptions {
  capacity: number;
  refillPerSec: number;
}

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly options: BucketOptions,
    private readonly clock: Pick<Clock, 'now'>,
  ) {
    this.tokens = options.capacity;
    this.updatedAt = clock.now();
  }

  /** Takes `cost` tokens if available; false (and nothing taken) otherwise. */
  take(cost = 1): boolean {
    this.refill();
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }

  /** True when the bucket is back to full, i.e. the key can be forgotten. */
  isFull(): boolean {
    this.refill();
    return this.tokens >= this.options.capacity;
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsedSec = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.options.capacity, this.tokens + elapsedSec * this.options.refillPerSec);
    this.updatedAt = now;
  }
}

/** One bucket per key (e.g. client IP, username), forgetting keys whose bucket is full again. */
export class KeyedLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly options: BucketOptions,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly maxKeys = 10_000,
  ) {}

  take(key: string, cost = 1): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.sweep();
      bucket = new TokenBucket(this.options, this.clock);
      this.buckets.set(key, bucket);
    }
    return bucket.take(cost);
  }

  private sweep(): void {
    for (const [key, bucket] of this.buckets) if (bucket.isFull()) this.buckets.delete(key);
  }
}
