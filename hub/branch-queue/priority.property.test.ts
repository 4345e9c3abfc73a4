// The ordering of priority.ts as properties: a total order, FIFO within a class, agreeing with
// the effective priority at every moment, and nobody starving behind a stream of VIPs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ServiceClass } from '../../protocol/branch-queue.js';
import {
  DEFAULT_BRANCH_PRIORITY,
  bypassWindowSec,
  checkBranchPriority,
  compareTickets,
  effectivePriority,
  type BranchPriorityPolicy,
  type RankedTicket,
} from './priority.js';

const classes: ServiceClass[] = ['regular', 'vip', 'priority-assist'];
const T0 = Date.UTC(2026, 11, 3, 9);

const policyArb: fc.Arbitrary<BranchPriorityPolicy> = fc.record({
  headStartSec: fc.record({
    regular: fc.integer({ min: 0, max: 600 }),
    vip: fc.integer({ min: 0, max: 1800 }),
    'priority-assist': fc.integer({ min: 0, max: 1800 }),
  }),
  agingPerSec: fc.constantFrom(0.25, 0.5, 1, 2, 4),
});

const ticketsArb = fc
  .uniqueArray(
    fc.record({ ticketId: fc.uuid(), serviceClass: fc.constantFrom(...classes), offsetSec: fc.integer({ min: 0, max: 4 * 3600 }) }),
    { selector: (t) => t.ticketId, minLength: 1, maxLength: 40 },
  )
  .map((raw) => raw.map((t): RankedTicket => ({ ticketId: t.ticketId, serviceClass: t.serviceClass, issuedAtMs: T0 + t.offsetSec * 1000 })));

describe('branch ticket order', () => {
  it('property: is a total order (antisymmetric, transitive, zero only for the same ticket)', () => {
    fc.assert(
      fc.property(policyArb, ticketsArb, (policy, tickets) => {
        const cmp = compareTickets(policy);
        for (const a of tickets) {
          for (const b of tickets) {
            const ab = Math.sign(cmp(a, b));
            expect(ab).toBe(-Math.sign(cmp(b, a)) || 0);
            expect(ab === 0).toBe(a.ticketId === b.ticketId);
          }
        }
        const sorted = [...tickets].sort(cmp);
        for (let i = 0; i + 1 < sorted.length; i++) {
          for (let j = i + 1; j < sorted.length; j++) expect(cmp(sorted[i]!, sorted[j]!)).toBeLessThan(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('property: among tickets of one class, first issued is first called', () => {
    fc.assert(
      fc.property(policyArb, ticketsArb, fc.constantFrom(...classes), (policy, tickets, serviceClass) => {
        const same = tickets.map((t) => ({ ...t, serviceClass }));
        const sorted = [...same].sort(compareTickets(policy));
        for (let i = 0; i + 1 < sorted.length; i++) expect(sorted[i]!.issuedAtMs).toBeLessThanOrEqual(sorted[i + 1]!.issuedAtMs);
      }),
      { numRuns: 200 },
    );
  });

  it('property: whoever is called first has the highest effective priority, at any moment after both were issued', () => {
    fc.assert(
      fc.property(policyArb, ticketsArb, fc.integer({ min: 0, max: 8 * 3600 }), (policy, tickets, laterSec) => {
        const cmp = compareTickets(policy);
        const now = Math.max(...tickets.map((t) => t.issuedAtMs)) + laterSec * 1000;
        const sorted = [...tickets].sort(cmp);
        for (let i = 0; i + 1 < sorted.length; i++) {
          const first = effectivePriority(policy, sorted[i]!, now);
          const next = effectivePriority(policy, sorted[i + 1]!, now);
          expect(first).toBeGreaterThanOrEqual(next - 1e-6);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('property: a regular ticket that waited longer than the bypass window is called before any newer VIP or priority-assist ticket', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.integer({ min: 0, max: 3600 }),
        fc.integer({ min: 1, max: 3600 }),
        fc.constantFrom<ServiceClass>('vip', 'priority-assist'),
        (policy, regularAtSec, beyondSec, higher) => {
          const regular: RankedTicket = { ticketId: 'r', serviceClass: 'regular', issuedAtMs: T0 + regularAtSec * 1000 };
          const newer: RankedTicket = { ticketId: 'v', serviceClass: higher, issuedAtMs: regular.issuedAtMs + (bypassWindowSec(policy) + beyondSec) * 1000 };
          expect(compareTickets(policy)(regular, newer)).toBeLessThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  // One counter calls the best ticket every `handleSec`; VIPs keep arriving faster than it
  // can serve them, forever. Only aging gets the regular customer to the counter.
  function servedAt(policy: BranchPriorityPolicy, vipEverySec: number, handleSec: number, regularAtSec: number, horizonSec: number): number | undefined {
    const cmp = compareTickets(policy);
    const arrivals: RankedTicket[] = [{ ticketId: 'regular', serviceClass: 'regular', issuedAtMs: T0 + regularAtSec * 1000 }];
    for (let t = 0, i = 0; t <= horizonSec; t += vipEverySec, i++) arrivals.push({ ticketId: `vip-${String(i).padStart(5, '0')}`, serviceClass: 'vip', issuedAtMs: T0 + t * 1000 });
    const waiting: RankedTicket[] = [];
    for (let now = 0; now <= horizonSec; now += handleSec) {
      for (let k = arrivals.length - 1; k >= 0; k--) {
        if (arrivals[k]!.issuedAtMs <= T0 + now * 1000) waiting.push(...arrivals.splice(k, 1));
      }
      waiting.sort(cmp);
      const called = waiting.shift();
      if (called?.ticketId === 'regular') return now;
    }
    return undefined;
  }

  it('property: a regular customer gets through a never-ending stream of VIPs within the bound', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 60 }), fc.integer({ min: 61, max: 300 }), fc.integer({ min: 0, max: 600 }), (vipEverySec, handleSec, atSec) => {
        const windowSec = bypassWindowSec(DEFAULT_BRANCH_PRIORITY);
        // Everyone who can overtake: the VIPs issued up to the window after the customer, one by one.
        const canOvertake = Math.floor((atSec + windowSec) / vipEverySec) + 1;
        const boundSec = atSec + (canOvertake + 1) * handleSec;
        const at = servedAt(DEFAULT_BRANCH_PRIORITY, vipEverySec, handleSec, atSec, boundSec + 10 * handleSec);
        expect(at).toBeDefined();
        expect(at!).toBeLessThanOrEqual(boundSec);
      }),
      { numRuns: 60 },
    );
  });

  it('without aging the same customer starves (the property above is not vacuous)', () => {
    const noAging = { ...DEFAULT_BRANCH_PRIORITY, agingPerSec: 1e-9 };
    expect(servedAt(noAging, 30, 90, 0, 6 * 3600)).toBeUndefined();
    expect(servedAt(DEFAULT_BRANCH_PRIORITY, 30, 90, 0, 6 * 3600)).toBeDefined();
  });

  it('refuses a policy under which someone could starve', () => {
    expect(() => checkBranchPriority({ ...DEFAULT_BRANCH_PRIORITY, agingPerSec: 0 })).toThrow(/starve/);
    expect(() => checkBranchPriority({ ...DEFAULT_BRANCH_PRIORITY, headStartSec: { ...DEFAULT_BRANCH_PRIORITY.headStartSec, vip: -1 } })).toThrow(/vip/);
    expect(() => checkBranchPriority(DEFAULT_BRANCH_PRIORITY)).not.toThrow();
  });
});
