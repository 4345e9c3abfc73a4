// A manual clock for tests: time moves only when the test calls `advance`, and timers due
// by then fire in due order.
import type { Clock, TimerHandle } from '../clock.js';

interface Pending {
  id: number;
  dueAt: number;
  callback: () => void;
}

export class FakeClock implements Clock {
  private current: number;
  private nextId = 0;
  private pending: Pending[] = [];

  constructor(start = Date.UTC(2026, 10, 23, 9, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = ++this.nextId;
    this.pending.push({ id, dueAt: this.current + Math.max(0, delayMs), callback });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.pending = this.pending.filter((timer) => timer.id !== handle.id);
  }

  get pendingTimers(): number {
    return this.pending.length;
  }

  /** Moves time forward, firing every timer that falls due, including ones set meanwhile. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.pending.filter((t) => t.dueAt <= target).sort((a, b) => a.dueAt - b.dueAt || a.id - b.id)[0];
      if (!due) break;
      this.pending = this.pending.filter((t) => t.id !== due.id);
      this.current = Math.max(this.current, due.dueAt);
      due.callback();
    }
    this.current = target;
  }

  advanceSec(seconds: number): void {
    this.advance(seconds * 1000);
  }
}
