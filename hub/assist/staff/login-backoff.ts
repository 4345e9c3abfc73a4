// Failed sign-ins per (username, client address), with exponential backoff. Keyed on both,
// so a guesser slows down only itself: a teller signing in from their own counter is never
// locked out by someone else failing on their username elsewhere. (Per-username buckets did
// exactly that: five wrong passwords from anywhere and the real user waited too.)
// Every attempt counts as a failure until it succeeds, so parallel guesses cannot all slip in
// before the first one fails.
import type { Clock } from '../clock.js';

export interface BackoffOptions {
  /** Failures allowed before the first wait: the next attempt after them waits. */
  freeFailures: number;
  /** Wait after the first failure past the free ones; doubles with each further failure. */
  baseDelaySec: number;
  maxDelaySec: number;
  /** A key unused this long starts again from nothing. */
  forgetAfterSec: number;
}

interface Entry {
  failures: number;
  blockedUntil: number;
  lastAt: number;
}

export type BackoffVerdict = { ok: true } | { ok: false; retryAfterSec: number };

export class LoginBackoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly options: BackoffOptions,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly maxKeys = 50_000,
  ) {}

  /** Refuses while `key` waits; otherwise records the attempt as a failure until `succeeded`. */
  attempt(key: string): BackoffVerdict {
    const now = this.clock.now();
    let entry = this.entries.get(key);
    if (entry && now - entry.lastAt > this.options.forgetAfterSec * 1000 && now >= entry.blockedUntil) {
      this.entries.delete(key);
      entry = undefined;
    }
    if (entry && now < entry.blockedUntil) return { ok: false, retryAfterSec: Math.ceil((entry.blockedUntil - now) / 1000) };
    if (!entry) {
      if (this.entries.size >= this.maxKeys) this.sweep(now);
      entry = { failures: 0, blockedUntil: 0, lastAt: now };
      this.entries.set(key, entry);
    }
    entry.failures += 1;
    entry.lastAt = now;
    const over = entry.failures - this.options.freeFailures;
    if (over >= 0) {
      const delaySec = Math.min(this.options.maxDelaySec, this.options.baseDelaySec * 2 ** Math.min(over, 30));
      entry.blockedUntil = now + delaySec * 1000;
    }
    return { ok: true };
  }

  succeeded(key: string): void {
    this.entries.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) {
      if (now >= entry.blockedUntil && now - entry.lastAt > this.options.forgetAfterSec * 1000) this.entries.delete(key);
    }
    // Still full (a flood of fresh keys): forget the oldest half rather than grow without bound.
    if (this.entries.size >= this.maxKeys) {
      const oldest = [...this.entries].sort(([, a], [, b]) => a.lastAt - b.lastAt).slice(0, Math.ceil(this.maxKeys / 2));
      for (const [key] of oldest) this.entries.delete(key);
    }
  }
}
