import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock.js';
import { SlaMonitor, type SlaBreachEvent } from './sla-monitor.js';
import { DEFAULT_SLA_RULES, rulesFor, slaRulesSchema, type SlaRule } from './sla-rules.js';

const subject = (over: Partial<{ requestId: string; priorityClass: 'urgent' | 'standard'; topic: 'cards' | 'loans' }> = {}) => ({
  requestId: 'r1',
  kioskId: 'K1',
  priorityClass: 'standard' as const,
  topic: 'cards' as const,
  ...over,
});

function monitor(rules: SlaRule[] = DEFAULT_SLA_RULES) {
  const clock = new FakeClock();
  const breaches: SlaBreachEvent[] = [];
  const sla = new SlaMonitor(rules, clock, (b) => breaches.push(b), 3);
  return { clock, breaches, sla };
}

describe('SLA rules', () => {
  it('match by class and topic; no match list means every request', () => {
    const ids = (s: ReturnType<typeof subject>) => rulesFor(DEFAULT_SLA_RULES, s).map((r) => r.id);
    expect(ids(subject())).toEqual(['answer-30s']);
    expect(ids(subject({ priorityClass: 'urgent' }))).toEqual(['answer-30s', 'urgent-answer-15s', 'urgent-resolve-15m']);
    const loansOnly: SlaRule[] = [{ id: 'loans', kind: 'answer', withinSec: 60, match: { topics: ['loans'] } }];
    expect(rulesFor(loansOnly, subject({ topic: 'cards' }))).toEqual([]);
    expect(rulesFor(loansOnly, subject({ topic: 'loans' }))).toHaveLength(1);
  });

  it('parse from configuration and refuse duplicate ids or unknown fields', () => {
    expect(slaRulesSchema.parse([{ id: 'a', kind: 'answer', withinSec: 20 }])).toEqual([{ id: 'a', kind: 'answer', withinSec: 20, match: {} }]);
    expect(slaRulesSchema.safeParse([{ id: 'a', kind: 'answer', withinSec: 20 }, { id: 'a', kind: 'resolve', withinSec: 5 }]).success).toBe(false);
    expect(slaRulesSchema.safeParse([{ id: 'a', kind: 'answer', withinSec: 20, extra: 1 }]).success).toBe(false);
    expect(slaRulesSchema.safeParse([{ id: 'a', kind: 'answer', withinSec: 0 }]).success).toBe(false);
  });
});

describe('SlaMonitor', () => {
  it('clocks taken over from another instance keep the original start and skip rules it already reported', () => {
    const { clock, breaches, sla } = monitor();
    const requestedAt = clock.now();
    clock.advance(40_000);
    // answer-30s passed on the instance that died and was reported there; urgent-answer-15s was not.
    sla.open(subject({ priorityClass: 'urgent' }), requestedAt, new Set(['answer-30s']));
    expect(sla.isTracking('r1')).toBe(true);
    clock.advance(0);
    expect(breaches.map((b) => b.ruleId)).toEqual(['urgent-answer-15s']);
    clock.advance(15 * 60_000);
    expect(breaches.map((b) => b.ruleId)).toEqual(['urgent-answer-15s', 'urgent-resolve-15m']);
    sla.close('r1');
    expect(sla.isTracking('r1')).toBe(false);
  });

  it('raises an answer breach exactly when the target passes, once', () => {
    const { clock, breaches, sla } = monitor();
    sla.open(subject(), clock.now());
    clock.advance(29_999);
    expect(breaches).toEqual([]);
    clock.advance(1);
    expect(breaches).toEqual([{ requestId: 'r1', kioskId: 'K1', ruleId: 'answer-30s', kind: 'answer', dueAt: clock.now(), breachedAt: clock.now() }]);
    clock.advanceSec(600);
    expect(breaches).toHaveLength(1);
    expect(sla.totalBreaches).toBe(1);
  });

  it('stops answer clocks on answer but keeps the escalation clock of an urgent request running', () => {
    const { clock, breaches, sla } = monitor();
    sla.open(subject({ priorityClass: 'urgent' }), clock.now());
    clock.advanceSec(10);
    sla.answered('r1');
    clock.advanceSec(60);
    expect(breaches).toEqual([]);
    clock.advanceSec(15 * 60);
    expect(breaches.map((b) => b.ruleId)).toEqual(['urgent-resolve-15m']);
  });

  it('raises nothing for a request closed in time', () => {
    const { clock, breaches, sla } = monitor();
    sla.open(subject({ priorityClass: 'urgent' }), clock.now());
    clock.advanceSec(5);
    sla.close('r1');
    clock.advanceSec(3600);
    expect(breaches).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('restarts the answer clock when the customer waits again (transfer), from that moment', () => {
    const { clock, breaches, sla } = monitor();
    const start = clock.now();
    sla.open(subject(), start);
    clock.advanceSec(20);
    sla.answered('r1');
    clock.advanceSec(100);
    sla.waitingAgain('r1', clock.now());
    clock.advanceSec(29);
    expect(breaches).toEqual([]);
    clock.advanceSec(1);
    expect(breaches[0]).toMatchObject({ ruleId: 'answer-30s', dueAt: start + 150_000 });
  });

  it('counts opening from a past request time (a clock already overdue fires at once)', () => {
    const { clock, breaches, sla } = monitor();
    sla.open(subject(), clock.now() - 60_000);
    clock.advance(0);
    expect(breaches).toHaveLength(1);
  });

  it('keeps only the most recent breaches for the feed, but counts all', () => {
    const { clock, breaches, sla } = monitor();
    for (let i = 0; i < 5; i++) sla.open(subject({ requestId: `r${i}` }), clock.now());
    clock.advanceSec(31);
    expect(breaches).toHaveLength(5);
    expect(sla.totalBreaches).toBe(5);
    expect(sla.recentBreaches().map((b) => b.requestId)).toEqual(['r2', 'r3', 'r4']);
  });
});
