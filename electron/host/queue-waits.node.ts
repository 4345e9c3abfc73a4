// How long a ticket taken now will wait, from the hub's branch queue (counters open, recent
// service times; hub/branch-queue/wait-estimate.ts): printed on the ticket and shown beside
// its number. A ticket is never held up for it — the answer is fetched while the customer
// picks a service (prefetch), kept a few seconds, and asked for at most `waitMs` when the
// ticket is issued; without an answer the ticket says nothing about the wait (offline first).
//
// Knowingly approximate: tickets this or another kiosk issued in the last seconds and not yet
// synced are not counted ahead (each ticket's row is sent at once, so the gap is small).
import { BRANCH_QUEUE_PATHS, kioskWaitsResponseSchema, type ServiceWait } from '../../protocol/branch-queue.js';
import type { Send } from './hub-send.node.js';
import type { HostLogger } from './log.node.js';

export interface NewTicketWait {
  /** Waiting tickets of the same service that will be called first. */
  ahead: number;
  /** Null when no open counter serves the service: there is no honest number. */
  estimatedWaitSec: number | null;
}

export interface QueueWaitsOptions {
  kioskId: string;
  send: Send;
  log: HostLogger;
  now?: () => number;
  /** An answer younger than this is used without asking again. */
  freshMs?: number;
  /** An older answer still serves when the hub does not answer in time; beyond it, nothing. */
  staleMs?: number;
  /** How long issuing a ticket waits for the hub at most. */
  waitMs?: number;
}

export class QueueWaits {
  private last: { at: number; waits: readonly ServiceWait[] } | null = null;
  private inFlight: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(private readonly opts: QueueWaitsOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** The customer is choosing a service: have the answer ready by the time they pick one. */
  prefetch(): void {
    if (!this.fresh()) void this.refresh();
  }

  async forNewTicket(serviceId: string): Promise<NewTicketWait | null> {
    if (!this.fresh()) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.refresh(), new Promise<void>((resolve) => (timer = setTimeout(resolve, this.opts.waitMs ?? 700)))]);
      clearTimeout(timer);
    }
    const last = this.last;
    if (!last || this.now() - last.at > (this.opts.staleMs ?? 120_000)) return null;
    const wait = last.waits.find((w) => w.serviceId === serviceId);
    // A service the hub has no ticket, counter or history for: nobody waits, and no counter serves it.
    return wait ? { ahead: wait.waiting, estimatedWaitSec: wait.estimatedWaitSec } : { ahead: 0, estimatedWaitSec: null };
  }

  private fresh(): boolean {
    return this.last !== null && this.now() - this.last.at < (this.opts.freshMs ?? 10_000);
  }

  private refresh(): Promise<void> {
    this.inFlight ??= this.fetch().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async fetch(): Promise<void> {
    const path = BRANCH_QUEUE_PATHS.kioskWaits.replace(':kioskId', encodeURIComponent(this.opts.kioskId));
    try {
      const reply = await this.opts.send('GET', path);
      if (reply.status !== 200) throw new Error(`hub answered ${reply.status}`);
      const { waits } = kioskWaitsResponseSchema.parse(await reply.json());
      this.last = { at: this.now(), waits };
    } catch (err) {
      // Expected while offline: at debug, or a kiosk without its hub would log every ticket.
      this.opts.log.debug({ err: (err as Error).message }, 'queue waits: no answer from the hub');
    }
  }
}
