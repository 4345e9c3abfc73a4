// The waiting room: who waits for help, in which order, and who may take whom. Pure and
// synchronous; time comes from the clock, so tests drive it on a fake one.
import type { Clock } from '../clock.js';
import type { Language, PriorityClass, StaffRole, Topic } from '../../../protocol/assist-values.js';
import { checkPriorityPolicy, effectivePriority, type PriorityPolicy } from './priority.js';

/** Who may take a transferred request: one named staff member, or any supervisor. */
export type TransferTarget = { kind: 'staff'; staffId: string } | { kind: 'supervisor' };

export interface WaitingRequest {
  requestId: string;
  kioskId: string;
  language: Language;
  topic: Topic;
  priorityClass: PriorityClass;
  journeyStep: string;
  /** When the customer first asked; kept across transfers so the request keeps its age. */
  requestedAt: number;
  /** When it (last) entered the queue; the wait an expert's session is measured from. */
  queuedAt?: number;
  transfer?: { fromDisplayName: string; target: TransferTarget; note?: string };
}

export interface ExpertSkills {
  staffId: string;
  role: StaffRole;
  languages: readonly Language[];
  topics: readonly Topic[];
}

export function isEligible(expert: ExpertSkills, request: WaitingRequest): boolean {
  const target = request.transfer?.target;
  // A transfer overrides skills: the sending expert chose this person (or a supervisor).
  if (target?.kind === 'staff') return target.staffId === expert.staffId;
  if (target?.kind === 'supervisor') return expert.role === 'supervisor' || expert.role === 'admin';
  return expert.languages.includes(request.language) && expert.topics.includes(request.topic);
}

export class AssistanceQueue {
  private readonly waiting = new Map<string, WaitingRequest>();

  constructor(
    private readonly policy: PriorityPolicy,
    private readonly clock: Pick<Clock, 'now'>,
  ) {
    checkPriorityPolicy(policy);
  }

  get size(): number {
    return this.waiting.size;
  }

  enqueue(request: WaitingRequest): void {
    if (this.waiting.has(request.requestId)) throw new Error(`request ${request.requestId} is already waiting`);
    this.waiting.set(request.requestId, request);
  }

  get(requestId: string): WaitingRequest | undefined {
    return this.waiting.get(requestId);
  }

  findByKiosk(kioskId: string): WaitingRequest | undefined {
    for (const request of this.waiting.values()) if (request.kioskId === kioskId) return request;
    return undefined;
  }

  /** Takes the request out of the queue (accepted, cancelled or abandoned). */
  remove(requestId: string): WaitingRequest | undefined {
    const request = this.waiting.get(requestId);
    this.waiting.delete(requestId);
    return request;
  }

  priorityOf(request: WaitingRequest): number {
    return effectivePriority(this.policy, request.priorityClass, this.clock.now() - request.requestedAt);
  }

  /** Highest effective priority first; ties go to the earlier request, then by id. */
  ordered(): WaitingRequest[] {
    const withPriority = [...this.waiting.values()].map((request) => ({ request, priority: this.priorityOf(request) }));
    withPriority.sort(
      (a, b) =>
        b.priority - a.priority ||
        a.request.requestedAt - b.request.requestedAt ||
        a.request.requestId.localeCompare(b.request.requestId),
    );
    return withPriority.map((entry) => entry.request);
  }

  eligibleFor(expert: ExpertSkills): WaitingRequest[] {
    return this.ordered().filter((request) => isEligible(expert, request));
  }

  /** The request this expert should take next, if any. */
  nextFor(expert: ExpertSkills): WaitingRequest | undefined {
    return this.eligibleFor(expert)[0];
  }

  /**
   * 1-based place in line among the requests competing for the same experts: same language
   * and not transferred, or transferred to the same target.
   */
  positionOf(requestId: string): number | undefined {
    const request = this.waiting.get(requestId);
    if (!request) return undefined;
    const competing = this.ordered().filter((other) => sameLine(other, request));
    return competing.findIndex((other) => other.requestId === requestId) + 1;
  }

  /** positionOf() for every waiting request at once, in one pass over the order. */
  positions(): Map<string, number> {
    const perLine = new Map<string, number>();
    const result = new Map<string, number>();
    for (const request of this.ordered()) {
      const line = lineKey(request);
      const place = (perLine.get(line) ?? 0) + 1;
      perLine.set(line, place);
      result.set(request.requestId, place);
    }
    return result;
  }

  longestWaitMs(): number {
    let oldest = Infinity;
    for (const request of this.waiting.values()) oldest = Math.min(oldest, request.requestedAt);
    return oldest === Infinity ? 0 : Math.max(0, this.clock.now() - oldest);
  }
}

function targetKey(request: WaitingRequest): string {
  const target = request.transfer?.target;
  if (!target) return '';
  return target.kind === 'staff' ? `staff:${target.staffId}` : 'supervisor';
}

/** Requests in one line compete for the same experts. */
function lineKey(request: WaitingRequest): string {
  const target = targetKey(request);
  return target === '' ? `lang:${request.language}` : target;
}

function sameLine(a: WaitingRequest, b: WaitingRequest): boolean {
  return lineKey(a) === lineKey(b);
}
