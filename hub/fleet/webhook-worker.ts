// Drains the webhook outbox: claims due rows, posts them, and on failure schedules the next
// attempt with exponential backoff and full jitter (receivers that went down together are not
// hit in lock-step when they come back). Every instance runs one; the claim decides who sends.
import type { Logger } from 'pino';
import type { Clock, TimerHandle } from '../assist/clock.js';
import type { Database } from '../storage/queryable.js';
import type { WebhookTiming } from './fleet-config.js';
import type { PostWebhook } from './webhook-sender.node.js';
import { claimDue, markAttemptFailed, markDelivered } from './webhook-store.js';

/** Delay before attempt `attempt + 1` after `attempt` failures: uniform in [0, min(cap, base·2^(attempt-1))]. */
export function retryDelayMs(attempt: number, config: Pick<WebhookTiming, 'baseDelayMs' | 'maxDelayMs'>, random: () => number): number {
  const ceiling = Math.min(config.maxDelayMs, config.baseDelayMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.max(100, Math.floor(random() * ceiling));
}

export interface WebhookWorkerOptions {
  db: Database;
  config: WebhookTiming;
  post: PostWebhook;
  /** Whether there is a webhook to send to now (staff may turn it off); absent: always. Rows wait while off. */
  active?: () => Promise<boolean>;
  clock: Clock;
  logger: Logger;
  pollMs?: number;
  random?: () => number;
}

const BATCH = 20;

export class WebhookWorker {
  private timer: TimerHandle | undefined;
  private running: Promise<number> | null = null;
  private again = false;
  private closed = false;
  delivered = 0;
  failedAttempts = 0;

  constructor(private readonly opts: WebhookWorkerOptions) {}

  start(): void {
    this.schedule(0);
  }

  /** New rows were written: look now instead of at the next poll. */
  kick(): void {
    if (this.closed) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Sends what is due now; resolves with how many rows it handled. */
  async runOnce(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) this.opts.clock.clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    if (this.timer) this.opts.clock.clearTimeout(this.timer);
    this.timer = this.opts.clock.setTimeout(() => {
      this.timer = undefined;
      void this.runOnce()
        .catch((error: unknown) => this.opts.logger.warn({ errMessage: error instanceof Error ? error.message : String(error) }, 'fleet: webhook round failed'))
        .finally(() => {
          const soon = this.again;
          this.again = false;
          this.schedule(soon ? 0 : (this.opts.pollMs ?? 1_000));
        });
    }, delayMs);
  }

  private async drain(): Promise<number> {
    const { db, config, clock, logger } = this.opts;
    const random = this.opts.random ?? Math.random;
    let handled = 0;
    if (this.opts.active && !(await this.opts.active())) return handled;
    for (;;) {
      const now = clock.now();
      // The lease outlives one attempt's timeout, so nobody else sends a row we are still sending.
      const due = await claimDue(db, new Date(now), config.timeoutMs * 3, BATCH);
      if (due.length === 0) return handled;
      await Promise.all(
        due.map(async (delivery) => {
          const outcome = await this.opts.post(delivery, clock.now());
          const at = clock.now();
          if (outcome.ok) {
            this.delivered += 1;
            await markDelivered(db, delivery.seq, new Date(at));
            return;
          }
          this.failedAttempts += 1;
          const attempt = delivery.attempts + 1;
          const retryAt = attempt >= config.maxAttempts ? null : new Date(at + retryDelayMs(attempt, config, random));
          logger.warn({ deliveryId: delivery.deliveryId, attempt, error: outcome.error, gaveUp: retryAt === null }, 'fleet: webhook delivery failed');
          await markAttemptFailed(db, delivery.seq, retryAt, outcome.error);
        }),
      );
      handled += due.length;
      if (due.length < BATCH) return handled;
    }
  }
}
