// The order in which a branch's waiting tickets are called. Documented here once; the SQL of
// "call next" (ticket-store.ts) orders by the same key, computed by `rankMs`.
//
//   effective priority(t, now) = headStartSec[class] + agingPerSec × (now − issuedAt) in s
//
// The ticket with the highest effective priority is called first; ties go to the earlier
// issue time, then to the smaller ticket id, so the order is total.
//
// Every class ages at the same rate on purpose (as the assistance queue does,
// hub/assist/queue/priority.ts): the difference between two tickets' priorities then never
// changes while both wait, so the order does not depend on `now`, and it equals ascending
//
//   rank(t) = issuedAt − headStartSec[class] / agingPerSec   (in ms)
//
// which SQL can index and lock in order. Nobody starves: a ticket can only be overtaken by one
// issued at most `bypassWindowSec` after it, so a regular ticket that has waited that long
// is called before any VIP or priority-assist ticket issued from then on.
import type { ServiceClass } from '../../protocol/branch-queue.js';

export interface BranchPriorityPolicy {
  /** Head start per class, in seconds of waiting it is worth. */
  headStartSec: Record<ServiceClass, number>;
  /** Priority gained per second waited (the same for every class; see above). */
  agingPerSec: number;
}

// Elderly and accessibility customers first (they are the least able to wait standing),
// then VIPs; 15 and 10 minutes of head start on an ordinary customer.
export const DEFAULT_BRANCH_PRIORITY: BranchPriorityPolicy = {
  headStartSec: { 'priority-assist': 900, vip: 600, regular: 0 },
  agingPerSec: 1,
};

export interface RankedTicket {
  ticketId: string;
  serviceClass: ServiceClass;
  /** Epoch ms. */
  issuedAtMs: number;
}

export function effectivePriority(policy: BranchPriorityPolicy, ticket: RankedTicket, nowMs: number): number {
  return policy.headStartSec[ticket.serviceClass] + (policy.agingPerSec * Math.max(0, nowMs - ticket.issuedAtMs)) / 1000;
}

/** The sort key: ascending rank is descending effective priority at any moment. */
export function rankMs(policy: BranchPriorityPolicy, ticket: Pick<RankedTicket, 'serviceClass' | 'issuedAtMs'>): number {
  return ticket.issuedAtMs - (policy.headStartSec[ticket.serviceClass] * 1000) / policy.agingPerSec;
}

/** Negative when `a` is called before `b`. Zero only for the same ticket id. */
export function compareTickets(policy: BranchPriorityPolicy): (a: RankedTicket, b: RankedTicket) => number {
  return (a, b) => {
    const byRank = rankMs(policy, a) - rankMs(policy, b);
    if (byRank !== 0) return byRank;
    if (a.issuedAtMs !== b.issuedAtMs) return a.issuedAtMs - b.issuedAtMs;
    return a.ticketId < b.ticketId ? -1 : a.ticketId > b.ticketId ? 1 : 0;
  };
}

/** How much later than `t` a ticket may be issued and still be called before `t`. */
export function bypassWindowSec(policy: BranchPriorityPolicy): number {
  const heads = Object.values(policy.headStartSec);
  return (Math.max(...heads) - Math.min(...heads)) / policy.agingPerSec;
}

export function checkBranchPriority(policy: BranchPriorityPolicy): void {
  if (!(policy.agingPerSec > 0) || !Number.isFinite(policy.agingPerSec)) {
    throw new Error('branch priority: agingPerSec must be a positive number, or regular tickets could starve');
  }
  for (const [name, head] of Object.entries(policy.headStartSec)) {
    if (!Number.isFinite(head) || head < 0) throw new Error(`branch priority: head start of ${name} must be a finite number ≥ 0`);
  }
}
