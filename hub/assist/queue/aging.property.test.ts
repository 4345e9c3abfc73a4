// Starvation-freedom of the queue, as properties over random arrivals, skills and handle
// times: experts keep freeing up and taking `nextFor(themselves)`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Language, PriorityClass, Topic } from '../../../protocol/assist-values.js';
import { FakeClock } from '../testing/fake-clock.js';
import { AssistanceQueue, isEligible, type ExpertSkills, type WaitingRequest } from './assistance-queue.js';
import { DEFAULT_PRIORITY_POLICY, bypassWindowSec, type PriorityPolicy } from './priority.js';

const classes: PriorityClass[] = ['urgent', 'vip', 'elderly', 'standard'];
const languages: Language[] = ['zh-CN', 'en'];
const topics: Topic[] = ['accounts', 'cards', 'loans', 'payments', 'other'];

const arrivalArb = fc.record({
  atSec: fc.integer({ min: 0, max: 1800 }),
  priorityClass: fc.constantFrom(...classes),
  language: fc.constantFrom(...languages),
  topic: fc.constantFrom(...topics),
});
const expertArb = fc.record({
  languages: fc.subarray(languages, { minLength: 1 }),
  topics: fc.subarray(topics, { minLength: 1 }),
  handleSec: fc.integer({ min: 30, max: 400 }),
});

interface Outcome {
  served: Map<string, number>;
  /** Each pick, with the requests the picking expert could also have taken at that moment. */
  picks: { picked: WaitingRequest; passedOver: WaitingRequest[] }[];
}

/** Event by event: arrivals join, each free expert takes their best eligible request. */
function simulate(policy: PriorityPolicy, arrivals: WaitingRequest[], experts: (ExpertSkills & { handleSec: number })[], untilSec: number): Outcome {
  const clock = new FakeClock(0);
  const queue = new AssistanceQueue(policy, clock);
  const busyUntil = new Map(experts.map((e) => [e.staffId, 0]));
  const outcome: Outcome = { served: new Map(), picks: [] };
  const pending = [...arrivals].sort((a, b) => a.requestedAt - b.requestedAt);
  let t: number | undefined = 0;
  while (t !== undefined && t <= untilSec) {
    clock.advance(t * 1000 - clock.now());
    while (pending[0] && pending[0].requestedAt <= clock.now()) queue.enqueue(pending.shift()!);
    for (const e of experts) {
      if (busyUntil.get(e.staffId)! > t) continue;
      const eligible = queue.eligibleFor(e);
      const picked = eligible[0];
      if (!picked) continue;
      queue.remove(picked.requestId);
      outcome.served.set(picked.requestId, t);
      outcome.picks.push({ picked, passedOver: eligible.slice(1) });
      busyUntil.set(e.staffId, t + e.handleSec);
    }
    // Next moment anything can change: an arrival, or an expert freeing up.
    const now: number = t;
    const candidates = [...busyUntil.values()].filter((u) => u > now);
    if (pending[0]) candidates.push(pending[0].requestedAt / 1000);
    t = candidates.length > 0 ? Math.min(...candidates) : undefined;
  }
  return outcome;
}

function toRequests(raw: { atSec: number; priorityClass: PriorityClass; language: Language; topic: Topic }[]): WaitingRequest[] {
  return raw.map((r, i) => ({
    requestId: `r${String(i).padStart(4, '0')}`,
    kioskId: `K${i}`,
    language: r.language,
    topic: r.topic,
    priorityClass: r.priorityClass,
    journeyStep: 'home',
    requestedAt: r.atSec * 1000,
  }));
}

describe('aging', () => {
  it('property: nobody is overtaken by a request that arrived more than the bypass window after them', () => {
    const windowMs = bypassWindowSec(DEFAULT_PRIORITY_POLICY) * 1000;
    fc.assert(
      fc.property(fc.array(arrivalArb, { minLength: 1, maxLength: 60 }), fc.array(expertArb, { minLength: 1, maxLength: 4 }), (raw, rawExperts) => {
        const experts = rawExperts.map((e, i) => ({ ...e, staffId: `e${i}`, role: 'expert' as const }));
        const { picks } = simulate(DEFAULT_PRIORITY_POLICY, toRequests(raw), experts, 20_000);
        for (const { picked, passedOver } of picks) {
          for (const other of passedOver) expect(picked.requestedAt).toBeLessThanOrEqual(other.requestedAt + windowMs);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('property: every request is eventually served when experts keep freeing up', () => {
    fc.assert(
      fc.property(fc.array(arrivalArb, { minLength: 1, maxLength: 80 }), fc.array(expertArb, { minLength: 1, maxLength: 4 }), (raw, rawExperts) => {
        const experts = rawExperts.map((e, i) => ({ ...e, staffId: `e${i}`, role: 'expert' as const }));
        // Only requests someone can serve: routing cannot conjure a skill nobody has.
        const requests = toRequests(raw).filter((r) => experts.some((e) => isEligible(e, r)));
        const { served } = simulate(DEFAULT_PRIORITY_POLICY, requests, experts, 100_000);
        expect(requests.filter((r) => !served.has(r.requestId)).map((r) => r.requestId)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  // Higher classes arrive faster than the one expert can serve them, forever. Only aging
  // gets the standard customer through; the bound is everyone who can overtake them
  // (the queue ahead plus arrivals within the bypass window) served one by one.
  const saturated = (policy: PriorityPolicy, vipEverySec: number, handleSec: number, standardAtSec: number) => {
    const windowSec = Math.min(bypassWindowSec(policy), 7200);
    const canOvertake = Math.floor((standardAtSec + windowSec) / vipEverySec) + 1;
    const boundSec = standardAtSec + (canOvertake + 1) * handleSec;
    // VIPs keep arriving past the bound, so the stream never dries up while the customer waits.
    const horizonSec = Math.max(3600, boundSec + handleSec);
    const raw = [];
    for (let t = 0; t <= horizonSec; t += vipEverySec) raw.push({ atSec: t, priorityClass: 'vip' as const, language: 'zh-CN' as const, topic: 'cards' as const });
    const requests = toRequests(raw);
    const standard: WaitingRequest = { ...requests[0]!, requestId: 'standard', kioskId: 'KS', priorityClass: 'standard', requestedAt: standardAtSec * 1000 };
    const experts = [{ staffId: 'e0', role: 'expert' as const, languages, topics, handleSec }];
    const { served } = simulate(policy, [...requests, standard], experts, horizonSec);
    return { servedAtSec: served.get('standard'), boundSec };
  };

  it('property: a standard customer gets through a never-ending stream of VIPs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 60 }), fc.integer({ min: 61, max: 180 }), fc.integer({ min: 0, max: 300 }), (vipEverySec, handleSec, at) => {
        const { servedAtSec, boundSec } = saturated(DEFAULT_PRIORITY_POLICY, vipEverySec, handleSec, at);
        expect(servedAtSec).toBeDefined();
        expect(servedAtSec!).toBeLessThanOrEqual(boundSec);
      }),
      { numRuns: 60 },
    );
  });

  it('without aging the same customer starves (the property above is not vacuous)', () => {
    const noAging = { ...DEFAULT_PRIORITY_POLICY, agingPerSec: 1e-9 };
    expect(saturated(noAging, 30, 90, 0).servedAtSec).toBeUndefined();
  });
});
