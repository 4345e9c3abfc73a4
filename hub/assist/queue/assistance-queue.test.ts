import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock.js';
import { AssistanceQueue, isEligible, type ExpertSkills, type WaitingRequest } from './assistance-queue.js';
import { DEFAULT_PRIORITY_POLICY, bypassWindowSec, effectivePriority, priorityClassOf } from './priority.js';

const ALL_TOPICS = ['accounts', 'cards', 'loans', 'payments', 'other'] as const;
const expert = (over: Partial<ExpertSkills> = {}): ExpertSkills => ({
  staffId: 'e1', role: 'expert', languages: ['zh-CN', 'en'], topics: ALL_TOPICS, ...over,
});

let n = 0;
function request(clock: FakeClock, over: Partial<WaitingRequest> = {}): WaitingRequest {
  n += 1;
  return {
    requestId: `r-${String(n).padStart(4, '0')}`,
    kioskId: `K${n}`,
    language: 'zh-CN',
    topic: 'accounts',
    priorityClass: 'standard',
    journeyStep: 'home',
    requestedAt: clock.now(),
    ...over,
  };
}

describe('priority classes', () => {
  it('ranks urgent over vip over elderly over standard', () => {
    expect(priorityClassOf({ vip: true, elderly: true, urgent: true })).toBe('urgent');
    expect(priorityClassOf({ vip: true, elderly: true, urgent: false })).toBe('vip');
    expect(priorityClassOf({ vip: false, elderly: true, urgent: false })).toBe('elderly');
    expect(priorityClassOf({ vip: false, elderly: false, urgent: false })).toBe('standard');
  });

  it('grows effective priority with waiting time', () => {
    const p = (ms: number) => effectivePriority(DEFAULT_PRIORITY_POLICY, 'standard', ms);
    expect(p(0)).toBe(0);
    expect(p(30_000)).toBe(30);
    expect(effectivePriority(DEFAULT_PRIORITY_POLICY, 'vip', 0)).toBe(120);
    expect(bypassWindowSec(DEFAULT_PRIORITY_POLICY)).toBe(300);
  });

  it('refuses a policy without aging', () => {
    expect(() => new AssistanceQueue({ ...DEFAULT_PRIORITY_POLICY, agingPerSec: 0 }, new FakeClock())).toThrow(/starve/);
  });
});

describe('AssistanceQueue', () => {
  it('serves a VIP who just arrived before a standard customer who waited less than the head start', () => {
    const clock = new FakeClock();
    const queue = new AssistanceQueue(DEFAULT_PRIORITY_POLICY, clock);
    const standard = request(clock);
    queue.enqueue(standard);
    clock.advanceSec(100);
    const vip = request(clock, { priorityClass: 'vip' });
    queue.enqueue(vip);
    expect(queue.nextFor(expert())?.requestId).toBe(vip.requestId);
    expect(queue.positionOf(standard.requestId)).toBe(2);
  });

  it('lets a standard customer who waited longer than the head start go first (aging)', () => {
    const clock = new FakeClock();
    const queue = new AssistanceQueue(DEFAULT_PRIORITY_POLICY, clock);
    const standard = request(clock);
    queue.enqueue(standard);
    clock.advanceSec(121);
    queue.enqueue(request(clock, { priorityClass: 'vip' }));
    expect(queue.nextFor(expert())?.requestId).toBe(standard.requestId);
    expect(queue.positionOf(standard.requestId)).toBe(1);
  });

  it('breaks ties by arrival, then id', () => {
    const clock = new FakeClock();
    const queue = new AssistanceQueue(DEFAULT_PRIORITY_POLICY, clock);
    const [a, b] = [request(clock), request(clock)];
    queue.enqueue(b);
    queue.enqueue(a);
    expect(queue.ordered().map((r) => r.requestId)).toEqual([a.requestId, b.requestId]);
  });

  it('routes by language and topic skills', () => {
    const clock = new FakeClock();
    const queue = new AssistanceQueue(DEFAULT_PRIORITY_POLICY, clock);
    const english = request(clock, { language: 'en', topic: 'loans' });
    const chinese = request(clock, { language: 'zh-CN', topic: 'cards' });
    queue.enqueue(english);
    queue.enqueue(chinese);
    expect(queue.nextFor(expert({ languages: ['en'], topics: ['loans'] }))?.requestId).toBe(english.requestId);
    expect(queue.nextFor(expert({ languages: ['zh-CN'], topics: ['loans'] }))).toBeUndefined();
    expect(queue.eligibleFor(expert({ languages: ['zh-CN'], topics: ['cards'] })).map((r) => r.requestId)).toEqual([chinese.requestId]);
  });

  it('gives a transferred request only to its target, whatever the skills', () => {
    const clock = new FakeClock();
    const target = { kind: 'staff' as const, staffId: 'e2' };
    const moved = request(clock, { transfer: { fromDisplayName: 'A', target } });
    expect(isEligible(expert({ staffId: 'e1' }), moved)).toBe(false);
    expect(isEligible(expert({ staffId: 'e2', languages: [], topics: [] }), moved)).toBe(true);
    const toSupervisor = request(clock, { transfer: { fromDisplayName: 'A', target: { kind: 'supervisor' } } });
    expect(isEligible(expert({ role: 'expert' }), toSupervisor)).toBe(false);
    expect(isEligible(expert({ role: 'supervisor', languages: [] }), toSupervisor)).toBe(true);
    expect(isEligible(expert({ role: 'admin', languages: [] }), toSupervisor)).toBe(true);
  });

  it('counts positions per line: same language, or same transfer target', () => {
    const clock = new FakeClock();
    const queue = new AssistanceQueue(DEFAULT_PRIORITY_POLICY, clock);
    const zh1 = request(clock);
    const en1 = request(clock, { language: 'en' });
    const zh2 = request(clock);
    const moved = request(clock, { transfer: { fromDisplayName: 'A', target: { kind: 'supervisor' } } });
    [zh1, en1, zh2, moved].forEach((r) => queue.enqueue(r));
    expect([zh1, en1, zh2, moved].map((r) => queue.positionOf(r.requestId))).toEqual([1, 1, 2, 1]);
    expect([zh1, en1, zh2, moved].map((r) => queue.positions().get(r.requestId))).toEqual([1, 1, 2, 1]);
    expect(queue.positionOf('missing')).toBeUndefined();
  });

  it('finds, removes and reports the longest wait', () => {
    const clock = new FakeClock();
    const queue = new AssistanceQueue(DEFAULT_PRIORITY_POLICY, clock);
    expect(queue.longestWaitMs()).toBe(0);
    const first = request(clock);
    queue.enqueue(first);
    clock.advanceSec(40);
    queue.enqueue(request(clock));
    expect(queue.longestWaitMs()).toBe(40_000);
    expect(queue.findByKiosk(first.kioskId)?.requestId).toBe(first.requestId);
    expect(() => queue.enqueue(first)).toThrow(/already waiting/);
    expect(queue.remove(first.requestId)?.requestId).toBe(first.requestId);
    expect(queue.size).toBe(1);
    expect(queue.longestWaitMs()).toBe(0);
  });
});
