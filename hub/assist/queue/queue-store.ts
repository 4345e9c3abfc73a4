// The waiting room as a store: where the queue's truth lives. One process keeps it in memory
// (MemoryQueueStore over the pure AssistanceQueue); several hub instances keep it in
// PostgreSQL (hub/assist/storage/queue-rows.ts), where a claim locks the row so two experts
// on two instances never take the same customer.
import type { Clock } from '../clock.js';
import { AssistanceQueue, type ExpertSkills, type WaitingRequest } from './assistance-queue.js';
import type { PriorityPolicy } from './priority.js';

/** The kiosk has a request waiting already (one per kiosk, across every instance). */
export class AlreadyWaitingError extends Error {
  constructor(readonly kioskId: string) {
    super(`kiosk ${kioskId} already has a waiting request`);
    this.name = 'AlreadyWaitingError';
  }
}

export interface QueueStore {
  /** Adds a waiting request; AlreadyWaitingError when its id or its kiosk waits already. */
  enqueue(request: WaitingRequest): Promise<void>;
  /** Takes this request out for one expert: the request to exactly one caller, undefined to the others. */
  claim(requestId: string): Promise<WaitingRequest | undefined>;
  /** Takes the request this expert should serve next (highest priority first), if any. */
  claimNext(expert: ExpertSkills): Promise<WaitingRequest | undefined>;
  /** Every waiting request, highest priority first. */
  list(): Promise<WaitingRequest[]>;
}

/** The in-process store: the pure queue, behind the same promise-returning interface. */
export class MemoryQueueStore implements QueueStore {
  readonly queue: AssistanceQueue;

  constructor(policy: PriorityPolicy, clock: Pick<Clock, 'now'>) {
    this.queue = new AssistanceQueue(policy, clock);
  }

  enqueue(request: WaitingRequest): Promise<void> {
    if (this.queue.get(request.requestId) || this.queue.findByKiosk(request.kioskId)) return Promise.reject(new AlreadyWaitingError(request.kioskId));
    this.queue.enqueue(request);
    return Promise.resolve();
  }

  claim(requestId: string): Promise<WaitingRequest | undefined> {
    return Promise.resolve(this.queue.remove(requestId));
  }

  claimNext(expert: ExpertSkills): Promise<WaitingRequest | undefined> {
    const next = this.queue.nextFor(expert);
    return Promise.resolve(next ? this.queue.remove(next.requestId) : undefined);
  }

  list(): Promise<WaitingRequest[]> {
    return Promise.resolve(this.queue.ordered());
  }
}
