// Runs the SLA clocks of open requests. A breach is reported once per rule and wait (to the
// supervisor feed and to storage by the caller); the timers of a request stop when it is
// answered (answer rules) or closed (all rules).
import type { Clock, TimerHandle } from '../clock.js';
import type { SlaKind } from '../../../protocol/assist-values.js';
import { rulesFor, type SlaRule, type SlaSubject } from './sla-rules.js';

export interface SlaBreachEvent {
  requestId: string;
  kioskId: string;
  ruleId: string;
  kind: SlaKind;
  dueAt: number;
  breachedAt: number;
}

interface Tracked {
  subject: SlaSubject;
  timers: Map<string, { kind: SlaKind; handle: TimerHandle }>;
}

export class SlaMonitor {
  private readonly tracked = new Map<string, Tracked>();
  private breachCount = 0;
  private readonly recent: SlaBreachEvent[] = [];

  constructor(
    private readonly rules: readonly SlaRule[],
    private readonly clock: Clock,
    private readonly onBreach: (breach: SlaBreachEvent) => void,
    private readonly keepRecent = 20,
  ) {}

  /**
   * A new request: starts every matching rule, counted from `requestedAt`. `breachedAlready`:
   * rules another hub instance reported for this request before its clocks moved here.
   */
  open(subject: SlaSubject, requestedAt: number, breachedAlready: ReadonlySet<string> = new Set()): void {
    this.close(subject.requestId);
    this.tracked.set(subject.requestId, { subject, timers: new Map() });
    for (const rule of rulesFor(this.rules, subject)) if (!breachedAlready.has(rule.id)) this.start(subject.requestId, rule, requestedAt);
  }

  isTracking(requestId: string): boolean {
    return this.tracked.has(requestId);
  }

  /** An expert accepted: answer clocks stop, resolve clocks keep running. */
  answered(requestId: string): void {
    const entry = this.tracked.get(requestId);
    if (!entry) return;
    for (const [ruleId, timer] of entry.timers) {
      if (timer.kind !== 'answer') continue;
      this.clock.clearTimeout(timer.handle);
      entry.timers.delete(ruleId);
    }
  }

  /** Back in the queue (transfer, expert lost): answer clocks restart from `since`. */
  waitingAgain(requestId: string, since: number): void {
    const entry = this.tracked.get(requestId);
    if (!entry) return;
    this.answered(requestId);
    for (const rule of rulesFor(this.rules, entry.subject)) if (rule.kind === 'answer') this.start(requestId, rule, since);
  }

  /** Closed for good: every clock stops. */
  close(requestId: string): void {
    const entry = this.tracked.get(requestId);
    if (!entry) return;
    for (const timer of entry.timers.values()) this.clock.clearTimeout(timer.handle);
    this.tracked.delete(requestId);
  }

  get totalBreaches(): number {
    return this.breachCount;
  }

  /** Newest last. */
  recentBreaches(): readonly SlaBreachEvent[] {
    return this.recent;
  }

  private start(requestId: string, rule: SlaRule, from: number): void {
    const entry = this.tracked.get(requestId);
    if (!entry) return;
    const dueAt = from + rule.withinSec * 1000;
    const handle = this.clock.setTimeout(() => this.breach(requestId, rule, dueAt), dueAt - this.clock.now());
    entry.timers.set(rule.id, { kind: rule.kind, handle });
  }

  private breach(requestId: string, rule: SlaRule, dueAt: number): void {
    const entry = this.tracked.get(requestId);
    if (!entry) return;
    entry.timers.delete(rule.id);
    const event: SlaBreachEvent = {
      requestId,
      kioskId: entry.subject.kioskId,
      ruleId: rule.id,
      kind: rule.kind,
      dueAt,
      breachedAt: this.clock.now(),
    };
    this.breachCount += 1;
    this.recent.push(event);
    if (this.recent.length > this.keepRecent) this.recent.shift();
    this.onBreach(event);
  }
}
