// Priority with aging. A request's effective priority is its class's head start plus the
// time it has waited, so a standard request that waited long enough outranks a VIP who just
// arrived: nobody starves.
//
// Every class ages at the same rate on purpose. Then two requests never swap places while
// both wait (the difference of their priorities is constant), so queue positions only move
// forward, and a request can be overtaken only by one that arrived at most
// `bypassWindowSec` after it — the bound the property test checks.
import type { HelpFlags, PriorityClass } from '../../../protocol/assist-values.js';

export interface PriorityPolicy {
  /** Head start per class, in seconds of waiting it is worth. */
  headStartSec: Record<PriorityClass, number>;
  /** Priority gained per second waited. */
  agingPerSec: number;
}

export const DEFAULT_PRIORITY_POLICY: PriorityPolicy = {
  headStartSec: { urgent: 300, vip: 120, elderly: 60, standard: 0 },
  agingPerSec: 1,
};

export function priorityClassOf(flags: HelpFlags): PriorityClass {
  if (flags.urgent) return 'urgent';
  if (flags.vip) return 'vip';
  if (flags.elderly) return 'elderly';
  return 'standard';
}

export function effectivePriority(policy: PriorityPolicy, priorityClass: PriorityClass, waitedMs: number): number {
  return policy.headStartSec[priorityClass] + (policy.agingPerSec * Math.max(0, waitedMs)) / 1000;
}

/** How much later than `r` a request may arrive and still be served before `r`. */
export function bypassWindowSec(policy: PriorityPolicy): number {
  const heads = Object.values(policy.headStartSec);
  return (Math.max(...heads) - Math.min(...heads)) / policy.agingPerSec;
}

export function checkPriorityPolicy(policy: PriorityPolicy): void {
  if (!(policy.agingPerSec > 0)) throw new Error('priority policy: agingPerSec must be positive, or low classes could starve');
  for (const [name, head] of Object.entries(policy.headStartSec)) {
    if (!Number.isFinite(head) || head < 0) throw new Error(`priority policy: head start of ${name} must be a finite number ≥ 0`);
  }
}
